"""Resuming another user's import. Its rows are written as its starter, checked against the
starter's offices as they now are; a user who sees the job (of their offices) may resume it
only while those offices lie within theirs, so that a resume never writes rows beyond the
offices of whoever asked for it, nor while the starter holds a permission its rows may need
(ACTIVATE_CLIENT, CLOSE_CLIENT…) that the resumer lacks. The journal's RESUME event names who
resumed it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_jobs import HEADER

from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ClientStatus, ImportJob
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# A manager following, cancelling and resuming their offices' imports (imports/access.py).
MANAGER = ("READ_IMPORT", "CANCEL_IMPORT", "RESUME_IMPORT", "CREATE_CLIENT")
REFUSAL = "who started this import, now works in an office outside yours"


@pytest.fixture
def mombasa(make_office):
    return make_office(name="Mombasa")


def failed_job(starter, header: str = HEADER, rows: list[str] | None = None) -> ImportJob:
    """Rows of Kibera and of Mombasa, started by `starter`; it failed before any was written."""
    rows = rows or [f"{office},Asha,Njeri{n},RES-{n},2024-01-10" for n, office in
                    enumerate(["Kibera", "Mombasa", "Kibera"])]  # fmt: skip
    data = ("\r\n".join([header, *rows]) + "\r\n").encode()
    job = import_job_create(actor=starter, data=data, file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(status="failed", error="The disk was full.")
    return job


def resumed_by(api_as, user, job):
    return api_as(user).post(f"{API}/imports/{job.pk}?command=resume")


def test_a_head_office_manager_resumes_a_clerks_job_within_the_clerks_offices(
    api_as, make_user, clerk, mombasa
):
    job = failed_job(clerk)
    manager = make_user(MANAGER)  # of the head office: Mombasa is theirs, not the clerk's
    response = resumed_by(api_as, manager, job)
    assert response.status_code == 200, response.content
    job.refresh_from_db()
    assert (job.status, job.outcomes) == ("completed", {"imported": 2, "invalid": 1})
    assert set(Client.objects.values_list("office__name", flat=True)) == {"Kibera"}
    resume = AuditEvent.objects.get(entity_name="IMPORT", action_name="RESUME")
    assert (resume.maker, resume.resource_id) == (manager, job.pk)


def test_a_job_whose_starter_moved_beyond_the_resumers_offices_is_refused(
    api_as, make_user, clerk, kibera, mombasa
):
    job = failed_job(clerk)
    clerk.office = mombasa
    clerk.save()
    branch_manager = make_user(MANAGER, office=kibera)  # sees the job: of their office
    response = resumed_by(api_as, branch_manager, job)
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.domain.rule.violation"
    (error,) = body["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.import.resume.starter.beyond.offices"
    assert error["defaultUserMessage"] == (
        f"{clerk.username}, {REFUSAL}: they, or a user whose offices include theirs, may resume it."
    )
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "The disk was full.")
    assert not Client.objects.exists()
    assert not AuditEvent.objects.filter(entity_name="IMPORT", action_name="RESUME").exists()
    # The starter themselves, or a manager whose offices include their new one, may.
    assert resumed_by(api_as, make_user(MANAGER), job).status_code == 200
    job.refresh_from_db()
    assert (job.status, job.outcomes) == ("completed", {"imported": 1, "invalid": 2})
    assert set(Client.objects.values_list("office__name", flat=True)) == {"Mombasa"}


def test_the_page_says_why_it_did_not_resume(browse_as, make_user, clerk, kibera, mombasa):
    job = failed_job(clerk)
    clerk.office = mombasa
    clerk.save()
    web = browse_as(make_user(MANAGER, office=kibera))
    page = web.post(f"/imports/{job.pk}/resume/", follow=True).content.decode()
    assert f"{clerk.username}, {REFUSAL}" in page
    assert ImportJob.objects.get(pk=job.pk).status == "failed"


def test_the_command_resumes_as_the_user_named_only_a_job_they_see(
    make_user, clerk, kibera, mombasa
):
    job = failed_job(clerk)
    outsider = make_user(MANAGER, office=mombasa)
    with pytest.raises(CommandError, match=f"^No import job {job.pk}.$"):
        call_command("import", "--resume", str(job.pk), "--user", outsider.username)
    clerk.office = mombasa
    clerk.save()
    branch_manager = make_user(MANAGER, office=kibera)
    with pytest.raises(CommandError, match=REFUSAL):
        call_command("import", "--resume", str(job.pk), "--user", branch_manager.username)
    assert ImportJob.objects.get(pk=job.pk).status == "failed"


def test_a_job_whose_rows_need_a_permission_only_its_starter_holds_is_refused(
    api_as, make_user, kibera
):
    """The clerk may create active clients, the manager may not: resumed by the manager, the
    rows written as the clerk would be clients the manager could not have made active."""
    activating_clerk = make_user(("CREATE_CLIENT", "ACTIVATE_CLIENT"), office=kibera)
    rows = [f"Kibera,Asha,Njeri{n},ACT-{n},2024-01-10,2024-01-10" for n in range(2)]
    job = failed_job(activating_clerk, f"{HEADER},activationDate", rows)
    response = resumed_by(api_as, make_user(MANAGER), job)
    assert response.status_code == 403
    (error,) = response.json()["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.import.resume.starter.holds.more"
    assert error["defaultUserMessage"] == (
        f"{activating_clerk.username}, who started this import, holds permissions its rows may "
        "need that you do not hold: ACTIVATE_CLIENT. They, or a user holding these too, may "
        "resume it."
    )
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "The disk was full.")
    assert not Client.objects.exists()
    assert not AuditEvent.objects.filter(entity_name="IMPORT", action_name="RESUME").exists()
    # A manager holding it too may: the rows are the clerk's, checked as the clerk.
    activating_manager = make_user((*MANAGER, "ACTIVATE_CLIENT"))
    assert resumed_by(api_as, activating_manager, job).status_code == 200
    assert set(Client.objects.values_list("status", flat=True)) == {ClientStatus.ACTIVE}


def test_a_job_it_may_not_resume_a_branch_manager_may_still_cancel(
    api_as, make_user, clerk, kibera, mombasa
):
    """Cancel writes no row: a job of their office they see, whoever started it and wherever
    that user now works, a branch manager may stop (docs/operations.md)."""
    job = failed_job(clerk)
    ImportJob.objects.filter(pk=job.pk).update(status="queued", error="")
    clerk.office = mombasa
    clerk.save()
    branch_manager = make_user(MANAGER, office=kibera)
    response = api_as(branch_manager).post(f"{API}/imports/{job.pk}?command=cancel")
    assert response.status_code == 200, response.content
    assert ImportJob.objects.get(pk=job.pk).status == "cancelled"
    assert not Client.objects.exists()
