"""An import whose kept file was removed from the server (an operator's clean-up) cannot be
resumed: the page offers no Resume, and a resume by the API or the CLI says the file is gone
(and to import the file again) rather than queueing a run that fails on "an unexpected
error"; a queued job whose file went meanwhile fails saying so."""

import pytest
from django.core.management import CommandError, call_command
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_job_cancelled_resume import cancelled_after_its_first_batch
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import files, running
from mteja.clients.imports.services import import_job_create, import_job_resume
from mteja.clients.models import Client, ImportJob
from mteja.core.errors import DomainError

pytestmark = pytest.mark.django_db

GONE = "The file of this import is no longer kept on the server"


def _cancelled_file_gone(user, monkeypatch) -> ImportJob:
    job = cancelled_after_its_first_batch(user, monkeypatch)
    files.source_path(job).unlink()
    return job


def test_the_service_refuses_saying_the_file_is_gone(clerk, kibera, monkeypatch):
    job = _cancelled_file_gone(clerk, monkeypatch)
    assert not running.resumable(job)
    with pytest.raises(DomainError, match=GONE) as refused:
        import_job_resume(actor=clerk, job=job)
    assert refused.value.errors[0].code == "error.msg.import.file.gone"
    job.refresh_from_db()
    assert (job.status, job.rows_done, Client.objects.count()) == ("cancelled", 2, 2)


def test_the_api_answers_fineracts_body_naming_the_file_gone(api_as, clerk, kibera, monkeypatch):
    job = _cancelled_file_gone(clerk, monkeypatch)
    response = api_as(clerk).post(f"{API}/imports/{job.pk}?command=resume")
    assert response.status_code == 403, response.content
    (error,) = response.json()["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.import.file.gone"
    assert error["defaultUserMessage"].startswith(GONE)
    assert ImportJob.objects.get(pk=job.pk).status == "cancelled"


def test_the_page_offers_no_resume_and_a_forced_one_says_why(browse_as, clerk, kibera,
                                                             monkeypatch):  # fmt: skip
    job = _cancelled_file_gone(clerk, monkeypatch)
    web = browse_as(clerk)
    page = web.get(f"/imports/{job.pk}/").content.decode()
    assert ">Resume</button>" not in page and "Resume it to import the rest" not in page
    assert GONE in page  # said before a Resume is tried
    page = web.post(f"/imports/{job.pk}/resume/", follow=True).content.decode()
    assert page.count(GONE) == 2  # the refusal, and the page's note
    assert ImportJob.objects.get(pk=job.pk).status == "cancelled"


def test_an_interrupted_jobs_page_says_its_file_is_gone_not_to_resume(browse_as, clerk, kibera):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker="elsewhere:1",
                                                heartbeat_at=None)  # fmt: skip
    files.source_path(job).unlink()
    page = browse_as(clerk).get(f"/imports/{job.pk}/").content.decode()
    assert "Interrupted" in page and GONE in page
    assert "Resume it to import the rest" not in page and ">Resume</button>" not in page
    assert ">Cancel the import</button>" in page


def test_the_cli_says_the_file_is_gone(admin_user, kibera, monkeypatch):
    job = _cancelled_file_gone(admin_user, monkeypatch)
    with pytest.raises(CommandError, match=GONE):
        call_command("import", "--resume", str(job.pk), "--no-progress")


def test_a_queued_job_whose_file_went_fails_saying_so(browse_as, clerk, kibera):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    files.source_path(job).unlink()
    job = running.run_job(job.pk)
    assert job.status == "failed"
    assert job.error.startswith(GONE)
    assert not Client.objects.exists()
    page = browse_as(clerk).get(f"/imports/{job.pk}/").content.decode()
    assert page.count(GONE) == 1 and ">Resume</button>" not in page
