"""`mteja import FILE` and `mteja export --output FILE` given paths that are no plain file to
read, or that cannot be written: one line on standard error and a non-zero exit, never a
traceback, a command waiting for ever, or a file that is half of what it says (decision 253)."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.clients.bulk.test_cli_refusals import mteja
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.bulk.export import ClientExport
from mteja.clients.management.paths import readable_file
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

NOT_A_FILE = "is a device or a socket, not a file.\n"


def test_a_missing_file_or_a_directory_is_named_in_a_line(
    tmp_path, admin_user, monkeypatch, capsys
):
    user = admin_user.username
    missing = tmp_path / "clients.csv"
    assert mteja(monkeypatch, capsys, "import", str(missing), "--user", user) == (
        1,
        f"CommandError: No file {missing}.\n",
    )
    assert mteja(monkeypatch, capsys, "import", str(tmp_path), "--user", user) == (
        1,
        f"CommandError: {tmp_path} is a directory, not a file.\n",
    )
    assert not ImportJob.objects.exists()


def test_a_device_is_refused_before_a_byte_of_it_is_read(
    tmp_path, admin_user, monkeypatch, capsys, settings
):
    """/dev/zero was read up to the import limit (512 MB by default) before it was refused; a
    terminal's device waited on the keyboard. (A pipe is read: test_job_cli.py.)"""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    refused = (1, f"CommandError: /dev/zero {NOT_A_FILE}")
    assert mteja(monkeypatch, capsys, "import", "/dev/zero", "--user", admin_user.username) == (
        refused
    )
    assert not ImportJob.objects.exists()


def test_a_link_is_read_as_the_file_it_names(tmp_path, admin_user, kibera, monkeypatch, capsys):
    """The operator's own rights are the gate, as for `cat`: a link to a file they may read
    is imported; a link to nothing is a missing file."""
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(2))
    (tmp_path / "linked.csv").symlink_to(source)
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "gone.csv")
    user = admin_user.username
    assert mteja(monkeypatch, capsys, "import", str(tmp_path / "linked.csv"), "--user", user) == (
        0,
        "",
    )
    assert Client.objects.count() == 2
    dangling = tmp_path / "dangling.csv"
    assert mteja(monkeypatch, capsys, "import", str(dangling), "--user", user) == (
        1,
        f"CommandError: No file {dangling}.\n",
    )


def test_a_pipe_is_not_opened_by_the_look_before_the_import(tmp_path):
    """The look at a pipe (`mteja import <(zcat …)`) leaves its writer waiting for the
    import's own reading: opened and closed at once to see, it let the writer on to write to
    no reader, and the import's open then waited for ever (a CI run hung so)."""
    pipe = tmp_path / "clients.csv"
    os.mkfifo(pipe)
    writer_on = threading.Event()

    def write():
        with pipe.open("wb") as out:
            writer_on.set()
            out.write(b"clients")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with readable_file(pipe) as judged:
            assert os.path.samefile(judged, pipe)
            assert not writer_on.wait(timeout=1)  # still waiting for a reader
            # The import's own reading, opened without waiting (should the writer be gone).
            reading = os.open(judged, os.O_RDONLY | os.O_NONBLOCK)
    finally:
        writer.join(timeout=10)
        os.set_blocking(reading, True)
        received = os.read(reading, 100)
        os.close(reading)
    assert received == b"clients"  # all of it, as the writer wrote it


