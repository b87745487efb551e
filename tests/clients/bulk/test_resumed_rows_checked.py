"""`rowsChecked` of `GET /imports/{id}` counts all or nothing's checking pass: a job of one
pass (its rows checked as they are written) answers 0, as when it runs through, once it has
been stopped and resumed too — not the rows it had written when it was resumed."""

import pytest
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_job_cancelled_resume import (
    assert_completed_once,
    cancelled_after_its_first_batch,
)

from mteja.clients.imports.services import enqueue, import_job_resume

pytestmark = pytest.mark.django_db


def test_a_resumed_one_pass_job_answers_no_rows_checked_as_one_run_through(
    api, admin_user, kibera, monkeypatch
):
    job = cancelled_after_its_first_batch(admin_user, monkeypatch)
    import_job_resume(actor=admin_user, job=job)
    enqueue(job)
    assert_completed_once(job)
    body = api.get(f"{API}/imports/{job.pk}").json()
    assert (body["rowsDone"], body["rowsChecked"]) == (6, 0)
