"""`mteja import FILE`, `--result` and `mteja export --output` given links: a link is judged
by what it leads to before a byte is read, and a link at a path written is replaced, not
written through, wherever it leads, unless it is the system's own name for one of the
process's open files (/dev/stdout, /dev/fd/N, /proc/self/fd/N) (decisions 253, 271)."""

import importlib
import os
from pathlib import Path

import pytest
from tests.clients.bulk.test_cli_refusals import mteja
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("system_file", ["/proc/self/environ", "/proc/self/status"])
@pytest.mark.parametrize("linked", [False, True], ids=["named", "linked"])
def test_the_kernels_own_files_are_refused_before_a_byte_is_read(
    tmp_path, admin_user, monkeypatch, capsys, settings, system_file, linked
):
    """/proc/self/environ, read as a file of clients, was refused for its header: "Unknown
    columns: PYTHONPATH=…<U+0000>…", the process's environment (its database's password, its
    secret key) on standard error, and a cron job's mail."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    path = Path(system_file)
    if linked:
        path = tmp_path / "clients.csv"
        path.symlink_to(system_file)
    assert mteja(monkeypatch, capsys, "import", str(path), "--user", admin_user.username) == (
        1,
        f"CommandError: {path} is one of the system's own files (proc), not a file.\n",
    )
    assert not ImportJob.objects.exists()


def test_a_link_to_a_device_is_refused_as_the_device(
    tmp_path, admin_user, monkeypatch, capsys, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    link = tmp_path / "clients.csv"
    link.symlink_to("/dev/zero")
    assert mteja(monkeypatch, capsys, "import", str(link), "--user", admin_user.username) == (
        1,
        f"CommandError: {link} is a device or a socket, not a file.\n",
    )
    assert not ImportJob.objects.exists()


def test_a_link_at_the_output_leading_to_a_device_is_replaced_not_written_through(
    tmp_path, admin_user, make_client, kibera, monkeypatch, capsys
):
    """A link left in a shared folder aimed an export at the device it led to (here a full
    disk's stand-in; a disk's own device for an export run as root)."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    link = tmp_path / "clients.csv"
    link.symlink_to("/dev/full")
    args = ("export", "--user", admin_user.username, "--output", str(link))
    assert mteja(monkeypatch, capsys, *args) == (0, "1 client exported.\n")
    assert not link.is_symlink() and "Njeri" in link.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("aimed_at", ["/dev/full", "elsewhere/kept.csv"])
def test_a_link_at_the_result_is_replaced_wherever_it_leads(
    tmp_path, admin_user, kibera, monkeypatch, capsys, aimed_at
):
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(2))
    (tmp_path / "elsewhere").mkdir()
    kept = tmp_path / "elsewhere" / "kept.csv"
    kept.write_text("not to be overwritten\n")
    result = tmp_path / "result.csv"
    result.symlink_to(aimed_at if aimed_at.startswith("/") else tmp_path / aimed_at)
    args = ("import", str(source), "--user", admin_user.username, "--result", str(result))
    assert mteja(monkeypatch, capsys, *args)[0] == 0
    assert Client.objects.count() == 2
    assert not result.is_symlink() and "Status" in result.read_text(encoding="utf-8-sig")
    assert kept.read_text() == "not to be overwritten\n"


@pytest.mark.parametrize("folder", ["/proc/self/fd", "/dev/fd"])
def test_an_open_file_named_as_the_system_names_it_is_written_through(
    tmp_path, admin_user, make_client, kibera, monkeypatch, capsys, folder
):
    """`--output /dev/stdout > clients.csv`: the shell's file, written through the system's
    link to it. It was taken for a link to replace: a new file made beside it, in the
    system's folder, and renamed over its name (refused in /proc; as root, /dev/stdout
    itself replaced by a file)."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri")
    redirected = tmp_path / "clients.csv"
    descriptor = os.open(redirected, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        output = f"{folder}/{descriptor}"
        args = ("export", "--user", admin_user.username, "--output", output)
        assert mteja(monkeypatch, capsys, *args) == (0, "1 client exported.\n")
    finally:
        os.close(descriptor)
    assert "Njeri" in redirected.read_text(encoding="utf-8-sig")
    assert [path.name for path in tmp_path.iterdir()] == ["clients.csv"]


def test_a_link_aimed_elsewhere_after_its_look_is_read_as_the_file_judged(
    tmp_path, admin_user, kibera, monkeypatch, capsys, settings
):
    """The look and the read were two opens of the path: a link re-aimed between them (while
    the user and the job were asked of the database) was read as its new target, the
    process's environment among them, and its header echoed on standard error."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(2))
    link = tmp_path / "linked.csv"
    link.symlink_to(source)
    command = importlib.import_module("mteja.clients.management.commands.import")
    looked_up = command.acting_user

    def reaimed_once_looked_at(*args, **kwargs):
        link.unlink()
        link.symlink_to("/proc/self/environ")
        return looked_up(*args, **kwargs)

    monkeypatch.setattr(command, "acting_user", reaimed_once_looked_at)
    args = ("import", str(link), "--user", admin_user.username)
    assert mteja(monkeypatch, capsys, *args) == (0, "")
    assert os.readlink(link) == "/proc/self/environ"
    assert sorted(Client.objects.values_list("external_id", flat=True)) == ["JOB-2", "JOB-3"]
    assert ImportJob.objects.get().file_name == "linked.csv"
