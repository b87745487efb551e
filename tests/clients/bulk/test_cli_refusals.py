"""`mteja import` and `mteja export` used carelessly: a refusal is one line and a non-zero exit
(a CommandError), never a traceback nor a file that says nothing; a progress bar only on a
terminal; an interruption (SIGTERM as Ctrl-C) says how to resume and exits as the shell
reports a command the signal stopped."""

import io
import json
import os
import signal
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from tests.clients.bulk.files import stopped_in_the_second_batch
from tests.clients.bulk.test_jobs import DEAD_WORKER, client_file

from mteja import cli
from mteja.clients.bulk.export import ClientExport
from mteja.clients.imports import running
from mteja.clients.models import Client, ImportJob
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def mteja(monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    """`mteja ARGV` as a shell runs it: its exit status and what it wrote on standard error."""
    monkeypatch.setattr(connections, "close_all", lambda: None)  # the test's transaction stays
    try:
        status = cli.main(list(argv))
    except SystemExit as exited:
        status = exited.code
    return status, capsys.readouterr().err


@pytest.fixture
def source(tmp_path, kibera):
    path = tmp_path / "clients.csv"
    path.write_bytes(client_file(3, bad_lines={3}))
    return path


@pytest.mark.parametrize(
    ("given", "refusal"),
    [
        ("staus=active", "“staus” is not one of the client list's filters: officeId, "),
        ("active", "--filter takes NAME=VALUE, not 'active'"),
        ("=active", "--filter takes NAME=VALUE"),
        ("officeId=1", "--filter officeId is given twice"),  # not both offices: the last
    ],
)
def test_the_export_refuses_a_filter_it_does_not_know(tmp_path, admin_user, given, refusal):
    target = tmp_path / "clients.csv"
    with pytest.raises(CommandError, match=refusal):
        call_command(
            "export", "--user", admin_user.username, "--output", str(target),
            "--filter", "officeId=1", "--filter", given,
        )  # fmt: skip
    assert not target.exists()
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()


@pytest.mark.parametrize("where", ["missing/clients.csv", "."])
def test_an_export_to_a_path_that_cannot_be_written_is_one_line(tmp_path, admin_user, where):
    with pytest.raises(
        CommandError, match=r"^Cannot write to .*: (No such file or directory|Is a directory)$"
    ):
        call_command("export", "--user", admin_user.username, "--output", str(tmp_path / where))
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()


def test_an_export_whose_reader_has_gone_says_so(tmp_path, admin_user, make_client, kibera):
    """`mteja export | head`: the pipe closed is a line and an exit status, not a traceback."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri")

    class Closed(io.RawIOBase):
        def write(self, data):
            raise BrokenPipeError(32, "Broken pipe")

    devnull = os.open(os.devnull, os.O_WRONLY)
    stdout = type("Stdout", (), {"buffer": Closed(), "fileno": lambda self: devnull})()
    real = sys.stdout
    sys.stdout = stdout
    try:
        with pytest.raises(CommandError, match=r"^The output was closed after reading 1 client\.$"):
            call_command("export", "--user", admin_user.username)
    finally:
        sys.stdout = real
        os.close(devnull)


@pytest.mark.parametrize(
    ("chosen", "status", "err"),
    [
        ("xlsx", 1, "CommandError: An XLSX export is not written to a terminal: give --output "
                    "FILE, or redirect standard output.\n"),
        ("csv", 0, "1 client exported.\n"),
    ],
)  # fmt: skip
def test_a_workbook_is_not_written_to_a_terminal(
    admin_user, make_client, kibera, monkeypatch, capsys, chosen, status, err
):
    """Binary garbage on a terminal (as gzip refuses it): --output is named instead. CSV is
    text, worth reading there."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    screen = type("Screen", (), {"buffer": io.BytesIO(), "isatty": lambda self: True})()
    with monkeypatch.context() as patched:  # put back before capsys is
        patched.setattr(sys, "stdout", screen)
        args = ("export", "--user", admin_user.username, "--format", chosen)
        assert mteja(patched, capsys, *args) == (status, err)
    assert bool(screen.buffer.getvalue()) == (chosen == "csv")
    assert AuditEvent.objects.filter(action_name="EXPORT").exists() == (chosen == "csv")


def test_the_export_counts_its_clients_in_a_sentence(admin_user, make_client, kibera, capsys):
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    call_command("export", "--user", admin_user.username)
    assert capsys.readouterr().err.strip() == "1 client exported."


@pytest.mark.parametrize(
    ("command", "doing", "permission"),
    [("import", "create", "CREATE_CLIENT"), ("export", "export", "EXPORT_CLIENT")],
)
def test_the_user_refused_is_told_why(
    source, make_user, monkeypatch, capsys, command, doing, permission
):
    """A mistyped name, an inactive account and a missing permission are three different
    things for the operator to put right: each its own line (a local command: no one is
    guessing names here)."""
    make_user(username="away", is_active=False)
    make_user(("READ_CLIENT",), username="reader")
    given = [str(source)] if command == "import" else []
    refusals = {
        "nobody": "No user 'nobody'.",
        "away": "User 'away' is inactive.",
        "reader": f"User 'reader' may not {doing} clients (permission {permission}).",
    }
    for username, refusal in refusals.items():
        status, err = mteja(monkeypatch, capsys, command, *given, "--user", username)
        assert (status, err) == (1, f"CommandError: {refusal}\n")
    assert not ImportJob.objects.exists()
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()


def test_the_commands_speak_the_language_of_locale(
    source, tmp_path, admin_user, make_client, kibera, monkeypatch, capsys
):
    """Their own lines follow --locale as the rows' errors do (they were in English alone):
    a refusal, an import's refusal of a file with invalid rows (a locale without a
    --date-format, which it was refused as changing nothing), an export's count."""
    argv = ("import", str(source), "--user", "nobody", "--locale", "fr")
    assert mteja(monkeypatch, capsys, *argv) == (1, "CommandError: Aucun utilisateur 'nobody'.\n")
    everything = ("--all-or-nothing", "--locale", "fr")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(source), "--user", admin_user.username, *everything)
    assert str(refused.value) == (
        "Rien n’a été importé : 1 lignes ne sont pas valides (--all-or-nothing) ; "
        "--result FICHIER écrit pourquoi."
    )
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    output = ("--output", str(tmp_path / "clients.csv"))
    for locale, counted in [("fr", "1 client exporté."), ("es", "1 cliente exportado.")]:
        call_command("export", "--user", admin_user.username, *output, "--locale", locale)
        assert capsys.readouterr().err.strip() == counted


