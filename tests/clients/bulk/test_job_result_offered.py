"""A stopped job that wrote no row still has a result file: every row of its file, each said
not imported and why (decisions 234, 245). Its page links to it and the API's job entry says
it can be taken (`resultAvailable`), while the Mifos X web-app's list (`completed`, and the
`importId` it downloads by as `importDocumentId`) reads as before."""

import io
import zipfile

import pytest
from tests.clients.bulk.stopped_jobs import STOPPED, run_in_batches_of_two, sheet_rows
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.bulk import workbook
from mteja.clients.imports import files
from mteja.clients.imports.services import import_job_cancel, import_job_create
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db

CANCELLED_BEFORE = "Not imported: the import was cancelled before this row"


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class DatabaseGone(Exception):
    """What stops the job in its first batch, which is rolled back: no row is written."""


def failed_before_writing(user, monkeypatch) -> ImportJob:
    def fail(job):
        raise DatabaseGone

    job = run_in_batches_of_two(user, monkeypatch, client_file(3), fail)
    assert (job.status, job.rows_done) == ("failed", 0)
    return job


def result_links(page: str, job_id: int) -> list[str]:
    return [
        chosen for chosen in ("csv", "xlsx") if f'href="/imports/{job_id}/result.{chosen}"' in page
    ]


def test_a_failed_job_that_wrote_no_row_offers_its_result(api_as, browse_as, clerk, monkeypatch):
    job = failed_before_writing(clerk, monkeypatch)
    web = browse_as(clerk)
    assert result_links(web.get(f"/imports/{job.pk}/").content.decode(), job.pk) == ["csv", "xlsx"]
    body = b"".join(web.get(f"/imports/{job.pk}/result.csv").streaming_content)
    assert [row[-1] for row in sheet_rows(body, "csv")] == ["Status", *[STOPPED] * 3]
    # The web-app's list: the job not completed, downloaded by its importId.
    api = api_as(clerk)
    (entry,) = api.get(f"{API}/imports", {"entityType": "clients"}).json()
    assert (entry["importId"], entry["completed"], entry["resultAvailable"]) == (
        job.pk,
        False,
        True,
    )
    assert api.get(f"{API}/imports/{job.pk}").json()["resultAvailable"] is True
    download = api.get(f"{API}/imports/downloadOutputTemplate",
                       {"importDocumentId": entry["importId"]})  # fmt: skip
    assert download.status_code == 200
    assert len(sheet_rows(b"".join(download.streaming_content), "xlsx")) == 4


def test_a_job_cancelled_before_it_ran_offers_its_result(browse_as, clerk):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    import_job_cancel(actor=clerk, job=job)
    page = browse_as(clerk).get(f"/imports/{job.pk}/").content.decode()
    assert result_links(page, job.pk) == ["csv", "xlsx"]


def test_no_result_is_offered_where_none_can_be_made(api_as, browse_as, clerk, monkeypatch):
    """Queued (nothing done yet), or stopped with its file removed by an operator."""
    queued = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    failed = failed_before_writing(clerk, monkeypatch)
    files.source_path(failed).unlink()
    web, api = browse_as(clerk), api_as(clerk)
    for job in (queued, failed):
        assert result_links(web.get(f"/imports/{job.pk}/").content.decode(), job.pk) == []
        assert api.get(f"{API}/imports/{job.pk}").json()["resultAvailable"] is False


def understating_workbook(rows: int) -> bytes:
    """An .xlsx of `rows` clients whose `<dimension>` says it holds its header alone (a
    careless writer's): the count up front finds no row, the job's making finds one."""
    header = ["office", "firstname", "lastname", "externalId", "submittedOnDate"]
    cells = [["Kibera", "Asha", f"Njeri{n}", f"JOB-{n}", "2024-01-10"] for n in range(rows)]
    written = io.BytesIO(b"".join(workbook.workbook_chunks(header, cells, ["text"] * 5)))
    changed = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(changed, "w") as copy:
        for part in source.infolist():
            body = source.read(part.filename)
            if part.filename == workbook.SHEET_PATH:
                opened = body.index(b">", body.index(b"<worksheet")) + 1
                body = body[:opened] + b'<dimension ref="A1:E1"/>' + body[opened:]
            copy.writestr(part.filename, body)
    return changed.getvalue()


def test_a_queued_job_its_count_found_no_row_in_offers_its_result_once_cancelled(
    api_as, browse_as, clerk
):
    """Its result listed its rows, but neither its page nor `resultAvailable` offered it:
    its rows were counted as none up front."""
    job = import_job_create(actor=clerk, data=understating_workbook(3), file_name="a.xlsx")
    assert job.total_rows == 0
    import_job_cancel(actor=clerk, job=job)
    api = api_as(clerk)
    assert api.get(f"{API}/imports/{job.pk}").json()["resultAvailable"] is True
    page = browse_as(clerk).get(f"/imports/{job.pk}/").content.decode()
    assert result_links(page, job.pk) == ["csv", "xlsx"]
    params = {"importDocumentId": job.pk, "format": "xlsx"}
    download = api.get(f"{API}/imports/downloadOutputTemplate", params)
    rows = sheet_rows(b"".join(download.streaming_content), "xlsx")
    assert [row[-1] for row in rows] == ["Status", *[CANCELLED_BEFORE] * 3]


def test_a_queued_jobs_result_is_refused_saying_why(api_as, browse_as, clerk):
    """It was a file of its header alone, a 200 saying nothing."""
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    why = (
        f"Import {job.pk} has no result file yet: none of its rows has been done. Its result "
        "lists the rows as their batches are written."
    )
    params = {"importDocumentId": job.pk, "format": "csv"}
    answer = api_as(clerk).get(f"{API}/imports/downloadOutputTemplate", params)
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["defaultUserMessage"] == why
    page = browse_as(clerk).get(f"/imports/{job.pk}/result.csv")
    assert page.status_code == 403 and why in page.content.decode()
