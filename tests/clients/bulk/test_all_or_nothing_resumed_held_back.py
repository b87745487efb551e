"""All or nothing stopped at a row refused as written, then resumed with that row still
refused: the rest is held back, but the rows imported before the stop stay. Its page and
`mteja import` say so, not "Nothing was imported" beside an Imported count of 2."""

import pytest
from django.core.management import CommandError, call_command
from tests.clients.bulk import test_all_or_nothing_at_write as at_write
from tests.clients.bulk.test_all_or_nothing_at_write import (
    CHECK_BATCH,
    deactivated_once_written_batch_checked,
    officers_file,
)

from mteja.clients.bulk.checking import RowChecker
from mteja.clients.imports import running
from mteja.clients.imports.services import enqueue, import_job_create
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db
the_officer = at_write.officer  # that file's fixture `officer`, here as `the_officer`

NOTHING = "Nothing was imported"
KEPT = (
    "The rows imported before the import stopped are kept; no other row was imported, as "
    "some rows have errors: correct them and import the file again"
)


def _stopped(clerk, officer, monkeypatch) -> ImportJob:
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    deactivated_once_written_batch_checked(monkeypatch, officer, batch=2)
    job = import_job_create(actor=clerk, data=officers_file(), file_name="a.csv",
                            all_or_nothing=True)  # fmt: skip
    enqueue(job)
    monkeypatch.setattr(RowChecker, "check_batch", CHECK_BATCH)  # the officer stays inactive
    return ImportJob.objects.get(pk=job.pk)


def test_the_page_says_the_rows_imported_before_are_kept(browse_as, clerk, kibera, the_officer,
                                                         monkeypatch):  # fmt: skip
    job = _stopped(clerk, the_officer, monkeypatch)
    web = browse_as(clerk)
    web.post(f"/imports/{job.pk}/resume/")
    job.refresh_from_db()
    assert (job.status, job.held_back, job.outcomes["imported"]) == ("completed", True, 2)
    page = web.get(f"/imports/{job.pk}/").content.decode()
    assert NOTHING not in page
    assert KEPT in page
    assert Client.objects.count() == 2


def test_the_cli_says_the_rows_imported_before_are_kept(clerk, kibera, the_officer, monkeypatch):
    job = _stopped(clerk, the_officer, monkeypatch)
    with pytest.raises(CommandError) as refused:
        call_command("import", "--resume", str(job.pk), "--no-progress")
    assert str(refused.value).startswith(
        "Nothing more imported: 1 rows are invalid (--all-or-nothing); the 2 imported before "
        "the import stopped are kept;"
    )
