"""A job's result file holds the rows its written batches hold (and, once all or nothing
held them back, its check's): an all or nothing import in its writing pass has checked every
row but written a few, and its result as .xlsx holds those few — it was refused as "more
rows than an Excel sheet holds" by the count of the rows checked. (A stopped job's result
goes on to its file's end: decisions 234, 245.)"""

import pytest
from tests.clients.bulk.files import stopped_in_the_second_batch
from tests.clients.bulk.test_export import read_csv, read_xlsx
from tests.clients.bulk.test_jobs import Killed, client_file, start

from mteja.clients.bulk import workbook
from mteja.clients.imports import running
from mteja.clients.models import ImportJob
from mteja.core import clock
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_result_holding_fewer_rows_than_a_sheet_downloads_as_xlsx_while_rows_checked_pass_it(
    browse_as, clerk, monkeypatch
):
    monkeypatch.setattr(workbook, "SHEET_ROWS", 5)  # a sheet of four rows below its header
    stopped_in_the_second_batch(monkeypatch, Killed)  # checked, two rows written, then stopped
    job = start(clerk, client_file(6), all_or_nothing=True)
    # As it was while it wrote (its worker alive): its result is the rows written so far.
    writing = {"status": "running", "worker": running.this_worker(), "finished_at": None}
    ImportJob.objects.filter(pk=job.pk).update(**writing, heartbeat_at=clock.now())
    job = ImportJob.objects.get(pk=job.pk)
    assert (job.rows_checked, job.rows_done, job.held_back) == (6, 2, False)
    response = browse_as(clerk).get(f"/imports/{job.pk}/result.xlsx")
    assert [row[2] for row in read_xlsx(response)[1:]] == ["Njeri2", "Njeri3"]
    event = AuditEvent.objects.filter(entity_name="IMPORT", action_name="EXPORT").get()
    assert event.changes["rows"] == 2


def test_a_held_back_result_holds_the_rows_checked_and_is_refused_past_a_sheet(
    browse_as, clerk, monkeypatch
):
    """All or nothing found an invalid row: nothing written, its result is the six rows
    checked, more than a sheet of four holds."""
    monkeypatch.setattr(workbook, "SHEET_ROWS", 5)
    job = start(clerk, client_file(6, bad_lines={7}), all_or_nothing=True)
    assert (job.rows_done, job.held_back) == (0, True)
    web = browse_as(clerk)
    refused = web.get(f"/imports/{job.pk}/result.xlsx", follow=True).content.decode()
    assert "More rows than an Excel sheet holds (4): take the result as CSV." in refused
    assert len(read_csv(web.get(f"/imports/{job.pk}/result.csv"))) == 6
