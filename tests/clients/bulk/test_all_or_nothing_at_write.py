"""All or nothing, once the whole file was checked valid: a row refused as its batch is
written (its loan officer made inactive between the check and the write) stops the import —
that batch rolled back, no batch after it written — and the job says which row and how many
rows it imported before; the file imported again once the row is fixed completes it, no
row twice. It had written the rest of that batch and every batch after it."""

import pytest
from django.db import connection
from tests.clients.bulk.test_job_api import API, upload
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.bulk.checking import RowChecker
from mteja.clients.imports import running
from mteja.clients.imports.job_errors import error_for
from mteja.clients.imports.services import enqueue, import_job_create, import_job_resume
from mteja.clients.models import Client, ImportJob
from mteja.organisation.services import staff as staff_services

HEADER = b"office,firstname,lastname,externalId,submittedOnDate,staff"
STOPPED = (
    "All or nothing: line 5, valid when the file was checked, was refused as it was written: "
    "staff: Wambui, Grace is no longer active. The import stopped there, that line's batch "
    "undone, 2 rows imported before it. Fix the line or what it names, then "
)


@pytest.fixture
def officer(make_staff, kibera):
    return make_staff(office=kibera, firstname="Grace", lastname="Wambui", is_loan_officer=True)


CHECK_BATCH = RowChecker.check_batch


def officers_file(rows=6) -> bytes:
    """`rows` rows (lines 2…); line 5's client has Grace Wambui as loan officer."""
    lines = client_file(rows).split(b"\r\n")
    lines[0] = HEADER
    lines[1:-1] = [row + (b',"Wambui, Grace"' if n == 5 else b",")
                   for n, row in enumerate(lines[1:-1], start=2)]  # fmt: skip
    return b"\r\n".join(lines)


def deactivated_once_written_batch_checked(monkeypatch, officer, batch: int) -> None:
    """The officer made inactive once the write pass has checked its batch number `batch`
    (the check pass checks the three batches first): between that check and its write."""
    check_batch, calls = CHECK_BATCH, []

    def checked(self, rows):
        result = check_batch(self, rows)
        calls.append(rows[0][0])
        if len(calls) == 3 + batch:
            staff_services.staff_update(actor=None, staff=officer, is_active=False)
        return result

    monkeypatch.setattr(RowChecker, "check_batch", checked)


def external_ids() -> list[str]:
    return sorted(Client.objects.values_list("external_id", flat=True))


@pytest.mark.django_db
def test_a_row_refused_as_written_stops_the_job_and_a_reupload_completes_it(
    api_as, clerk, kibera, officer, monkeypatch
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)  # lines 2–3, 4–5, 6–7
    deactivated_once_written_batch_checked(monkeypatch, officer, batch=2)
    job_id = upload(api_as(clerk), officers_file(), allOrNothing="true").json()
    body = api_as(clerk).get(f"{API}/imports/{job_id}").json()
    assert (body["status"], body["imported"], body["rowsDone"]) == ("failed", 2, 2)
    assert body["errorMessage"].startswith(STOPPED + "resume the import or import the file")
    assert external_ids() == ["JOB-2", "JOB-3"]  # line 4 rolled back with 5; 6, 7 not written
    monkeypatch.undo()
    staff_services.staff_update(actor=None, staff=officer, is_active=True)
    again = upload(api_as(clerk), officers_file(), allOrNothing="true").json()
    body = api_as(clerk).get(f"{API}/imports/{again}").json()
    assert (body["status"], body["imported"], body["alreadyImported"]) == ("completed", 4, 2)
    assert external_ids() == [f"JOB-{line}" for line in range(2, 8)]
    assert Client.objects.get(external_id="JOB-5").staff == officer


@pytest.mark.django_db
def test_the_stopped_job_resumed_once_its_row_is_fixed_completes_it(
    clerk, kibera, officer, monkeypatch
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    deactivated_once_written_batch_checked(monkeypatch, officer, batch=2)
    job = import_job_create(actor=clerk, data=officers_file(), file_name="a.csv",
                            all_or_nothing=True)  # fmt: skip
    enqueue(job)
    job.refresh_from_db()
    assert (job.status, job.outcomes, job.last_line) == ("failed", {"imported": 2}, 3)
    monkeypatch.setattr(RowChecker, "check_batch", CHECK_BATCH)
    staff_services.staff_update(actor=None, staff=officer, is_active=True)
    import_job_resume(actor=clerk, job=job)
    enqueue(job)
    job.refresh_from_db()
    assert (job.status, job.error, job.outcomes) == ("completed", "", {"imported": 6})
    assert external_ids() == [f"JOB-{line}" for line in range(2, 8)]


@pytest.mark.django_db
def test_an_import_at_once_stops_alike_and_says_so(api_as, clerk, kibera, officer, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mteja.clients.bulk.importing import ClientImport

    run = ClientImport.run
    monkeypatch.setattr(ClientImport, "run", lambda self, **options: run(self, **options,
                                                                         batch_size=2))  # fmt: skip
    deactivated_once_written_batch_checked(monkeypatch, officer, batch=2)
    response = api_as(clerk).post(
        f"{API}/clients/import",
        {"file": SimpleUploadedFile("a.csv", officers_file()), "allOrNothing": "true"},
        format="multipart",
    )
    assert response.status_code == 403, response.content
    (error,) = response.json()["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.client.import.row.refused.at.write"
    assert error["parameterName"] == "file"
    assert error["defaultUserMessage"] == STOPPED + (
        "import the file again: the rows imported are recognised, none is written twice."
    )
    assert external_ids() == ["JOB-2", "JOB-3"]


@pytest.mark.django_db
def test_without_all_or_nothing_the_row_alone_is_refused(api_as, clerk, kibera, officer,
                                                         monkeypatch):  # fmt: skip
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    check_batch = CHECK_BATCH

    def checked(self, rows):  # (one pass: the second batch is the second check)
        result = check_batch(self, rows)
        if rows[0][0] == 4:
            staff_services.staff_update(actor=None, staff=officer, is_active=False)
        return result

    monkeypatch.setattr(RowChecker, "check_batch", checked)
    job_id = upload(api_as(clerk), officers_file()).json()
    job = ImportJob.objects.get(pk=job_id)
    assert (job.status, job.outcomes) == ("completed", {"imported": 5, "invalid": 1})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="forked lanes need a database on a server"
)
def test_in_two_lanes_no_batch_after_the_refused_one_is_written(
    clerk, kibera, officer, monkeypatch, settings
):
    """The lane writing the refused row's batch stops the others: each waits for its turn,
    which never comes."""
    import os

    from mteja.clients.bulk import lanes

    settings.MTEJA_IMPORT_LANES = 2
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    record = running._record_batch

    def deactivated_once_checked(job, results, last_line, writing):
        record(job, results, last_line, writing)
        if not writing and last_line == 9:  # the check pass's last batch
            staff_services.staff_update(actor=None, staff=officer, is_active=False)

    monkeypatch.setattr(running, "_record_batch", deactivated_once_checked)
    assert lanes.lanes_wanted() == 2
    job = import_job_create(actor=clerk, data=officers_file(8), file_name="a.csv",
                            all_or_nothing=True)  # fmt: skip
    enqueue(job)
    job.refresh_from_db()
    assert job.status == "failed" and error_for(job, clerk, may_resume=True).startswith(STOPPED)
    assert (job.outcomes, job.last_line) == ({"imported": 2}, 3)
    assert external_ids() == ["JOB-2", "JOB-3"]
