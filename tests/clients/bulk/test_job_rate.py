"""The rate and time left of a resumed job: a resumed run reads its file again up to its last
line (each of its lanes does) before its first row, so its rate counts from its first batch,
the rows of this run alone — not the minute of reading again, which showed a tenth of the
true rate and ten times the time left (the page's, the API's and `mteja import`'s bar)."""

import datetime

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import running
from mteja.clients.imports.progress import progress, text_bar
from mteja.clients.imports.services import import_job_create, import_job_resume
from mteja.core import clock

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def time(monkeypatch):
    """A clock that moves only when told to."""
    now = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    return now


def test_a_resumed_jobs_rate_counts_its_rows_from_its_first_batch(
    admin_user, kibera, monkeypatch, time
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)

    def failing_in_the_third_batch(job):
        if job.rows_done == 6:
            raise OSError("the disk was full")  # the batch is rolled back, the job fails

    job = import_job_create(actor=admin_user, data=client_file(12), file_name="a.csv")
    job = running.run_job(job.pk, on_progress=failing_in_the_third_batch)
    assert (job.status, job.rows_done) == ("failed", 4)
    import_job_resume(actor=admin_user, job=job, run_here=True)
    time[0] += 60 * SECOND  # the four rows before its last line read again
    shown = []

    def a_batch_a_second(job):
        shown.append((progress(job), text_bar(job)))
        time[0] += SECOND

    job = running.run_job(job.pk, on_progress=a_batch_a_second, claimed=True)
    assert job.status == "completed"
    (first, first_bar), (second, second_bar) = shown[:2]
    # Its first batch: no rate yet (not 2 rows in 60 s).
    assert (first["rowsDone"], first["rate"], first["secondsLeft"]) == (6, None, None)
    assert "rows/s" not in first_bar and "ETA" not in first_bar
    # Its second: 2 rows in the second since its first, 4 rows left.
    assert (second["rowsDone"], second["rate"], second["secondsLeft"]) == (8, 2.0, 2)
    assert second_bar.endswith("8/12 rows  2 rows/s  ETA 0:00:02")


def test_a_new_jobs_rate_counts_from_its_start(admin_user, kibera, monkeypatch, time):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    shown = []

    def a_batch_a_second(job):
        time[0] += SECOND
        shown.append(progress(job))

    job = import_job_create(actor=admin_user, data=client_file(6), file_name="a.csv")
    running.run_job(job.pk, on_progress=a_batch_a_second)
    assert [(each["rowsDone"], each["rate"]) for each in shown] == [(2, 2.0), (4, 2.0), (6, 2.0)]
