"""A batch commits only while the job is still claimed by the worker writing it: a lane
that outlives its SIGKILLed parent by a moment, or a worker taken for gone (silent past
STALE_AFTER) while the job was resumed elsewhere, rolls its batch back rather than commit
rows the resumed job writes again (each row then counted twice, its batch file replaced)."""

import datetime

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ImportJob
from mteja.core import clock

pytestmark = pytest.mark.django_db


def claimed_elsewhere_in_the_second_batch(monkeypatch, **claim):
    """The job claimed again (as a resume's worker claims it) while its second batch is
    written, before that batch's counts are recorded."""
    record = running._record_batch
    seen = []

    def record_after_a_new_claim(job, results, last_line, writing):
        seen.append(last_line)
        if len(seen) == 2:
            ImportJob.objects.filter(pk=job.pk).update(**claim)
        record(job, results, last_line, writing)

    monkeypatch.setattr(running, "_record_batch", record_after_a_new_claim)


@pytest.mark.parametrize(
    "claim",
    [
        {"worker": "another-host:7", "started_at": "now"},  # resumed by another worker
        {"started_at": "now"},  # … or by this host's next process of the same pid
        {"status": "cancelled"},  # cancelled once its worker was taken for gone
    ],
)
def test_a_batch_of_a_job_claimed_since_is_rolled_back(admin_user, kibera, monkeypatch, claim):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    if claim.get("started_at") == "now":
        claim["started_at"] = clock.now() + datetime.timedelta(seconds=5)
    claimed_elsewhere_in_the_second_batch(monkeypatch, **claim)
    job = import_job_create(actor=admin_user, data=client_file(6), file_name="a.csv")
    job = running.run_job(job.pk)
    # Only the first batch, written under this worker's claim; the rest is the new claim's
    # (here rolled back with the batch that saw it): not ended by this worker.
    assert Client.objects.count() == 2
    assert (job.rows_done, job.last_line, job.outcomes) == (2, 3, {"imported": 2})
    assert job.status == "running" and job.finished_at is None
    assert [path.name for path in sorted(running.files.job_dir(job).glob("rows-*"))] == [
        "rows-0000000003.jsonl"
    ]


def test_a_worker_whose_job_was_claimed_since_does_not_end_it(admin_user, kibera):
    """Its last batch committed, the job resumed meanwhile by another: its ending (status,
    counts, notification) is the other claim's."""
    job = import_job_create(actor=admin_user, data=client_file(2), file_name="a.csv")
    job = running._claim(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(worker="another-host:7")
    ended = running._finish(job, "completed")
    assert ended.finished_at is None
    assert ImportJob.objects.get(pk=job.pk).status == "running"
