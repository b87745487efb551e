"""`mteja import FILE --user U`: the import as a job in the foreground, a progress bar on
stderr, and `--resume JOB` after the command was killed."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from tests.clients.bulk.files import stopped_in_the_second_batch
from tests.clients.bulk.test_jobs import DEAD_WORKER, Killed, client_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cli_runs_a_job_with_a_progress_bar(tmp_path, admin_user, kibera, capsys):
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(3, bad_lines={3}))
    terminal = Terminal()
    call_command("import", str(source), "--user", admin_user.username, stderr=terminal)
    summary = json.loads(capsys.readouterr().out)
    assert (summary["imported"], summary["invalid"], summary["totalRecords"]) == (2, 1, 3)
    err = terminal.getvalue()
    assert "\r[" in err and "100% importing 3/3 rows" in err
    job = ImportJob.objects.get(pk=summary["importId"])
    assert (job.status, job.file_name, job.created_by) == ("completed", "clients.csv", admin_user)


def test_the_cli_resumes_a_killed_import_without_duplicates(
    tmp_path, admin_user, kibera, monkeypatch, capsys
):
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(5))
    killed_then_resumed(source, admin_user, monkeypatch, capsys)
    assert sorted(Client.objects.values_list("external_id", flat=True)) == [
        f"JOB-{line}" for line in range(2, 7)
    ]


def killed_then_resumed(source, user, monkeypatch, capsys) -> None:
    """`mteja import` of `source` (five clients) killed in its second batch, then
    `--resume`: the five clients once each, the result file saying so of each row."""
    resumable = stopped_in_the_second_batch(monkeypatch, Killed)
    with pytest.raises(CommandError, match="failed"):
        call_command("import", str(source), "--user", user.username, "--no-progress")
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=DEAD_WORKER)
    assert Client.objects.count() == 2
    resumable()
    result = source.parent / "result.csv"
    call_command("import", "--resume", str(job.pk), "--result", str(result), "--no-progress")
    assert json.loads(capsys.readouterr().out)["imported"] == 5  # the whole job's
    assert Client.objects.count() == 5
    lines = result.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 6 and all("Imported as" in line for line in lines[1:])


def test_a_result_file_that_cannot_be_written_is_refused_before_anything_is_imported(
    tmp_path, admin_user, kibera
):
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(2))
    result = tmp_path / "missing" / "result.csv"
    with pytest.raises(CommandError, match="Cannot write the result"):
        call_command("import", str(source), "--user", admin_user.username, "--result", str(result))
    assert not ImportJob.objects.exists() and not Client.objects.exists()


@pytest.mark.parametrize("job", ["0", "-1", "999999"])
def test_resuming_a_job_that_does_not_exist_says_so(job):
    with pytest.raises(CommandError, match=f"No import job {job}."):
        call_command("import", "--resume", job)


def test_the_cli_imports_a_file_read_from_a_pipe(tmp_path, admin_user, kibera, capsys):
    """`mteja import <(zcat clients.csv.gz)`: the shell hands a pipe, which cannot be read
    twice (the file's kind was read from its first bytes, then the whole copied from its
    start): "File or stream is not seekable."."""
    import os
    import threading

    pipe = tmp_path / "clients.csv"
    os.mkfifo(pipe)

    def write():
        with pipe.open("wb") as out:
            out.write(client_file(3))

    writer = threading.Thread(target=write)
    writer.start()
    try:
        call_command("import", str(pipe), "--user", admin_user.username, "--no-progress")
    finally:
        writer.join(timeout=10)
    assert json.loads(capsys.readouterr().out)["imported"] == 3
    assert Client.objects.count() == 3
    assert ImportJob.objects.get().file_name == "clients.csv"
