"""Two imports at once: two different files, each in its own process as two workers (or two
shells) run them, both complete (PostgreSQL: they learnt shared search words in orders of
their own and deadlocked); and a batch that a deadlock rolled back is written again."""

import os
import random
import subprocess
import sys

import pytest
from django.db import OperationalError, connection
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import ClientImport, import_clients
from mteja.clients.models import Client, ImportJob

SYLLABLES = ("ka", "mu", "ti", "wa", "ngo", "ri", "ba", "che", "ki", "mo", "ny", "ja")


def people_file(path, prefix: str, seed: int, rows: int = 3000):
    """Names drawn from one pool of made-up words: the two files share many words."""
    pool = random.Random(7)
    names = sorted(
        {"".join(pool.choice(SYLLABLES) for _ in range(4)).title() for _ in range(20000)}
    )
    pick = random.Random(seed)
    lines = ["office,firstname,lastname,externalId,submittedOnDate"]
    lines += [f"Head Office,{pick.choice(names)},{pick.choice(names)},{prefix}-{i},2024-01-10"
              for i in range(rows)]  # fmt: skip
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


@pytest.mark.skipif(connection.vendor != "postgresql", reason="processes need a server")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_files_imported_at_once_by_two_processes_both_complete(admin_user, tmp_path):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "MTEJA_VAR_DIR": str(tmp_path), "DATABASE_URL": url}
    files = [people_file(tmp_path / "a.csv", "A", 1), people_file(tmp_path / "b.csv", "B", 2)]
    runs = [
        subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "mteja.cli",
                "import",
                str(path),
                "--user",
                admin_user.username,
                "--no-progress",
            ],
            env={**env, "PYTHONHASHSEED": str(seed)},  # two processes, two orders of a set
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for seed, path in enumerate(files, start=1)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-800:] for _out, err in outputs]
    assert sorted(ImportJob.objects.values_list("status", flat=True)) == ["completed"] * 2
    assert Client.objects.count() == 6000


@pytest.mark.django_db
def test_a_batch_a_deadlock_rolled_back_is_written_again(admin_user, kibera, monkeypatch):
    class Deadlock(Exception):
        sqlstate = "40P01"

    write = ClientImport._write
    calls = []

    def deadlocked_once(self, *args, **kwargs):
        calls.append(args)
        write(self, *args, **kwargs)  # written, then refused: the transaction rolls back
        if len(calls) == 1:
            raise OperationalError("deadlock detected") from Deadlock()

    monkeypatch.setattr(ClientImport, "_write", deadlocked_once)
    data = csv_file("office,firstname,lastname,externalId,submittedOnDate",
                    "Kibera,Asha,Njeri,D-1,2024-01-10",
                    "Kibera,Baraka,Otieno,,2024-01-10")  # fmt: skip
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "imported"]
    assert len(calls) == 2
    assert Client.objects.count() == 2
