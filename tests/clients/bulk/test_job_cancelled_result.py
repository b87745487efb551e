"""A cancelled import's result file lists every row of its file, as a finished one's does:
the rows it wrote with their outcome, then each row it never reached said not imported
(translated), so that its starter can fix the file and import the rest. CSV and XLSX, from
its page and from Fineract's `downloadOutputTemplate`."""

import io

import pytest
from python_calamine import CalamineWorkbook
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_jobs import HEADER, client_file, result_lines

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_cancel, import_job_create
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

NOT_REACHED = "Not imported: the import was cancelled before this row"


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def cancelled_after_its_first_batch(user, monkeypatch, data: bytes, **options) -> ImportJob:
    """The file's job, in batches of two, cancelled by `user` once its first batch is written."""
    monkeypatch.setattr(running, "BATCH_SIZE", 2)

    def cancel_after_the_first_batch(job):
        if job.rows_done == 2:
            import_job_cancel(actor=user, job=job)

    job = import_job_create(actor=user, data=data, file_name="a.csv", **options)
    job = running.run_job(job.pk, on_progress=cancel_after_the_first_batch)
    assert (job.status, job.rows_done) == ("cancelled", 2)
    return job


def with_a_blank_line(data: bytes) -> bytes:
    """The file with a row of blank cells after its fourth row: no client, passed over."""
    lines = data.decode().split("\r\n")
    return "\r\n".join([*lines[:5], ",,,,", *lines[5:]]).encode()


def sheet_rows(body: bytes, chosen: str) -> list[list[str]]:
    if chosen == "csv":
        return [line.split(",") for line in body.decode("utf-8-sig").splitlines()]
    return CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_the_result_of_a_cancelled_import_lists_every_row_of_its_file(
    api_as, browse_as, clerk, monkeypatch, chosen
):
    data = with_a_blank_line(client_file(6, bad_lines={6}))
    job = cancelled_after_its_first_batch(clerk, monkeypatch, data)
    numbers = list(Client.objects.order_by("external_id").values_list("account_no", flat=True))
    expected = [
        ["Status"],
        [f"Imported as {numbers[0]}"],
        [f"Imported as {numbers[1]}"],
        *[[NOT_REACHED]] * 4,  # its bad row (JOB-6) too: no row after the cancel is checked
    ]
    params = {"importDocumentId": job.pk, "format": chosen}
    for client, path in [
        (api_as(clerk), f"{API}/imports/downloadOutputTemplate"),
        (browse_as(clerk), f"/imports/{job.pk}/result.{chosen}"),
    ]:
        response = client.get(path, params)  # (each read to its end: its slots held till then)
        assert response.status_code == 200
        rows = sheet_rows(b"".join(response.streaming_content), chosen)
        assert [row[-1:] for row in rows] == expected
        assert [row[3] for row in rows[1:]] == [f"JOB-{line}" for line in range(2, 8)]
        assert rows[5][2] == ""  # JOB-6's missing last name, as the file gave it


def test_a_job_cancelled_before_it_ran_lists_each_row_not_imported(api_as, clerk):
    job = import_job_create(actor=clerk, data=client_file(3), file_name="a.csv")
    job = import_job_cancel(actor=clerk, job=job)
    assert result_lines(job) == [(2, "not reached"), (3, "not reached"), (4, "not reached")]
    params = {"importDocumentId": job.pk, "format": "csv"}
    body = b"".join(
        api_as(clerk).get(f"{API}/imports/downloadOutputTemplate", params).streaming_content
    )
    assert body.decode("utf-8-sig").splitlines() == [
        f"{HEADER},Status",
        *(f"Kibera,Asha,Njeri{line},JOB-{line},2024-01-10,{NOT_REACHED}" for line in (2, 3, 4)),
    ]


def test_a_cancelled_checks_rows_not_reached_are_said_not_checked(clerk, monkeypatch):
    job = cancelled_after_its_first_batch(clerk, monkeypatch, client_file(4), dry_run=True)
    assert result_lines(job) == [(2, "valid"), (3, "valid"), (4, "not checked"), (5, "not checked")]
    assert [row.status() for row in running.files.result_rows(job)][2:] == [
        "Not checked: the check was cancelled before this row"
    ] * 2


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
    body = b"".join(web.get(f"/imports/{job.pk}/result.csv").streaming_content)
    assert body.decode("utf-8-sig").splitlines()[1].endswith(f",{status}")
