"""An interrupted import's result file (its worker killed: running.worker_gone) lists every
row of its file, as a cancelled or failed one's does (decisions 234, 245): the rows its
committed batches wrote, then each row it never reached said not imported because the import
was interrupted, and that resuming it imports the rest — in the reader's language."""

import pytest
from tests.clients.bulk.stopped_jobs import (
    assert_checked_two_then,
    imported_as,
    last_status_line,
    result_sheets,
    run_in_batches_of_two,
)
from tests.clients.bulk.test_jobs import DEAD_WORKER, client_file, result_lines

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_resume
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

INTERRUPTED = (
    "Not imported: the import was interrupted before this row; resume it to import the rest"
)


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Killed(BaseException):
    """The worker's death in its second batch (SIGKILL): nothing of the job's own runs after
    it, the batch is rolled back, and the job stays running under a worker that is gone."""


def interrupted_in_its_second_batch(user, monkeypatch, data: bytes, **options) -> ImportJob:
    def die_in_the_second_batch(job):
        if job.rows_done == 4:
            raise Killed

    with pytest.raises(Killed):
        run_in_batches_of_two(user, monkeypatch, data, die_in_the_second_batch, **options)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(worker=DEAD_WORKER)  # its process gone
    job.refresh_from_db()
    assert (job.status, job.rows_done, running.shown_status(job)) == ("running", 2, "interrupted")
    return job


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_the_result_of_an_interrupted_import_lists_every_row_of_its_file(
    api_as, browse_as, clerk, monkeypatch, chosen
):
    job = interrupted_in_its_second_batch(clerk, monkeypatch, client_file(5))
    expected = ["Status", *imported_as(2), *[INTERRUPTED] * 3]
    for rows in result_sheets(api_as(clerk), browse_as(clerk), job, chosen):
        assert [row[-1] for row in rows] == expected
        assert [row[3] for row in rows[1:]] == [f"JOB-{line}" for line in range(2, 7)]


def test_an_interrupted_checks_rows_not_reached_are_said_not_checked(clerk, monkeypatch):
    job = interrupted_in_its_second_batch(clerk, monkeypatch, client_file(5), dry_run=True)
    assert_checked_two_then(
        job, 5, "check interrupted before",
        "Not checked: the check was interrupted before this row; resume it to check the rest",
    )  # fmt: skip


def test_a_job_whose_worker_still_runs_lists_only_the_rows_written(clerk, monkeypatch):
    job = interrupted_in_its_second_batch(clerk, monkeypatch, client_file(5))
    ImportJob.objects.filter(pk=job.pk).update(worker=running.this_worker())
    job.refresh_from_db()
    assert result_lines(job) == [(2, "imported"), (3, "imported")]


def test_an_interrupted_job_resumed_to_its_end_lists_its_final_outcomes(clerk, monkeypatch):
    job = interrupted_in_its_second_batch(clerk, monkeypatch, client_file(5))
    import_job_resume(actor=clerk, job=job)
    job = running.run_job(job.pk)
    assert job.status == "completed"
    assert result_lines(job) == [(line, "imported") for line in range(2, 7)]
    assert Client.objects.count() == 5


@pytest.mark.parametrize(
    ("language", "status"),
    [
        ("fr", "Non importée : l’import a été interrompu avant cette ligne ; "
               "reprenez-le pour importer le reste"),
        ("es", "No importada: la importación se interrumpió antes de esta fila; "
               "reanúdela para importar el resto"),
    ],
)  # fmt: skip
def test_the_rows_not_reached_are_said_so_in_the_readers_language(
    browse_as, clerk, monkeypatch, language, status
):
    job = interrupted_in_its_second_batch(clerk, monkeypatch, client_file(5))
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    assert last_status_line(web, job).endswith(f",{status}")
