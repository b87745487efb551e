"""A dry run stopped and resumed notes the lines it checked before the stop as its job
recorded them: only those that stood for a client (valid, or imported before) hold the
file's values, so a valid row below giving the external id of an invalid line before the
stop is reported valid, as by the uninterrupted dry run (decision 220)."""

import pytest
from tests.clients.bulk.test_invalid_row_keys import rows
from tests.clients.bulk.test_jobs import client_file, start

from mteja.clients.bulk.importing import ClientImport
from mteja.clients.imports import files, running
from mteja.clients.imports.services import (
    enqueue,
    import_job_cancel,
    import_job_create,
    import_job_resume,
)
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db


def results(report) -> list[tuple[int, str, list]]:
    return [(row.line, row.outcome, row.errors) for row in report.rows]


def test_a_resumed_dry_run_leaves_an_invalid_lines_external_id_to_the_row_below(admin_user, kibera):
    """Lines 2 (valid) and 3 (invalid, line 5's external id) checked before the stop."""
    data = rows("Malle")
    whole = ClientImport(user=admin_user, source=data, dry_run=True).run()
    resumed = ClientImport(user=admin_user, source=data, dry_run=True)
    after = resumed.run(after_line=3, standing=iter([2]))
    assert results(after) == results(whole)[2:] == [(4, "valid", []), (5, "valid", [])]


def test_a_valid_line_before_the_stop_still_holds_its_external_id(admin_user, kibera):
    data = rows("Malle").replace(b"Chao,Wu,KEY-4", b"Chao,Wu,KEY-2")
    whole = ClientImport(user=admin_user, source=data, dry_run=True).run()
    resumed = ClientImport(user=admin_user, source=data, dry_run=True)
    after = resumed.run(after_line=3, standing=iter([2]))
    assert results(after) == results(whole)[2:]
    assert results(after)[0] == (4, "invalid", [("externalId", "Line 2 has the same external id.")])


def outcome_list(job) -> list[tuple[int, str, list]]:
    """Every row's line, outcome and errors, as the job's result file gives them."""
    return [(row.line, row.outcome, row.errors) for row in files.result_rows(job)]


def checked_file() -> bytes:
    """Line 3 has no last name and line 5's external id (JOB-3)."""
    return client_file(6, bad_lines={3}).decode().replace("JOB-5", "JOB-3").encode()


def test_a_dry_run_job_cancelled_and_resumed_reports_what_the_whole_check_reports(
    admin_user, kibera, monkeypatch
):
    whole = start(admin_user, checked_file(), dry_run=True)
    monkeypatch.setattr(running, "BATCH_SIZE", 2)

    def cancel_after_the_first_batch(job):
        if job.rows_done == 2:
            import_job_cancel(actor=admin_user, job=job)

    job = import_job_create(actor=admin_user, data=checked_file(), file_name="a.csv", dry_run=True)
    job = running.run_job(job.pk, on_progress=cancel_after_the_first_batch)
    assert (job.status, job.last_line) == ("cancelled", 3)
    import_job_resume(actor=admin_user, job=job)
    enqueue(job)
    job.refresh_from_db()
    assert job.status == "completed"
    assert outcome_list(job) == outcome_list(whole)
    assert job.outcomes == whole.outcomes == {"valid": 5, "invalid": 1}
    assert not Client.objects.exists()