def test_the_progress_bar_is_drawn_on_a_terminal_alone(source, admin_user, capsys):
    """Piped to a log file, the bar's redrawn lines would be carriage-return garbage; on a
    terminal it is uncoloured (standard error's style is an error's) and clears the rest of
    a longer line drawn before it."""
    call_command("import", str(source), "--user", admin_user.username)
    assert capsys.readouterr().err == ""
    terminal = Terminal()
    call_command("import", str(source), "--user", admin_user.username, stderr=terminal)
    drawn = terminal.getvalue()
    assert "\r[" in drawn and "\x1b[K" in drawn and "\x1b[31" not in drawn


def test_all_or_nothing_that_imports_nothing_exits_as_a_refusal(source, admin_user, capsys):
    with pytest.raises(CommandError, match="Nothing imported: 1 rows are invalid"):
        call_command("import", str(source), "--user", admin_user.username, "--all-or-nothing")
    summary = json.loads(capsys.readouterr().out)  # the summary all the same
    assert (summary["imported"], summary["valid"], summary["invalid"]) == (0, 2, 1)
    assert not Client.objects.exists()


def test_a_file_of_a_header_alone_is_refused_in_a_line(
    tmp_path, admin_user, kibera, monkeypatch, capsys
):
    """Nothing to import is most likely the wrong file: a script migrating file after file
    stops on it (1), while a file imported twice, its rows all imported before, ends as a
    success (0)."""
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(0))
    user = admin_user.username
    status, err = mteja(monkeypatch, capsys, "import", str(source), "--user", user)
    assert (status, err) == (1, "CommandError: The file has no rows to import, only a header.\n")
    assert not ImportJob.objects.exists()  # refused as the API and the page refuse it
    source.write_bytes(client_file(2))
    assert mteja(monkeypatch, capsys, "import", str(source), "--user", user) == (0, "")
    assert mteja(monkeypatch, capsys, "import", str(source), "--user", user) == (0, "")
    assert Client.objects.count() == 2


