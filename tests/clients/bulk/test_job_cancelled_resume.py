"""A cancelled import is resumed as a failed one is (its page, the API, `mteja import
--resume`): it goes on after its last written batch, every row written once, its counts and
progress those of the whole file; a job asked to stop is resumed only once its worker has
stopped it, and a cancel and resume never give it to two workers at once."""

import json

import pytest
from django.core.management import CommandError, call_command
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_jobs import client_file, result_lines

from mteja.clients.imports import running
from mteja.clients.imports.progress import progress
from mteja.clients.imports.services import (
    enqueue,
    import_job_cancel,
    import_job_create,
    import_job_resume,
)
from mteja.clients.models import Client, ImportJob
from mteja.core import clock
from mteja.core.errors import DomainError
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def cancelled_after_its_first_batch(user, monkeypatch, rows=6) -> ImportJob:
    """A job of `rows` rows, batches of two, cancelled once its first batch is written."""
    monkeypatch.setattr(running, "BATCH_SIZE", 2)

    def cancel_after_the_first_batch(job):
        if job.rows_done == 2:
            import_job_cancel(actor=user, job=job)

    job = import_job_create(actor=user, data=client_file(rows, bad_lines={6}), file_name="a.csv")
    job = running.run_job(job.pk, on_progress=cancel_after_the_first_batch)
    assert (job.status, job.rows_done, job.last_line) == ("cancelled", 2, 3)
    assert Client.objects.count() == 2
    return job


def external_ids() -> list[str]:
    return sorted(Client.objects.values_list("external_id", flat=True))


def assert_completed_once(job: ImportJob, rows=6) -> None:
    job.refresh_from_db()
    assert job.status == "completed" and not job.cancel_requested and job.error == ""
    assert job.outcomes == {"imported": rows - 1, "invalid": 1}
    assert (job.rows_done, job.total_rows) == (rows, rows)
    assert external_ids() == sorted(f"JOB-{line}" for line in range(2, rows + 2) if line != 6)
    assert result_lines(job) == [
        (line, "invalid" if line == 6 else "imported") for line in range(2, rows + 2)
    ]
    assert progress(job)["percent"] == 100


def test_a_cancelled_job_resumes_after_its_last_batch_without_duplicates(admin_user, kibera,
                                                                         monkeypatch):  # fmt: skip
    job = cancelled_after_its_first_batch(admin_user, monkeypatch)
    assert running.resumable(job)
    import_job_resume(actor=admin_user, job=job)
    job.refresh_from_db()
    assert (job.status, job.finished_at, job.cancel_requested) == ("queued", None, False)
    enqueue(job)
    assert_completed_once(job)
    actions = AuditEvent.objects.filter(entity_name="IMPORT", resource_id=job.pk)
    assert list(actions.order_by("id").values_list("action_name", flat=True)) == [
        "CREATE", "CANCEL", "RESUME"
    ]  # fmt: skip


def test_a_job_asked_to_stop_is_resumed_only_once_its_worker_has_stopped_it(clerk, kibera):
    """Resumed while its worker still runs (it stops after the batch in hand), it would be
    two workers' at once: refused, saying to wait."""
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=running.this_worker(), heartbeat_at=clock.now()
    )
    import_job_cancel(actor=clerk, job=job)
    job.refresh_from_db()
    assert (job.status, job.cancel_requested) == ("running", True)
    with pytest.raises(DomainError, match="stopping after the rows in hand: resume it once"):
        import_job_resume(actor=clerk, job=job)
    assert ImportJob.objects.get(pk=job.pk).status == "running"


def test_a_cancel_and_resume_of_a_job_taken_for_dead_leave_its_worker_no_batch(
    admin_user, kibera, monkeypatch
):
    """A worker on another host silent past STALE_AFTER is taken for gone: a cancel ends its
    job at once, and a resume queues it again. That worker, still alive, reaches its next
    batch: rolled back (the job is no longer its claim), the resumed run writes the rest."""
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    stale = clock.now() - running.STALE_AFTER * 2

    def cancelled_and_resumed_meanwhile(job):
        if job.rows_done == 2:
            ImportJob.objects.filter(pk=job.pk).update(worker="elsewhere:1", heartbeat_at=stale)
            import_job_cancel(actor=admin_user, job=job)
            assert ImportJob.objects.get(pk=job.pk).status == "cancelled"
            import_job_resume(actor=admin_user, job=job)

    job = import_job_create(actor=admin_user, data=client_file(6, bad_lines={6}),
                            file_name="a.csv")  # fmt: skip
    job = running.run_job(job.pk, on_progress=cancelled_and_resumed_meanwhile)
    assert (job.status, job.rows_done, job.last_line) == ("queued", 2, 3)
    assert Client.objects.count() == 2  # its second batch rolled back
    enqueue(job)
    assert_completed_once(job)