def test_a_file_its_operator_may_not_read_is_refused_in_a_line(tmp_path):
    """Run without the right to read the file (when the tests run as root, whom no file
    mode stops, without the capabilities that let root read any file). Refused before the
    database is asked anything."""
    folder = tmp_path / "shared"
    folder.mkdir()
    secret = folder / "clients.csv"
    secret.write_bytes(client_file(1))
    secret.chmod(0)
    as_root = os.geteuid() == 0
    no_reading_rights = [
        "setpriv",
        "--inh-caps=-all",
        "--bounding-set=-dac_override,-dac_read_search",
    ]
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "MTEJA_VAR_DIR": str(folder),  # no database there: none is needed to refuse
        "DATABASE_URL": "",
    }
    finished = subprocess.run(  # noqa: S603
        [
            *(no_reading_rights if as_root else []),
            sys.executable,
            "-m",
            "mteja.cli",
            "import",
            str(secret),
            "--user",
            "admin",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        env=environment,
        cwd=folder,
        timeout=120,
        check=False,
    )
    assert (finished.returncode, finished.stderr) == (
        1,
        f"CommandError: Cannot read {secret}: permission denied\n",
    )


@pytest.fixture
def earlier_export(tmp_path) -> Path:
    target = tmp_path / "clients.csv"
    target.write_text("an earlier export\n")
    return target


def test_an_export_stopped_by_a_full_disk_is_a_line_and_leaves_the_old_file(
    admin_user, make_client, kibera, monkeypatch, capsys, earlier_export
):
    """It was a traceback, and the file at --output was left cut short."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    chunks = ClientExport.chunks

    def disk_full_after_the_first_chunk(export):
        written = chunks(export)
        yield next(written)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ClientExport, "chunks", disk_full_after_the_first_chunk)
    args = ("export", "--user", admin_user.username, "--output", str(earlier_export))
    assert mteja(monkeypatch, capsys, *args) == (
        1,
        f"CommandError: Cannot write to {earlier_export}: No space left on device\n",
    )
    assert earlier_export.read_text() == "an earlier export\n"
    assert [path.name for path in earlier_export.parent.iterdir()] == ["clients.csv"]


def test_a_device_that_refuses_writes_is_a_line(
    admin_user, make_client, kibera, monkeypatch, capsys
):
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    args = ("export", "--user", admin_user.username, "--output", "/dev/full")
    assert mteja(monkeypatch, capsys, *args) == (
        1,
        "CommandError: Cannot write to /dev/full: No space left on device\n",
    )


def test_an_export_replaces_an_existing_file_once_whole_keeping_its_mode(
    admin_user, make_client, kibera, monkeypatch, capsys, earlier_export
):
    """Replaced (a daily export to one name is the usual use; a script cannot answer a
    question), readable by no more people than the file it replaces."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    earlier_export.chmod(0o600)
    args = ("export", "--user", admin_user.username, "--output", str(earlier_export))
    assert mteja(monkeypatch, capsys, *args) == (0, "1 client exported.\n")
    assert "Njeri" in earlier_export.read_text(encoding="utf-8-sig")
    assert earlier_export.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in earlier_export.parent.iterdir()] == ["clients.csv"]


def test_a_link_at_the_output_is_replaced_not_written_through(
    tmp_path, admin_user, make_client, kibera, monkeypatch, capsys
):
    """A link left in a shared folder cannot aim the export at another file."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    aimed_at = tmp_path / "accounts.txt"
    aimed_at.write_text("not to be overwritten\n")
    link = tmp_path / "clients.csv"
    link.symlink_to(aimed_at)
    args = ("export", "--user", admin_user.username, "--output", str(link))
    assert mteja(monkeypatch, capsys, *args) == (0, "1 client exported.\n")
    assert aimed_at.read_text() == "not to be overwritten\n"
    assert not link.is_symlink() and "Njeri" in link.read_text(encoding="utf-8-sig")


def test_an_import_whose_result_cannot_be_written_says_how_the_job_ended(
    tmp_path, admin_user, kibera, monkeypatch, capsys
):
    """The rows are imported; only the file is missing: the line says both (a traceback
    said neither)."""
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(2))
    args = ("import", str(source), "--user", admin_user.username, "--result", "/dev/full")
    status, err = mteja(monkeypatch, capsys, *args)
    job = ImportJob.objects.get()
    assert (status, err) == (
        1,
        f"CommandError: Import job {job.pk} completed. Cannot write the result to /dev/full: "
        "No space left on device\n",
    )
    assert Client.objects.count() == 2


@pytest.mark.parametrize(
    ("where", "why"),
    [("missing/result.csv", "no directory {tmp}/missing"), (".", "it is a directory")],
)
def test_a_result_path_that_cannot_be_written_is_refused_before_the_import(
    tmp_path, admin_user, kibera, monkeypatch, capsys, where, why
):
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(2))
    result = tmp_path / where
    args = ("import", str(source), "--user", admin_user.username, "--result", str(result))
    assert mteja(monkeypatch, capsys, *args) == (
        1,
        f"CommandError: Cannot write the result to {result}: {why.format(tmp=tmp_path)}\n",
    )
    assert not ImportJob.objects.exists()
    assert not Client.objects.exists()
