"""On SQLite (the default database), a download streaming an export keeps no writer
waiting: its read takes no write lock, so imports, edits and the job worker's poll go on.

Its transactions begin IMMEDIATE (settings.py): an export read inside one held the write
lock from its first row to its last, and writers failed with "database is locked" once
busy_timeout ran out — the job worker among them, which then died. Real processes on a
database file, as a server runs."""

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")

READER = textwrap.dedent("""
    import sys
    import django
    django.setup()
    from mteja.clients.bulk import download, export
    from mteja.users.models import AppUser
    export.READ_ROWS = 10  # the export is still reading after its first chunks
    user = AppUser.objects.get(username="admin")
    chunks = download.export_of(user, {"format": "csv"}).column_chunks()
    next(chunks), next(chunks)
    print("reading", flush=True)
    sys.stdin.readline()
    print(sum(1 for _chunk in chunks), flush=True)
""")


def mteja(env, *args):
    done = subprocess.run([sys.executable, "-m", "mteja.cli", *args], env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]


def test_another_process_writes_while_an_export_streams(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "mteja.settings", "MTEJA_VAR_DIR": str(tmp_path),
            "MTEJA_ADMIN_PASSWORD": "mvua-ya-masika-inanyesha-sana"}  # fmt: skip
    mteja(env, "migrate", "-v0")
    mteja(env, "createadmin")
    rows = [f"Head Office,Asha,Njeri{i},EXP-{i},2024-01-10" for i in range(40)]
    (tmp_path / "clients.csv").write_text(
        "\n".join(["office,firstname,lastname,externalId,submittedOnDate", *rows])
    )
    mteja(env, "import", str(tmp_path / "clients.csv"), "--user", "admin", "--no-progress")
    reader = subprocess.Popen([sys.executable, "-c", READER], env=env, text=True,  # noqa: S603
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
    try:
        assert reader.stdout.readline().strip() == "reading"
        # A writer takes the write lock at once, as another worker's transaction would.
        writer = sqlite3.connect(tmp_path / "mteja.sqlite3", timeout=0.5)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE clients_client SET mobile_no = '0712000000' WHERE id = 1")
        writer.commit()
        writer.close()
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip().isdigit()  # the export read to its end
    finally:
        reader.kill()
        reader.wait()
