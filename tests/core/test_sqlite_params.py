"""None and booleans reach SQLite through the adapters registered at start-up, bound as the
driver binds them without: NULL, 1 and 0."""

import sqlite3

from mteja.core import sqlite_params


def test_none_and_booleans_have_adapters_once_the_app_started():
    for kind in (type(None), bool):
        assert (kind, sqlite3.PrepareProtocol) in sqlite3.adapters


def test_they_are_stored_as_without_adapters():
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE t (a, b, c, d)")
    row = (None, True, False, 7)
    database.execute("INSERT INTO t VALUES (?, ?, ?, ?)", row)
    database.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [row])
    stored = database.execute("SELECT typeof(a), b, typeof(b), c, d FROM t").fetchall()
    assert stored == [("null", 1, "integer", 0, 7)] * 2
    sqlite_params.install()  # again: nothing changes
    assert database.execute("SELECT ?, ?", (None, True)).fetchone() == (None, 1)
