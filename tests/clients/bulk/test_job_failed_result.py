"""A failed import's result file lists every row of its file, as a cancelled one's does
(decision 245): the rows it wrote with their outcome, then each row it never reached said not
imported (not checked, for a check) because it stopped on an error, in the reader's
language; resumed and completed, the final outcomes. CSV and XLSX, from the job's page and
from Fineract's `downloadOutputTemplate`."""

import pytest
from tests.clients.bulk.stopped_jobs import (
    STOPPED,
    assert_checked_two_then,
    download,
    imported_as,
    last_status_line,
    result_sheets,
    run_in_batches_of_two,
    sheet_rows,
    with_a_blank_line,
)
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_create, import_job_resume
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class LaneDied(Exception):
    """What a job meets that it does not expect (a lane's process killed, the database
    gone): raised as its second batch is recorded, which rolls that batch back."""


def failed_at_its_second_batch(user, monkeypatch, data: bytes, **options) -> ImportJob:
    """The file's job, in batches of two, stopped by an unexpected error in its second."""

    def fail_at_the_second_batch(job):
        if job.rows_done == 4:
            raise LaneDied

    job = run_in_batches_of_two(user, monkeypatch, data, fail_at_the_second_batch, **options)
    assert (job.status, job.rows_done) == ("failed", 2)
    assert job.error == "The import stopped on an unexpected error."
    return job


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_the_result_of_a_failed_import_lists_every_row_of_its_file(
    api_as, browse_as, clerk, monkeypatch, chosen
):
    data = with_a_blank_line(client_file(6, bad_lines={6}))
    job = failed_at_its_second_batch(clerk, monkeypatch, data)
    # the batch rolled back, its bad row (JOB-6) and the blank one passed
    expected = ["Status", *imported_as(2), *[STOPPED] * 4]
    for rows in result_sheets(api_as(clerk), browse_as(clerk), job, chosen):
        assert [row[-1] for row in rows] == expected
        assert [row[3] for row in rows[1:]] == [f"JOB-{line}" for line in range(2, 8)]
        assert rows[5][2] == ""  # JOB-6's missing last name, as the file gave it


def test_a_failed_checks_rows_not_reached_are_said_not_checked(clerk, monkeypatch):
    job = failed_at_its_second_batch(clerk, monkeypatch, client_file(5), dry_run=True)
    assert_checked_two_then(
        job, 5, "check stopped before",
        "Not checked: the check stopped on an error before checking this row",
    )  # fmt: skip


def test_a_failed_job_resumed_to_its_end_lists_its_final_outcomes(api_as, clerk, monkeypatch):
    job = failed_at_its_second_batch(clerk, monkeypatch, client_file(6, bad_lines={6}))
    import_job_resume(actor=clerk, job=job)
    job = running.run_job(job.pk)
    assert job.status == "completed"
    body = download(api_as(clerk), f"{API}/imports/downloadOutputTemplate",
                    {"importDocumentId": job.pk, "format": "csv"})  # fmt: skip
    statuses = [row[-1] for row in sheet_rows(body, "csv")[1:]]
    assert len(statuses) == 6 and STOPPED not in statuses
    assert statuses[4].startswith("lastname: ")  # JOB-6's refusal
    assert all(status.startswith("Imported as ") for n, status in enumerate(statuses) if n != 4)


def test_a_file_unreadable_past_a_point_lists_its_rows_up_to_it(api_as, clerk, monkeypatch):
    """The rows the file still gives, then the end of the result: a 200, read to its end."""
    lines = client_file(400).split(b"\r\n")  # past the part read to find the header
    lines[349] = lines[349].replace(b"Asha", b"As\xffha")  # line 350: not UTF-8
    monkeypatch.setattr(running, "BATCH_SIZE", 50)
    job = import_job_create(actor=clerk, data=b"\r\n".join(lines), file_name="a.csv")
    job = running.run_job(job.pk)
    assert job.status == "failed" and "UTF-8" in job.error
    body = download(api_as(clerk), f"{API}/imports/downloadOutputTemplate",
                    {"importDocumentId": job.pk, "format": "csv"})  # fmt: skip
    rows = sheet_rows(body, "csv")
    assert rows[0][-1] == "Status"
    listed = len(rows) - 1  # the rows read before the part of the file that is not UTF-8
    assert job.rows_done < listed < 349
    assert [row[3] for row in rows[1:]] == [f"JOB-{line}" for line in range(2, 2 + listed)]
    assert {row[-1] for row in rows[1 + job.rows_done :]} == {STOPPED}


@pytest.mark.parametrize(
    ("language", "status"),
    [
        ("fr", "Non importée : l’import s’est arrêté sur une erreur avant d’écrire cette ligne"),
        ("es", "No importada: la importación se detuvo por un error antes de escribir esta fila"),
    ],
)
def test_the_rows_not_reached_are_said_so_in_the_readers_language(
    browse_as, clerk, monkeypatch, language, status
):
    job = failed_at_its_second_batch(clerk, monkeypatch, client_file(5))
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    assert last_status_line(web, job).endswith(f",{status}")
