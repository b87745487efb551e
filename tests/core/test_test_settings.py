"""The test suite's files are its own: never the var/ a running `make run` uses."""

from pathlib import Path

from django.conf import settings

import mteja

SHARED_VAR = Path(mteja.__file__).resolve().parent.parent.parent / "var"


def test_the_tests_have_their_own_var_directory():
    var = Path(settings.VAR_DIR).resolve()
    assert var != SHARED_VAR.resolve()
    for path in (settings.STATIC_ROOT, settings.MEDIA_ROOT):
        assert Path(path).resolve().is_relative_to(var)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        assert not Path(str(database["NAME"])).resolve().is_relative_to(SHARED_VAR.resolve())


def test_a_worker_keeps_its_database_connection_between_requests(settings):
    """A connection per request would cost PostgreSQL a new backend process and SQLite its
    file and pragmas on every call; a dropped one is replaced after a check."""
    from django.db import connection

    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
