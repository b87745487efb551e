"""What the tests of a stopped job's result file share (test_job_cancelled_result.py,
test_job_failed_result.py, test_job_interrupted_result.py, test_job_result_offered.py): a
job stopped in one of its batches of two, its result file taken as its page and Fineract's
`downloadOutputTemplate` offer it, read back as rows."""

from __future__ import annotations

import io
from collections.abc import Callable

from python_calamine import CalamineWorkbook
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_jobs import result_lines

from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ImportJob

STOPPED = "Not imported: the import stopped on an error before writing this row"


def run_in_batches_of_two(
    user, monkeypatch, data: bytes, on_progress: Callable[[ImportJob], None], **options
) -> ImportJob:
    """The file's job, in batches of two, run with `on_progress` called after each batch."""
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    job = import_job_create(actor=user, data=data, file_name="a.csv", **options)
    return running.run_job(job.pk, on_progress=on_progress)


def with_a_blank_line(data: bytes) -> bytes:
    """The file with a row of blank cells after its fourth row: no client, passed over."""
    lines = data.decode().split("\r\n")
    return "\r\n".join([*lines[:5], ",,,,", *lines[5:]]).encode()


def sheet_rows(body: bytes, chosen: str) -> list[list[str]]:
    if chosen == "csv":
        return [line.split(",") for line in body.decode("utf-8-sig").splitlines()]
    return CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()


def download(client, path: str, params: dict) -> bytes:
    response = client.get(path, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # read to its end: its slots held till then


def imported_as(count: int) -> list[str]:
    """The statuses of the first `count` rows, each imported as its client's number."""
    numbers = Client.objects.order_by("external_id").values_list("account_no", flat=True)
    return [f"Imported as {number}" for number in numbers[:count]]


def result_sheets(api, web, job: ImportJob, chosen: str) -> list[list[list[str]]]:
    """The job's result file (`chosen`: csv or xlsx) as rows, from Fineract's
    `downloadOutputTemplate` and from the job's own page (which offers it), in that order."""
    page = web.get(f"/imports/{job.pk}/").content.decode()
    assert f'href="/imports/{job.pk}/result.{chosen}"' in page  # the page offers it
    params = {"importDocumentId": job.pk, "format": chosen}
    return [
        sheet_rows(download(client, path, params), chosen)
        for client, path in [
            (api, f"{API}/imports/downloadOutputTemplate"),
            (web, f"/imports/{job.pk}/result.{chosen}"),
        ]
    ]


def last_status_line(web, job: ImportJob) -> str:
    """The last line of the job's result file as CSV, taken by `web` (in its language)."""
    body = b"".join(web.get(f"/imports/{job.pk}/result.csv").streaming_content)
    return body.decode("utf-8-sig").splitlines()[-1]


def assert_checked_two_then(job: ImportJob, rows: int, outcome: str, status: str) -> None:
    """A check of `rows` rows stopped after its first batch: its two rows valid, each
    after it recorded as `outcome` and said `status` in the result file."""
    assert result_lines(job) == [
        (2, "valid"), (3, "valid"), *((line, outcome) for line in range(4, 2 + rows))
    ]  # fmt: skip
    assert [row.status() for row in running.files.result_rows(job)][2:] == [status] * (rows - 2)
