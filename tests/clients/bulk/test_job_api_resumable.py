"""`GET /imports/{id}` tells integrators whether `command=resume` can be asked: a failed or
cancelled job whose file is kept, not a completed one, one running, nor one whose file
was removed."""

import pytest
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_job_cancelled_resume import cancelled_after_its_first_batch
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import files
from mteja.clients.imports.services import enqueue, import_job_create
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db


def _resumable(api, job) -> bool:
    return api.get(f"{API}/imports/{job.pk}").json()["resumable"]


def test_the_detail_says_whether_a_resume_is_possible(api_as, clerk, kibera, monkeypatch):
    api = api_as(clerk)
    job = cancelled_after_its_first_batch(clerk, monkeypatch)
    assert _resumable(api, job) is True
    assert api.post(f"{API}/imports/{job.pk}?command=resume").status_code == 200
    assert ImportJob.objects.get(pk=job.pk).status == "completed"
    assert _resumable(api, job) is False


def test_a_queued_job_and_one_whose_file_went_are_not_resumable(api_as, clerk, kibera,
                                                                monkeypatch):  # fmt: skip
    api = api_as(clerk)
    queued = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    assert _resumable(api, queued) is False
    failed = import_job_create(actor=clerk, data=client_file(2), file_name="b.csv")
    files.source_path(failed).unlink()
    enqueue(failed)
    assert ImportJob.objects.get(pk=failed.pk).status == "failed"
    assert _resumable(api, failed) is False
