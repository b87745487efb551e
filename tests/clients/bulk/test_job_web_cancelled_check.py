"""A cancelled check (dry run) wrote nothing: its page says that resuming it checks the rest,
not that "the rows written before the cancel are kept" and that it imports the rest."""

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_cancel, import_job_create
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db


def test_a_cancelled_checks_page_says_resume_checks_the_rest(browse_as, clerk, kibera,
                                                             monkeypatch):  # fmt: skip
    monkeypatch.setattr(running, "BATCH_SIZE", 2)

    def cancel_after_the_first_batch(job):
        if job.rows_done == 2:
            import_job_cancel(actor=clerk, job=job)

    job = import_job_create(actor=clerk, data=client_file(6), file_name="a.csv", dry_run=True)
    job = running.run_job(job.pk, on_progress=cancel_after_the_first_batch)
    assert (job.status, job.rows_done) == ("cancelled", 2)
    page = browse_as(clerk).get(f"/imports/{job.pk}/").content.decode()
    assert ">Resume</button>" in page
    assert "rows written" not in page and "import the rest" not in page
    assert "Nothing was written (check only). Resume it to check the rest of the file." in page
    assert not Client.objects.exists()