def test_the_result_may_not_replace_the_file_imported(source, admin_user):
    before = source.read_bytes()
    with pytest.raises(CommandError, match="would replace the file imported"):
        call_command("import", str(source), "--user", admin_user.username, "--result", str(source))
    assert source.read_bytes() == before and not ImportJob.objects.exists()


def test_a_refused_import_leaves_no_empty_result_file(tmp_path, admin_user):
    result = tmp_path / "result.csv"
    with pytest.raises(CommandError, match="^No file .*absent.csv.$"):
        call_command(
            "import", str(tmp_path / "absent.csv"), "--user", admin_user.username,
            "--result", str(result),
        )  # fmt: skip
    assert not result.exists()


def test_sigterm_interrupts_the_import_as_ctrl_c_does(source, admin_user, monkeypatch, capsys):
    """`kill PID` (a service manager, `timeout`): the batch in hand rolled back, and the
    command says how to resume, as for Ctrl-C, rather than dying without a word; its exit
    status is a shell's for a command SIGTERM ended (128 + 15), not a refusal's 1."""

    def terminated(job_id, on_progress=None, claimed=False):
        handler = signal.getsignal(signal.SIGTERM)
        assert callable(handler), "SIGTERM would end the process at once"
        handler(signal.SIGTERM, None)

    monkeypatch.setattr(running, "run_job", terminated)
    status, err = mteja(monkeypatch, capsys, "import", str(source), "--user", admin_user.username)
    assert status == 143
    job = ImportJob.objects.get()
    assert err == (
        f"CommandError: Interrupted: whole batches are kept. Continue with --resume {job.pk}.\n"
    )
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # put back


