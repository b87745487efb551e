"""SQLite's CSV lines read range by range on two connections at once (bulk/read_ahead.py,
decision 295): the same file as the rows written in Python, byte for byte, whatever the
ranges' and blocks' sizes, for every column, custom fields, a search and a branch's parts;
a download stopped halfway leaves no thread, transaction or lock behind; a failure of the
second connection's reading reaches the download; and the file is the clients as they were
when the part began, however others write meanwhile (a real database file, real processes)."""

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest
from django.db import connection
from tests.clients.bulk import test_copied_csv as hostile
from tests.clients.bulk.test_copied_csv import both_files

from mteja.clients.bulk import lined, read_ahead
from mteja.clients.bulk.export import ClientExport, chosen_columns
from mteja.clients.models import Client

pytestmark = [
    # Committed rows: a second connection sees no transaction of the test's own.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the lines are SQLite's"),
]

institution = hostile.institution  # the fixtures
survey = hostile.survey


def readers_left() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith("mteja-read")]


@pytest.fixture
def read_by_the_second(monkeypatch):
    """The ranges the second connection read, counted (each a list of blocks)."""
    counted = []
    collected = read_ahead._collected

    def counting(*args):
        counted.append(collected(*args))
        return counted[-1]

    monkeypatch.setattr(read_ahead, "_collected", counting)
    return counted


@pytest.mark.parametrize(("range_rows", "block"), [(1, 1), (1, 2), (2, 1), (2, 3), (3, 2)])
def test_ranges_read_on_two_connections_give_the_file_written_in_python(
    admin_user, institution, read_by_the_second, monkeypatch, range_rows, block
):
    monkeypatch.setattr(read_ahead, "RANGE_ROWS", range_rows)
    monkeypatch.setattr(lined, "READ_ROWS", block)
    by_database, in_python = both_files(admin_user, monkeypatch=monkeypatch)
    assert by_database == in_python
    assert read_by_the_second  # the second connection read the odd ranges
    assert not readers_left()


def test_custom_fields_a_search_and_a_branch_give_the_same_file(
    admin_user, make_user, kibera, institution, survey, read_by_the_second, monkeypatch
):
    monkeypatch.setattr(read_ahead, "RANGE_ROWS", 1)
    clerk = make_user(("READ_CLIENT", "READ_ADDRESS", "EXPORT_CLIENT"), office=kibera)
    columns = "firstname,survey.occupation,survey.has_water,address.city,survey.rooms"
    for user, filters in ((admin_user, {}), (clerk, {}), (admin_user, {"search": "a"})):
        by_database, in_python = both_files(user, columns, filters, monkeypatch)
        assert by_database == in_python
    assert read_by_the_second


def test_a_download_stopped_halfway_leaves_no_reading_behind(
    admin_user, institution, read_by_the_second, monkeypatch
):
    """No thread left, and a writer writes at once: neither connection still holds its
    read transaction (a shared-cache test database refuses a write to a table being read)."""
    monkeypatch.setattr(read_ahead, "RANGE_ROWS", 1)
    monkeypatch.setattr(lined, "READ_ROWS", 1)
    export = ClientExport(user=admin_user, filters={}, columns=chosen_columns(None),
                          file_format="csv")  # fmt: skip
    chunks = export.chunks()
    next(chunks), next(chunks)
    chunks.close()
    assert not readers_left()
    assert not connection.connection.in_transaction
    Client.objects.filter(pk=institution[-1].pk).update(mobile_no="0712000000")
    assert Client.objects.get(pk=institution[-1].pk).mobile_no == "0712000000"


def test_a_failure_of_the_second_connections_reading_reaches_the_download(
    admin_user, institution, monkeypatch
):
    monkeypatch.setattr(read_ahead, "RANGE_ROWS", 1)

    def failing(read, second, bounds, stop):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(read_ahead, "_collected", failing)
    export = ClientExport(user=admin_user, filters={}, columns=chosen_columns(None),
                          file_format="csv")  # fmt: skip
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        b"".join(export.chunks())
    assert not readers_left()
    assert not connection.connection.in_transaction


READER = textwrap.dedent("""
    import sys
    import django
    django.setup()
    from mteja.clients.bulk import download, lined, read_ahead
    from mteja.users.models import AppUser
    read_ahead.RANGE_ROWS = 3  # ranges read on both connections
    lined.READ_ROWS = 2  # the export is still reading after its first block
    user = AppUser.objects.get(username="admin")
    chunks = download.export_of(user, {"format": "csv"}).chunks()
    first = next(chunks)
    print("reading", flush=True)
    sys.stdin.readline()
    sys.stdout.buffer.write(first + b"".join(chunks))
""")


def _mteja(env, *args):
    done = subprocess.run([sys.executable, "-m", "mteja.cli", *args], env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_file_is_the_clients_as_they_were_when_it_began(tmp_path):
    """A writer changes, adds and deletes clients of the ranges still to read while the
    download streams: it writes at once, and the file holds none of it (both connections
    read the snapshot taken before the first row)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "mteja.settings", "MTEJA_VAR_DIR": str(tmp_path),
            "MTEJA_ADMIN_PASSWORD": "mvua-ya-masika-inanyesha-sana"}  # fmt: skip
    _mteja(env, "migrate", "-v0")
    _mteja(env, "createadmin")
    rows = [f"Head Office,Asha,Njeri{i},EXP-{i},2024-01-10" for i in range(30)]
    (tmp_path / "clients.csv").write_text(
        "\n".join(["office,firstname,lastname,externalId,submittedOnDate", *rows])
    )
    _mteja(env, "import", str(tmp_path / "clients.csv"), "--user", "admin", "--no-progress")

    def exported(write=None) -> bytes:
        reader = subprocess.Popen([sys.executable, "-c", READER], env=env,  # noqa: S603
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
        try:
            assert reader.stdout.readline().strip() == b"reading"
            if write:
                writer = sqlite3.connect(tmp_path / "mteja.sqlite3", timeout=0.5)
                writer.execute("BEGIN IMMEDIATE")  # the write lock at once, or an error
                writer.execute(write)
                writer.commit()
                writer.close()
            reader.stdin.write(b"\n")
            reader.stdin.close()
            data = reader.stdout.read()
            assert reader.wait(timeout=120) == 0
            return data
        finally:
            reader.kill()
            reader.wait()

    for write, made in (
        ("UPDATE clients_client SET lastname = 'Changed' WHERE lastname LIKE 'Njeri2%'",
         b"Changed"),
        ("DELETE FROM clients_client WHERE lastname = 'Njeri19'", b"Njeri19"),
    ):  # fmt: skip
        before = exported()
        assert exported(write) == before
        assert (made in before) != (made in exported())  # it was written
