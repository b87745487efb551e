"""A job queued for long while no import runs: no worker runs, or its task was lost (another
task backend's, whose waiting tasks cannot be read to queue it again). It showed "queued" for
ever; now the list, its page and the API show it stuck, its page says what to check, and
Resume queues it again (Cancel ends it, as any queued job)."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from tests.clients.bulk.test_job_api import API, upload
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ImportJob
from mteja.core import clock

pytestmark = pytest.mark.django_db

ANOTHER_BACKEND = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
A_QUARTER_HOUR = datetime.timedelta(minutes=15)


def queued_ago(job_id: int, ago: datetime.timedelta) -> None:
    ImportJob.objects.filter(pk=job_id).update(heartbeat_at=clock.now() - ago)


@override_settings(TASKS=ANOTHER_BACKEND)
def test_a_job_whose_task_never_ran_shows_as_stuck(api_as, browse_as, clerk):
    job_id = upload(api_as(clerk), client_file(2)).json()  # its task held by a backend gone
    api = api_as(clerk)
    assert api.get(f"{API}/imports/{job_id}").json()["status"] == "queued"
    queued_ago(job_id, A_QUARTER_HOUR)
    assert api.get(f"{API}/imports/{job_id}").json()["status"] == "stuck"
    (listed,) = api.get(f"{API}/imports", {"entityType": "clients"}).json()
    assert listed["status"] == "stuck"
    web = browse_as(clerk)
    assert "Stuck" in web.get("/clients/import/").content.decode()
    page = web.get(f"/imports/{job_id}/").content.decode()
    assert '<h2 id="progress-heading">Stuck</h2>' in page
    assert (
        "No worker has taken it for over 10 minutes, and no import is running: check that the "
        "job workers run (mteja worker). Resume queues it again; Cancel ends it." in page
    )
    assert ">Resume</button>" in page and ">Cancel the import</button>" in page
    french = web.get(f"/imports/{job_id}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h2 id="progress-heading">Bloqué</h2>' in french
    assert "Aucun processus ne l’a pris depuis plus de 10 minutes" in french


def test_a_job_waiting_behind_a_running_import_is_queued_not_stuck(api_as, clerk):
    running_one = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    ImportJob.objects.filter(pk=running_one.pk).update(
        status="running", worker=running.this_worker(), heartbeat_at=clock.now()
    )
    waiting = import_job_create(actor=clerk, data=client_file(2), file_name="b.csv")
    queued_ago(waiting.pk, A_QUARTER_HOUR)
    assert api_as(clerk).get(f"{API}/imports/{waiting.pk}").json()["status"] == "queued"


def test_a_job_queued_a_few_minutes_ago_is_queued(api_as, clerk):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    queued_ago(job.pk, datetime.timedelta(minutes=5))
    assert api_as(clerk).get(f"{API}/imports/{job.pk}").json()["status"] == "queued"


def test_resuming_a_stuck_job_queues_it_again(api_as, clerk):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    queued_ago(job.pk, A_QUARTER_HOUR)
    response = api_as(clerk).post(f"{API}/imports/{job.pk}?command=resume")
    assert response.status_code == 200, response.content
    job.refresh_from_db()  # the tests' backend runs it at once
    assert (job.status, job.outcomes) == ("completed", {"imported": 2})
    assert Client.objects.count() == 2


def test_cancelling_a_stuck_job_ends_it_at_once(browse_as, clerk):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    queued_ago(job.pk, A_QUARTER_HOUR)
    page = browse_as(clerk).post(f"/imports/{job.pk}/cancel/", follow=True).content.decode()
    assert '<h2 id="progress-heading">Cancelled</h2>' in page
    assert ImportJob.objects.get(pk=job.pk).status == "cancelled"


@override_settings(TASKS=ANOTHER_BACKEND)
def test_the_imports_page_asks_once_whether_imports_run_however_many_are_stuck(browse_as, clerk):
    web = browse_as(clerk)

    def queries_of_the_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert web.get("/clients/import/").status_code == 200
        return len(queries)

    job_ids = [import_job_create(actor=clerk, data=client_file(1), file_name="a.csv").pk]
    queued_ago(job_ids[0], A_QUARTER_HOUR)
    queries_of_the_page()  # the session's and the caches' first reads
    with_one = queries_of_the_page()
    for _ in range(2):
        job_ids.append(import_job_create(actor=clerk, data=client_file(1), file_name="b.csv").pk)
        queued_ago(job_ids[-1], A_QUARTER_HOUR)
    assert queries_of_the_page() == with_one
    assert web.get("/clients/import/").content.decode().count("Stuck") >= 3
