"""A cancelled import's result file lists every row of its file, as a finished one's does:
the rows it wrote with their outcome, then each row it never reached said not imported
(translated), so that its starter can fix the file and import the rest. CSV and XLSX, from
its page and from Fineract's `downloadOutputTemplate`."""

import pytest
from tests.clients.bulk.stopped_jobs import (
    assert_checked_two_then,
    download,
    imported_as,
    last_status_line,
    result_sheets,
    run_in_batches_of_two,
    with_a_blank_line,
)
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_jobs import HEADER, client_file, result_lines

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_cancel, import_job_create
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db

NOT_REACHED = "Not imported: the import was cancelled before this row"


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def cancelled_after_its_first_batch(user, monkeypatch, data: bytes, **options) -> ImportJob:
    """The file's job, in batches of two, cancelled by `user` once its first batch is written."""

    def cancel_after_the_first_batch(job):
        if job.rows_done == 2:
            import_job_cancel(actor=user, job=job)

    job = run_in_batches_of_two(user, monkeypatch, data, cancel_after_the_first_batch, **options)
    assert (job.status, job.rows_done) == ("cancelled", 2)
    return job


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_the_result_of_a_cancelled_import_lists_every_row_of_its_file(
    api_as, browse_as, clerk, monkeypatch, chosen
):
    data = with_a_blank_line(client_file(6, bad_lines={6}))
    job = cancelled_after_its_first_batch(clerk, monkeypatch, data)
    # its bad row (JOB-6) too: no row after the cancel is checked
    expected = ["Status", *imported_as(2), *[NOT_REACHED] * 4]
    for rows in result_sheets(api_as(clerk), browse_as(clerk), job, chosen):
        assert [row[-1] for row in rows] == expected
        assert [row[3] for row in rows[1:]] == [f"JOB-{line}" for line in range(2, 8)]
        assert rows[5][2] == ""  # JOB-6's missing last name, as the file gave it


def test_a_job_cancelled_before_it_ran_lists_each_row_not_imported(api_as, clerk):
    job = import_job_create(actor=clerk, data=client_file(3), file_name="a.csv")
    job = import_job_cancel(actor=clerk, job=job)
    assert result_lines(job) == [(2, "not reached"), (3, "not reached"), (4, "not reached")]
    params = {"importDocumentId": job.pk, "format": "csv"}
    body = download(api_as(clerk), f"{API}/imports/downloadOutputTemplate", params)
    assert body.decode("utf-8-sig").splitlines() == [
        f"{HEADER},Status",
        *(f"Kibera,Asha,Njeri{line},JOB-{line},2024-01-10,{NOT_REACHED}" for line in (2, 3, 4)),
    ]


def test_a_cancelled_checks_rows_not_reached_are_said_not_checked(clerk, monkeypatch):
    job = cancelled_after_its_first_batch(clerk, monkeypatch, client_file(4), dry_run=True)
    assert_checked_two_then(
        job, 4, "not checked", "Not checked: the check was cancelled before this row"
    )


def test_a_completed_jobs_result_is_unchanged(clerk):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    job = running.run_job(job.pk)
    assert result_lines(job) == [(2, "imported"), (3, "imported")]


@pytest.mark.parametrize(
    ("language", "status"),
    [
        ("fr", "Non importée : l’import a été annulé avant cette ligne"),
        ("es", "No importada: la importación se canceló antes de esta fila"),
    ],
)
def test_the_rows_not_reached_are_said_so_in_the_readers_language(
    browse_as, clerk, language, status
):
    job = import_job_create(actor=clerk, data=client_file(1), file_name="a.csv")
    import_job_cancel(actor=clerk, job=job)
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    assert last_status_line(web, job).endswith(f",{status}")  # (its one row's)
