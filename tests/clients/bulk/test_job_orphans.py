"""A job's directory is written before its row commits: a process killed outright in that
moment left the directory (a migration's file) under an id no job holds, for ever. The worker
removes such directories once they are old enough that no job can be being made in them, and
nothing else: not a job's, not a fresh one, not one a job may yet take, not a symbolic link
nor what it points to, nothing outside the imports' directory."""

import datetime
import logging
import os
import shutil

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import files, orphans
from mteja.clients.imports.services import enqueue, import_job_create
from mteja.clients.models import ImportJob
from mteja.core import clock

pytestmark = pytest.mark.django_db

TWO_DAYS = datetime.timedelta(days=2)


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """A media directory of each test's own: ids are given again from one test to the next."""
    settings.MEDIA_ROOT = tmp_path / "media"


def a_job(user) -> ImportJob:
    return import_job_create(actor=user, data=client_file(1), file_name="a.csv")


def never_made(job: ImportJob, *, age=TWO_DAYS):
    """The job's directory as a process SIGKILLed before its row committed left it: no row."""
    ImportJob.objects.filter(pk=job.pk).delete()
    folder = files.job_dir(job)
    aged(folder, age)
    return folder


def aged(path, age):
    then = (clock.now() - age).timestamp()
    inside = list(path.iterdir()) if path.is_dir() and not path.is_symlink() else []
    for each in [*inside, path]:
        os.utime(each, (then, then), follow_symlinks=False)


def test_the_worker_removes_the_directory_of_a_job_never_made(admin_user, caplog):
    first, killed, newest = (a_job(admin_user) for _job in range(3))
    orphan = never_made(killed)
    aged(files.job_dir(first), TWO_DAYS)
    with caplog.at_level(logging.WARNING):
        assert orphans.remove_orphaned_folders() == [killed.pk]
    assert not orphan.exists()
    assert f"Removing {orphan}: the directory of an import job never made." in caplog.text
    for job in (first, newest):  # the jobs' own, however old, stay
        assert files.source_path(job).read_bytes() == client_file(1)


def test_a_directory_changed_lately_is_left_to_the_job_being_made_in_it(admin_user):
    """On PostgreSQL a job being made may hold an id below a job committed since; a file
    still being copied in changes the file, not the directory."""
    being_made, _newer = a_job(admin_user), a_job(admin_user)
    folder = never_made(being_made)
    os.utime(files.source_path(being_made))  # written to now
    assert orphans.remove_orphaned_folders() == []
    assert folder.exists()


def test_a_directory_above_every_job_is_left_to_the_job_that_will_take_its_id(admin_user):
    """On SQLite a rolled-back job's id is given again: the job that takes it clears it."""
    a_job(admin_user)
    above = never_made(a_job(admin_user))
    assert orphans.remove_orphaned_folders() == []
    assert above.exists()


def test_only_real_directories_named_by_an_id_are_removed(admin_user, tmp_path, caplog):
    elsewhere = tmp_path / "precious"  # beside the media directory, outside the imports
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the imports'")
    linked, killed, holding_a_link, filed, _newest = (a_job(admin_user) for _job in range(5))
    link = never_made(linked)
    shutil.rmtree(link)
    link.symlink_to(elsewhere, target_is_directory=True)
    aged(link, TWO_DAYS)
    orphan = never_made(killed)
    with_a_link = never_made(holding_a_link)  # no job's directory holds a link: left
    (with_a_link / "link").symlink_to(elsewhere, target_is_directory=True)
    aged(with_a_link, TWO_DAYS)
    root = files.imports_root()
    padded = root / f"0{killed.pk}"
    padded.mkdir()
    not_a_folder = never_made(filed)
    shutil.rmtree(not_a_folder)
    not_a_folder.write_text("a file, not a job's directory")
    for path in (padded, not_a_folder):
        aged(path, TWO_DAYS)
    with caplog.at_level(logging.WARNING):
        assert orphans.remove_orphaned_folders() == [killed.pk]
    assert not orphan.exists()
    assert (elsewhere / "keep.txt").read_text() == "not the imports'"
    assert link.is_symlink() and padded.is_dir() and not_a_folder.is_file()
    assert (with_a_link / "link").is_symlink()
    assert f"Leaving {linked.pk}: a symbolic link" in caplog.text


def test_the_worker_removes_them_when_it_starts(admin_user, monkeypatch):
    from mteja import cli

    orphan = never_made(a_job(admin_user))
    a_job(admin_user)
    monkeypatch.setattr(cli, "_django", lambda *argv: None)
    assert cli.worker([]) == 0
    assert not orphan.exists()


def test_and_after_each_import_it_runs(admin_user, kibera):
    orphan = never_made(a_job(admin_user))
    enqueue(a_job(admin_user))
    assert not orphan.exists()


def test_a_folder_named_by_a_number_holding_what_no_job_writes_is_left(admin_user, caplog):
    """MEDIA_ROOT set to a directory shared with other files: an operator's folder "2024"
    under its imports/ is no job's, whatever its name."""
    kept = never_made(a_job(admin_user))
    a_job(admin_user)
    (kept / "minutes of the board.pdf").write_bytes(b"%PDF-1.7")
    (kept / "receipts").mkdir()
    (kept / "receipts" / "march.csv").write_text("amount\n100\n")
    aged(kept, TWO_DAYS)
    with caplog.at_level(logging.WARNING):
        assert orphans.remove_orphaned_folders() == []
    assert (kept / "minutes of the board.pdf").read_bytes() == b"%PDF-1.7"
    assert (kept / "receipts" / "march.csv").read_text() == "amount\n100\n"
    assert f"Leaving {kept}: it holds what no import job writes." in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):  # the upkeep's next minute: told once is enough
        assert orphans.remove_orphaned_folders() == []
    assert "Leaving" not in caplog.text and kept.exists()