def test_the_api_resumes_a_cancelled_job(api_as, clerk, kibera, monkeypatch):
    job = cancelled_after_its_first_batch(clerk, monkeypatch)
    before = api_as(clerk).get(f"{API}/imports/{job.pk}").json()
    assert (before["status"], before["imported"], before["rowsDone"]) == ("cancelled", 2, 2)
    response = api_as(clerk).post(f"{API}/imports/{job.pk}?command=resume")
    assert response.status_code == 200, response.content
    assert response.json() == {"resourceId": job.pk, "changes": {"status": "completed"}}
    body = api_as(clerk).get(f"{API}/imports/{job.pk}").json()
    assert (body["status"], body["imported"], body["invalid"]) == ("completed", 5, 1)
    assert (body["rowsDone"], body["totalRows"], body["percent"]) == (6, 6, 100)
    assert [(error["line"], error["column"]) for error in body["errors"]] == [(6, "lastname")]
    assert_completed_once(job)


def test_resuming_cancelled_jobs_counts_against_the_starters_share(api_as, clerk, settings):
    """Cancelled, then resumed, jobs would otherwise run beyond the share of uploads
    (MTEJA_IMPORTS_WAITING_PER_USER): one resumed past it is refused, as an upload is."""
    settings.MTEJA_IMPORTS_WAITING_PER_USER = 1
    cancelled = import_job_create(actor=clerk, data=client_file(1), file_name="a.csv")
    import_job_cancel(actor=clerk, job=cancelled)
    import_job_create(actor=clerk, data=client_file(1), file_name="b.csv")  # queued
    response = api_as(clerk).post(f"{API}/imports/{cancelled.pk}?command=resume")
    assert response.status_code == 429
    (error,) = response.json()["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.import.too.many.waiting"
    assert error["defaultUserMessage"].startswith("You have 1 imports waiting or running")
    assert "before resuming this one" in error["defaultUserMessage"]
    assert ImportJob.objects.get(pk=cancelled.pk).status == "cancelled"


def test_the_page_offers_resume_for_a_cancelled_job_and_completes_it(
    browse_as, clerk, kibera, make_user, monkeypatch
):
    job = cancelled_after_its_first_batch(clerk, monkeypatch)
    web = browse_as(clerk)
    page = web.get(f"/imports/{job.pk}/").content.decode()
    assert '<h2 id="progress-heading">Cancelled</h2>' in page
    assert "The rows written before the cancel are kept. Resume it" in page
    assert ">Resume</button>" in page
    reader = browse_as(make_user(("READ_CLIENT", "ALL_FUNCTIONS_READ"), office=kibera))
    seen = reader.get(f"/imports/{job.pk}/").content.decode()  # who may not resume it
    assert '<h2 id="progress-heading">Cancelled</h2>' in seen
    assert "Resume it" not in seen and ">Resume</button>" not in seen
    response = web.post(f"/imports/{job.pk}/resume/")
    assert response.status_code == 302
    page = web.get(response["Location"]).content.decode()
    assert '<h2 id="progress-heading">Completed</h2>' in page
    assert "6 of 6 rows done (100 %)." in page and ">Resume</button>" not in page
    assert_completed_once(job)


def test_the_cli_resumes_a_cancelled_job_and_says_it_can(
    tmp_path, admin_user, kibera, monkeypatch, capsys
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    real_run = running.run_job

    def cancelled_from_its_page(job_id, *, on_progress=None, claimed=False):
        def cancel_after_the_first_batch(job):
            if job.rows_done == 2:
                import_job_cancel(actor=admin_user, job=job)

        return real_run(job_id, on_progress=cancel_after_the_first_batch, claimed=claimed)

    monkeypatch.setattr(running, "run_job", cancelled_from_its_page)
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(6, bad_lines={6}))
    with pytest.raises(CommandError) as stopped:
        call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    job = ImportJob.objects.get()
    assert str(stopped.value) == f"Import job {job.pk} cancelled. Continue with --resume {job.pk}."
    monkeypatch.setattr(running, "run_job", real_run)
    call_command("import", "--resume", str(job.pk), "--no-progress")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["imported"], summary["invalid"], summary["totalRecords"]) == (5, 1, 6)
    assert_completed_once(job)
