"""On SQLite (the default database) an import outwaits another writer that holds the
database for longer than a transaction's busy_timeout (10 s: a long `mteja reindex`, another
import): its batch is tried again until MTEJA_IMPORT_LOCK_WAIT has passed, its progress
saying it waits, and it completes with every row once. It failed after the 10 s with
"database is locked" (decision 269). Real processes on a database file, as a server runs."""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from django.db import OperationalError, connection
from django.utils import translation
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.progress import text_bar
from mteja.clients.imports.services import import_job_create
from mteja.core import lock_wait

ROWS = 30
HELD_FOR = 14  # seconds: longer than busy_timeout (10 s), the old limit

IMPORTER = textwrap.dedent(f"""
    import json, sys
    import django
    django.setup()
    from mteja.clients.imports import running
    from mteja.clients.imports.services import import_job_create
    from mteja.users.models import AppUser
    running.BATCH_SIZE = 10
    rows = [f"Head Office,Asha,Njeri{{i}},WAIT-{{i}},2024-01-10" for i in range({ROWS})]
    data = "\\n".join(["office,firstname,lastname,externalId,submittedOnDate", *rows]).encode()
    admin = AppUser.objects.get(username="admin")
    job = import_job_create(actor=admin, data=data, file_name="a.csv", run_here=True)
    print("claimed", flush=True)
    sys.stdin.readline()  # the other writer holds the database now

    def show(job):  # (told in the import's lanes too: forked, they share this output)
        if job.database_wait is not None:
            print("waiting", round(job.database_wait), flush=True)

    job = running.run_job(job.pk, claimed=True, on_progress=show)
    print(json.dumps({{"status": job.status, "error": job.error, "outcomes": job.outcomes}}),
          flush=True)
""")


def mteja(env, *args):
    done = subprocess.run([sys.executable, "-m", "mteja.cli", *args], env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")
def test_an_import_outwaits_a_writer_holding_the_database_past_busy_timeout(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "mteja.settings", "MTEJA_VAR_DIR": str(tmp_path),
            "MTEJA_ADMIN_PASSWORD": "mvua-ya-masika-inanyesha-sana",
            "MTEJA_IMPORT_LOCK_WAIT": "120"}  # fmt: skip
    mteja(env, "migrate", "-v0")
    mteja(env, "createadmin")
    importer = subprocess.Popen([sys.executable, "-c", IMPORTER], env=env, text=True,  # noqa: S603
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
    try:
        assert importer.stdout.readline().strip() == "claimed"
        database = sqlite3.connect(tmp_path / "mteja.sqlite3", timeout=30)
        database.execute("BEGIN IMMEDIATE")  # another writer: a long reindex, as it were
        database.execute("UPDATE clients_importjob SET file_name = file_name")
        importer.stdin.write("\n")
        importer.stdin.flush()
        time.sleep(HELD_FOR)
        database.commit()
        told = [line.split() for line in iter(importer.stdout.readline, "")]
        ended = json.loads(" ".join(told.pop()))
        assert importer.wait(timeout=600) == 0
    finally:
        importer.kill()
        importer.wait()
    assert (ended["status"], ended["error"]) == ("completed", "")
    assert ended["outcomes"] == {"imported": ROWS}
    waited = [int(seconds) for word, seconds in told if word == "waiting"]
    assert waited and max(waited) >= 10  # its progress said it waited, past busy_timeout
    imported = database.execute(
        "SELECT count(*), count(DISTINCT external_id) FROM clients_client"
        " WHERE external_id LIKE 'WAIT-%'"
    ).fetchone()
    database.close()
    assert imported == (ROWS, ROWS)  # every row, once


def busy() -> OperationalError:
    """Django's error for SQLite's "database is locked", as a refused BEGIN raises it."""
    cause = sqlite3.OperationalError("database is locked")
    cause.sqlite_errorcode = sqlite3.SQLITE_BUSY
    failure = OperationalError("database is locked")
    failure.__cause__ = cause
    return failure


def test_the_wait_is_bounded_and_told(settings, monkeypatch):
    settings.MTEJA_IMPORT_LOCK_WAIT = 30
    now = [1000.0]
    monkeypatch.setattr(lock_wait, "_busy_timeout", lambda: 10.0)
    monkeypatch.setattr(lock_wait.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(lock_wait.time, "sleep", lambda seconds: None)
    told = []
    wait = lock_wait.LockWait(told.append)
    assert wait.again(busy())  # first refused at 10 s (its busy_timeout): tried again
    now[0] += 10
    assert wait.again(busy())
    now[0] += 10
    assert not wait.again(busy())  # 30 s waited: it gives up, the import stops as before
    assert told == [10.0, 20.0]
    assert not lock_wait.LockWait().again(OperationalError("no such table: clients_client"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "waiting for the database, which another writer holds (12 s)"),
        ("fr", "en attente de la base de données, qu’un autre processus écrit (12 s)"),
        ("es", "esperando la base de datos, que otro proceso está escribiendo (12 s)"),
    ],
)
def test_the_progress_bar_says_the_import_waits(clerk, settings, tmp_path, language, said):
    settings.MEDIA_ROOT = tmp_path
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    with translation.override(language):
        assert said not in text_bar(job)
        job.database_wait = 12.4
        assert text_bar(job).endswith(said)