def test_ctrl_c_exits_130_and_the_import_resumes(tmp_path, admin_user, kibera, monkeypatch, capsys):
    """Ctrl-C in the second batch: the shell's 130 (a script tells it from a refusal), the
    first batch kept, and --resume imports the rest."""
    resumable = stopped_in_the_second_batch(monkeypatch, KeyboardInterrupt)
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(5))
    user = admin_user.username
    status, err = mteja(monkeypatch, capsys, "import", str(source), "--user", user, "--no-progress")
    job = ImportJob.objects.get()
    assert (status, err) == (130, f"CommandError: Interrupted: whole batches are kept. "
                                  f"Continue with --resume {job.pk}.\n")  # fmt: skip
    assert Client.objects.count() == 2
    ImportJob.objects.filter(pk=job.pk).update(worker=DEAD_WORKER)  # this process has ended
    resumable()
    assert mteja(monkeypatch, capsys, "import", "--resume", str(job.pk), "--no-progress")[0] == 0
    assert Client.objects.count() == 5


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_export_leaves_the_output_as_it_was(
    tmp_path, admin_user, make_client, kibera, monkeypatch, capsys, signum, status
):
    """A file cut short would pass for the whole export later: none is left (the earlier
    file stays), the command says so in a line (not a traceback) and exits as the shell
    reports the signal."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    chunks = ClientExport.chunks

    def stopped_after_the_first_chunk(export):
        written = chunks(export)
        yield next(written)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)

    monkeypatch.setattr(ClientExport, "chunks", stopped_after_the_first_chunk)
    target = tmp_path / "clients.csv"
    args = ("export", "--user", admin_user.username, "--output", str(target))
    assert mteja(monkeypatch, capsys, *args) == (
        status,
        f"CommandError: Interrupted after reading 1 client; nothing written to {target}.\n",
    )
    assert not target.exists()
    target.write_text("an earlier export\n")
    assert mteja(monkeypatch, capsys, *args)[0] == status
    assert target.read_text() == "an earlier export\n"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    ("given", "named"),
    [
        (["clients.csv"], "leave out FILE"),
        (["--dry-run"], "leave out --dry-run"),
        # (in the language --locale asks for)
        (["--all-or-nothing", "--locale", "fr"], "retirez --all-or-nothing, --locale"),
    ],
)
def test_a_resume_refuses_what_it_would_ignore(source, admin_user, monkeypatch, given, named):
    """A resumed job goes on with its own file and options: another file, or a dry run asked
    for, would otherwise be ignored unsaid and the rest of the job written."""

    def disk_full(*args):
        raise OSError("No space left on device")

    record = running._record_batch
    monkeypatch.setattr(running, "_record_batch", disk_full)
    with pytest.raises(CommandError, match="failed"):
        call_command("import", str(source), "--user", admin_user.username)
    monkeypatch.setattr(running, "_record_batch", record)
    job = ImportJob.objects.get()
    with pytest.raises(CommandError, match=f"{named}\\.$"):
        call_command("import", "--resume", str(job.pk), *given)
    job.refresh_from_db()
    assert job.status == "failed" and not Client.objects.exists()


@pytest.mark.parametrize("command", ["export", "import"])
def test_ctrl_c_before_the_command_has_begun_is_one_line_and_130(
    command, tmp_path, admin_user, source, monkeypatch, capsys
):
    """Ctrl-C while an export is still being set up, or an import's file copied: no
    traceback, the shell's 130, and no job left behind."""
    import importlib

    export_command = importlib.import_module("mteja.clients.management.commands.export")
    import_command = importlib.import_module("mteja.clients.management.commands.import")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(export_command, "export_of", interrupted)
    monkeypatch.setattr(import_command, "import_job_create", interrupted)
    given = [str(source), "--no-progress"] if command == "import" else []
    argv = (command, *given, "--user", admin_user.username)
    assert mteja(monkeypatch, capsys, *argv) == (130, "Interrupted.\n")
    assert not ImportJob.objects.exists()


def test_a_file_past_the_import_limit_is_refused_and_leaves_nothing(
    tmp_path, admin_user, kibera, monkeypatch, capsys, settings
):
    """A file is copied up to MTEJA_IMPORT_MAX_BYTES, as uploaded (a device, which never
    ends, is refused before: test_cli_hostile_paths.py)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MTEJA_IMPORT_MAX_BYTES = 1_000
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(40))  # past 1,000 bytes
    user = admin_user.username
    refused = "CommandError: The file is larger than the limit of 1000 bytes.\n"
    assert mteja(monkeypatch, capsys, "import", str(source), "--user", user) == (1, refused)
    assert not ImportJob.objects.exists() and not Client.objects.exists()
    assert not any((tmp_path / "media").rglob("source.*"))
    settings.MTEJA_IMPORT_MAX_BYTES = len(client_file(40))
    assert mteja(monkeypatch, capsys, "import", str(source), "--user", user) == (0, "")
    assert Client.objects.count() == 40


def test_sigterm_while_an_imports_file_is_kept_undoes_the_job_and_its_file(
    admin_user, source, monkeypatch, capsys
):
    """SIGTERM (a service manager, `timeout`) while the job is made: as Ctrl-C, one line and
    the shell's 143, no job and no copy of the file left (it was killed without a word,
    leaving the copy of a million-row file under a job id never used again)."""
    from mteja.clients.imports import files

    kept = []

    def terminated(path):
        kept.append(path)
        handler = signal.getsignal(signal.SIGTERM)
        assert callable(handler), "SIGTERM would kill the command here, its copy left"
        handler(signal.SIGTERM, None)

    monkeypatch.setattr(files, "count_rows", terminated)
    argv = ("import", str(source), "--no-progress", "--user", admin_user.username)
    assert mteja(monkeypatch, capsys, *argv) == (143, "Interrupted.\n")
    assert not ImportJob.objects.exists()
    assert kept and not kept[0].parent.exists()
