"""Import jobs over Fineract's bulk import API (what the web-app's bulk import screen calls)
and Mteja's progress and cancel extensions; every read scoped to whoever may see the job."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.models import Client, ImportJob
from mteja.core.sizes import file_size

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
UPLOAD = f"{API}/clients/uploadtemplate"


def upload(client, data: bytes, name="clients-person.csv", legal_form="CLIENTS_PERSON", **form):
    body = {"file": SimpleUploadedFile(name, data, "text/csv"), "locale": "en",
            "dateFormat": "dd MMMM yyyy", **form}  # fmt: skip
    return client.post(f"{UPLOAD}?legalFormType={legal_form}", body, format="multipart")


def read(response):
    """The response, its download read to its end: a result file holds its export slots
    until then (files.job_result)."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_an_upload_answers_the_import_id_and_the_job_imports_the_file(api_as, clerk):
    response = upload(api_as(clerk), client_file(3, bad_lines={3}))
    assert response.status_code == 200, response.content
    job_id = response.json()
    assert isinstance(job_id, int)
    job = ImportJob.objects.get(pk=job_id)
    assert (job.status, job.file_name, job.legal_form) == ("completed", "clients-person.csv", 1)
    assert Client.objects.count() == 2


def test_the_list_has_fineracts_shape(api_as, clerk):
    job_id = upload(api_as(clerk), client_file(3, bad_lines={3})).json()
    response = api_as(clerk).get(f"{API}/imports", {"entityType": "clients"})
    assert response.status_code == 200
    (row,) = response.json()
    assert row["importId"] == row["documentId"] == job_id
    assert row["name"] == "clients-person.csv"
    assert (row["completed"], row["createdBy"], row["totalRecords"]) == (True, clerk.pk, 3)
    assert (row["successCount"], row["failureCount"]) == (2, 1)
    assert len(row["importTime"]) == 3 and len(row["endTime"]) == 3
    assert api_as(clerk).get(f"{API}/imports", {"entityType": "loans"}).json() == []
    missing = api_as(clerk).get(f"{API}/imports")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["parameterName"] == "entityType"


def test_the_progress_and_the_first_errors(api_as, clerk):
    job_id = upload(api_as(clerk), client_file(3, bad_lines={3})).json()
    body = api_as(clerk).get(f"{API}/imports/{job_id}").json()
    assert (body["status"], body["rowsDone"], body["totalRows"], body["percent"]) == (
        "completed", 3, 3, 100,
    )  # fmt: skip
    assert "rate" in body and body["secondsLeft"] is None
    assert (body["imported"], body["invalid"]) == (2, 1)
    assert body["errors"] == [
        {"line": 3, "column": "lastname", "message": body["errors"][0]["message"]}
    ]


@pytest.mark.parametrize("chosen", ["xlsx", "csv"])
def test_the_result_file_is_the_input_with_a_status_column(api_as, clerk, chosen):
    job_id = upload(api_as(clerk), client_file(2, bad_lines={3})).json()
    params = {"importDocumentId": job_id}
    if chosen == "csv":
        params["format"] = "csv"
    response = api_as(clerk).get(f"{API}/imports/downloadOutputTemplate", params)
    assert response.status_code == 200
    assert 'filename="clients-person-result.' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    if chosen == "csv":
        rows = [line.split(",") for line in body.decode("utf-8-sig").splitlines()]
    else:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0)
        rows = sheet.to_python()
    number = Client.objects.get().account_no
    assert rows[0][-1] == "Status"
    assert rows[1][-1] == f"Imported as {number}"
    assert rows[2][-1].startswith("lastname:")


def test_a_result_file_holds_the_export_slots_while_it_streams(api_as, browse_as, clerk, settings):
    """A million rows' result streams from a sync web worker for minutes, as an export does:
    it takes the export's slots (the user's, the host's), so that two such downloads cannot
    hold every web worker; beyond them a 429, and nothing journaled, until one ends."""
    from mteja.core import slots
    from mteja.core.models import AuditEvent

    settings.MTEJA_EXPORTS_AT_ONCE = 1
    job_id = upload(api_as(clerk), client_file(2)).json()
    url, params = f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id}
    running = api_as(clerk).get(url, params)  # streaming: its slots held until read or closed
    assert running.status_code == 200
    refused = api_as(clerk).get(url, {**params, "format": "csv"})
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.client.export.in.progress"
    )
    web = browse_as(clerk).get(f"/imports/{job_id}/result.csv")
    assert web.status_code == 429 and "already exporting" in web.content.decode()
    b"".join(running.streaming_content)  # read to its end: the slots are free again
    other = slots.take("export", 1)  # somebody else's export
    busy = api_as(clerk).get(url, params)
    other.release()
    assert busy.status_code == 429
    assert busy.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.client.export.busy"
    )
    assert api_as(clerk).get(url, params).status_code == 200
    events = AuditEvent.objects.filter(entity_name="IMPORT", action_name="EXPORT")
    assert events.count() == 2  # the refusals export nothing


def test_another_branchs_user_cannot_see_cancel_or_download_a_job(
    api_as, clerk, make_user, make_office
):
    job_id = upload(api_as(clerk), client_file(1)).json()
    ImportJob.objects.filter(pk=job_id).update(status="queued")  # still cancellable
    stranger = make_user(("ALL_FUNCTIONS",), office=make_office(name="Nakuru"))
    other = api_as(stranger)
    assert other.get(f"{API}/imports", {"entityType": "clients"}).json() == []
    for response in (
        other.get(f"{API}/imports/{job_id}"),
        other.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id}),
        other.post(f"{API}/imports/{job_id}?command=cancel"),
    ):
        assert response.status_code == 404
        assert response.json()["userMessageGlobalisationCode"] == "error.msg.resource.not.found"
    assert ImportJob.objects.get(pk=job_id).status == "queued"


def test_a_head_office_supervisor_sees_the_branch_jobs(api_as, clerk, make_user):
    job_id = upload(api_as(clerk), client_file(1)).json()
    supervisor = make_user(("ALL_FUNCTIONS_READ",))
    rows = api_as(supervisor).get(f"{API}/imports", {"entityType": "clients"}).json()
    assert [row["importId"] for row in rows] == [job_id]
    colleague = make_user(("CREATE_CLIENT",), office=clerk.office)  # no wider permission
    assert api_as(colleague).get(f"{API}/imports", {"entityType": "clients"}).json() == []


def test_cancel_answers_the_new_status_and_a_finished_job_refuses(api_as, clerk):
    job_id = upload(api_as(clerk), client_file(1)).json()
    finished = api_as(clerk).post(f"{API}/imports/{job_id}?command=cancel")
    assert finished.status_code == 403
    assert finished.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.import.already.finished"
    )
    ImportJob.objects.filter(pk=job_id).update(status="queued")
    response = api_as(clerk).post(f"{API}/imports/{job_id}?command=cancel")
    assert response.status_code == 200
    assert response.json() == {"resourceId": job_id, "changes": {"status": "cancelled"}}


def test_a_bad_file_answers_fineracts_error_body_and_makes_no_job(api_as, clerk):
    response = upload(api_as(clerk), b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.png")
    assert response.status_code == 400
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    assert body["errors"][0]["parameterName"] == "file"
    assert not ImportJob.objects.exists()


def test_starting_an_import_needs_the_create_permission(api_as, make_user, kibera):
    reader = make_user(("READ_CLIENT",), office=kibera)
    response = upload(api_as(reader), client_file(1))
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_an_import_file_has_its_own_size_limit(api_as, clerk, settings):
    data = client_file(3)
    settings.MTEJA_UPLOAD_MAX_BYTES = len(data) // 2  # a document's limit: an import ignores it
    settings.MTEJA_IMPORT_MAX_BYTES = len(data) + 10
    accepted = upload(api_as(clerk), data)
    assert accepted.status_code == 200, accepted.content
    assert Client.objects.count() == 3
    settings.MTEJA_IMPORT_MAX_BYTES = len(data) - 10
    refused = upload(api_as(clerk), data)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"].endswith("exceeds.max.size")
    assert ImportJob.objects.count() == 1


def test_an_import_file_larger_than_any_other_upload_reaches_its_endpoint(api_as, clerk, settings):
    # The API refuses a body larger than an ordinary upload before reading it; a client
    # file may be far larger (a migration's million rows): its endpoint's own limit counts.
    data = client_file(40)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.MTEJA_UPLOAD_MAX_BYTES = len(data) // 4
    accepted = upload(api_as(clerk), data)
    assert accepted.status_code == 200, accepted.content
    assert Client.objects.count() == 40
    settings.MTEJA_IMPORT_MAX_BYTES = len(data) // 4  # and that limit holds before reading too
    refused = upload(api_as(clerk), data)
    assert refused.status_code == 413
    assert refused.json()["userMessageGlobalisationCode"] == "error.msg.request.body.too.large"
    limit = settings.MTEJA_IMPORT_MAX_BYTES  # the one the file must keep to, not the body's
    assert (
        refused.json()["defaultUserMessage"]
        == f"The file is larger than the limit of {file_size(limit)}."
    )
    assert ImportJob.objects.count() == 1


def test_the_result_file_keeps_an_uploaded_name_of_any_characters(api_as, clerk):
    for name, expected in (("wateja – Nyeri.csv", "wateja%20%E2%80%93%20Nyeri-result.xlsx"),
                           ('a"b.csv', 'a\\"b-result.xlsx')):  # fmt: skip
        job_id = upload(api_as(clerk), client_file(1), name=name).json()
        response = read(
            api_as(clerk).get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id})
        )
        assert response["Content-Disposition"].startswith("attachment; filename")
        assert expected in response["Content-Disposition"]


def test_a_job_whose_starter_may_no_longer_create_clients_writes_none(
    api_as, clerk, make_user, kibera
):
    from tests.clients.bulk.test_jobs import DEAD_WORKER

    from mteja.clients.imports.services import import_job_create

    job = import_job_create(actor=clerk, data=client_file(2), file_name="c.csv")
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=DEAD_WORKER)
    clerk.is_active = False
    clerk.save()
    boss = make_user(("READ_IMPORT", "RESUME_IMPORT", "CREATE_CLIENT"), office=kibera)
    # Refused up front (decision 122): resumed, it would write none and fail at once.
    refused = api_as(boss).post(f"{API}/imports/{job.pk}?command=resume")
    assert refused.status_code == 403
    assert "may no longer create clients" in refused.json()["errors"][0]["defaultUserMessage"]
    job.refresh_from_db()
    assert job.status == "running" and job.worker == DEAD_WORKER
    assert not Client.objects.exists()


@pytest.mark.parametrize(("legal_form", "stored"), [("CLIENTS_PERSON", 1), ("CLIENTS_ENTITY", 2)])
def test_the_uploads_legal_form_is_a_rows_without_a_legal_form_column(
    api_as, clerk, legal_form, stored
):
    data = b"office,fullname,submittedOnDate\r\nKibera,Mama Mboga,2024-01-10\r\n"
    response = upload(api_as(clerk), data, legal_form=legal_form)
    assert response.status_code == 200, response.content
    assert list(Client.objects.values_list("legal_form", flat=True)) == [stored]


def test_the_web_apps_bulk_import_screen_lists_uploads_and_downloads_as_it_asks(
    api_as, clerk, kibera
):
    """The requests of the Mifos X web-app's Clients bulk import screen, as it sends them."""
    api = api_as(clerk)
    template = api.get(f"{API}/clients/downloadtemplate", {
        "tenantIdentifier": "default", "locale": "en", "dateFormat": "dd MMMM yyyy",
        "officeId": kibera.pk, "legalFormType": "CLIENTS_PERSON",
    })  # fmt: skip
    assert template.status_code == 200
    workbook = b"".join(template.streaming_content)
    assert CalamineWorkbook.from_filelike(io.BytesIO(workbook)).sheet_names
    # Its upload form: the file, "locale" and the date pattern as "datefFormat" (sic).
    data = client_file(2).replace(b"2024-01-10", b"10 January 2024")
    body = {"file": SimpleUploadedFile("template-person.csv", data, "text/csv"), "locale": "en",
            "datefFormat": "dd MMMM yyyy"}  # fmt: skip
    response = api.post(f"{UPLOAD}?legalFormType=CLIENTS_PERSON", body, format="multipart")
    assert response.status_code == 200, response.content
    job_id = response.json()
    (row,) = api.get(f"{API}/imports", {"entityType": "client"}).json()
    assert (row["importId"], row["successCount"]) == (job_id, 2)
    assert Client.objects.filter(submitted_on=datetime.date(2024, 1, 10)).count() == 2
    result = api.get(f"{API}/imports/downloadOutputTemplate",
                     {"importDocumentId": job_id, "tenantIdentifier": "default"})  # fmt: skip
    assert result.status_code == 200
    assert b"".join(result.streaming_content).startswith(b"PK")


def test_a_jobs_result_after_its_directory_was_deleted_is_a_404_not_a_500(api_as, clerk, client):
    """docs/operations.md says to delete a job's directory once its result is not wanted."""
    import shutil

    from mteja.clients.imports import files

    api = api_as(clerk)
    job_id = upload(api, client_file(3, bad_lines={3})).json()
    client.force_login(clerk)
    assert client.get(f"/imports/{job_id}/result.csv").status_code == 200
    shutil.rmtree(files.job_dir(ImportJob.objects.get(pk=job_id)))
    assert api.get(f"{API}/imports", {"entityType": "client"}).status_code == 200
    assert api.get(f"{API}/imports/{job_id}").json()["imported"] == 2
    result = api.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id})
    assert result.status_code == 404
    error = result.json()["errors"][0]
    assert (error["userMessageGlobalisationCode"], error["parameterName"]) == (
        "error.msg.import.result.deleted", "importDocumentId"
    )  # fmt: skip
    assert client.get(f"/imports/{job_id}/result.csv").status_code == 404


def test_a_result_longer_than_an_excel_sheet_is_refused_as_xlsx_and_given_as_csv(
    api_as, clerk, client, monkeypatch
):
    from mteja.clients.bulk import workbook

    monkeypatch.setattr(workbook, "SHEET_ROWS", 3)  # a header and two rows
    api = api_as(clerk)
    job_id = upload(api, client_file(3)).json()
    url = f"{API}/imports/downloadOutputTemplate"
    refused = api.get(url, {"importDocumentId": job_id})  # XLSX, the web-app's default
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["parameterName"] == "format"
    csv = api.get(url, {"importDocumentId": job_id, "format": "csv"})
    assert len(b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()) == 4
    client.force_login(clerk)
    page = client.get(f"/imports/{job_id}/result.xlsx")
    assert page.status_code == 400 and "take the result as CSV" in page.content.decode()


def test_a_job_whose_worker_died_is_listed_as_interrupted_not_running(api_as, clerk):
    from tests.clients.bulk.test_jobs import DEAD_WORKER

    job_id = upload(api_as(clerk), client_file(2)).json()
    ImportJob.objects.filter(pk=job_id).update(status="running", worker=DEAD_WORKER)
    (row,) = api_as(clerk).get(f"{API}/imports", {"entityType": "clients"}).json()
    assert (row["status"], row["completed"]) == ("interrupted", False)
    body = api_as(clerk).get(f"{API}/imports/{job_id}").json()
    assert (body["status"], body["secondsLeft"]) == ("interrupted", None)


def test_dry_run_in_the_query_string_starts_a_dry_run(api_as, clerk):
    body = {"file": SimpleUploadedFile("clients-person.csv", client_file(2), "text/csv")}
    response = api_as(clerk).post(
        f"{UPLOAD}?legalFormType=CLIENTS_PERSON&dryRun=true&allOrNothing=true",
        body,
        format="multipart",
    )
    assert response.status_code == 200, response.content
    job = ImportJob.objects.get(pk=response.json())
    assert (job.dry_run, job.all_or_nothing, job.status) == (True, True, "completed")
    assert not Client.objects.exists()


def test_the_result_of_anothers_import_needs_the_export_permission(
    api_as, browse_as, clerk, make_user, kibera
):
    # A result file holds the clients' rows: taking another user's (a migration's, the whole
    # book) home is an export.
    job_id = upload(api_as(clerk), client_file(2)).json()
    url = f"{API}/imports/downloadOutputTemplate"
    supervisor = make_user(("ALL_FUNCTIONS_READ", "CREATE_CLIENT"), office=kibera)
    refused = api_as(supervisor).get(url, {"importDocumentId": job_id, "format": "csv"})
    assert refused.status_code == 403
    assert refused.json()["userMessageGlobalisationCode"] == "error.msg.not.authorized"
    assert api_as(supervisor).get(f"{API}/imports/{job_id}").status_code == 200  # its progress
    page = browse_as(supervisor).get(f"/imports/{job_id}/")
    assert page.status_code == 200 and "result.csv" not in page.content.decode()
    assert browse_as(supervisor).get(f"/imports/{job_id}/result.csv").status_code == 403
    exporter = make_user(("ALL_FUNCTIONS_READ", "EXPORT_CLIENT"), office=kibera)
    assert read(api_as(exporter).get(url, {"importDocumentId": job_id})).status_code == 200
    assert read(browse_as(exporter).get(f"/imports/{job_id}/result.csv")).status_code == 200
    starters = read(api_as(clerk).get(url, {"importDocumentId": job_id}))
    assert starters.status_code == 200


def test_each_download_of_a_result_file_is_in_the_journal_as_an_export(
    api_as, browse_as, clerk, make_user, kibera
):
    from mteja.core.models import AuditEvent

    job_id = upload(api_as(clerk), client_file(2)).json()
    exporter = make_user(("ALL_FUNCTIONS_READ", "EXPORT_CLIENT"), office=kibera)
    url = f"{API}/imports/downloadOutputTemplate"
    assert read(api_as(exporter).get(url, {"importDocumentId": job_id})).status_code == 200
    assert read(browse_as(clerk).get(f"/imports/{job_id}/result.csv")).status_code == 200
    events = AuditEvent.objects.filter(entity_name="IMPORT", action_name="EXPORT").order_by("id")
    assert [(e.maker, e.resource_id, e.office, e.changes) for e in events] == [
        (exporter, job_id, kibera, {"format": "xlsx", "rows": 2}),
        (clerk, job_id, kibera, {"format": "csv", "rows": 2}),
    ]


def test_two_files_in_one_upload_are_refused_not_one_of_them_dropped(api_as, clerk):
    body = {"file": [SimpleUploadedFile("a-person.csv", client_file(1), "text/csv"),
                     SimpleUploadedFile("b-person.csv", client_file(2), "text/csv")]}  # fmt: skip
    response = api_as(clerk).post(
        f"{UPLOAD}?legalFormType=CLIENTS_PERSON", body, format="multipart"
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["parameterName"], error["userMessageGlobalisationCode"]) == (
        "file", "validation.msg.client.import.file.too.many",
    )  # fmt: skip
    assert not ImportJob.objects.exists()


def test_a_multipart_body_without_a_boundary_is_refused_as_such_not_as_json(api_as, clerk):
    body = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
    response = api_as(clerk).generic(
        "POST", f"{UPLOAD}?legalFormType=CLIENTS_PERSON", body + client_file(1) + b"\r\n--x--\r\n",
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.invalid.request.body"
    assert "JSON" not in body["defaultUserMessage"]
    assert "multipart" in body["defaultUserMessage"]
    assert not ImportJob.objects.exists()


def test_imports_waiting_beyond_the_users_share_are_refused_until_one_ends(
    api_as, clerk, make_user, kibera, settings
):
    """Each job holds its file on disk and the workers take jobs in turn: one user's flood of
    uploads is refused (429) once they have MTEJA_IMPORTS_WAITING_PER_USER jobs queued or
    running, with no job and no file; another user is not held by them."""
    from mteja.clients.imports.services import import_job_cancel, import_job_create

    settings.MTEJA_IMPORTS_WAITING_PER_USER = 2
    waiting = [import_job_create(actor=clerk, data=client_file(1), file_name=f"{n}.csv")
               for n in range(2)]  # fmt: skip
    response = upload(api_as(clerk), client_file(1))
    assert response.status_code == 429
    body = response.json()
    (error,) = body["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.import.too.many.waiting"
    assert "You have 2 imports waiting or running" in error["defaultUserMessage"]
    # It concerns no parameter: none named (not "id", which the upload never sent), and the
    # body's top says why rather than a rule's violation.
    assert error["parameterName"] is None
    assert body["httpStatusCode"] == "429"
    assert body["userMessageGlobalisationCode"] == "error.msg.import.too.many.waiting"
    assert body["defaultUserMessage"] == error["defaultUserMessage"]
    assert ImportJob.objects.count() == 2
    colleague = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    assert upload(api_as(colleague), client_file(1)).status_code == 200
    import_job_cancel(actor=clerk, job=waiting[0])
    assert upload(api_as(clerk), client_file(1)).status_code == 200


def test_a_file_sent_in_chunks_is_refused_saying_to_send_its_length(api_as, clerk):
    """gunicorn hands Django a chunked body without its length, so Django reads none: the
    answer says how to send the file, not "Choose a file"."""
    response = api_as(clerk).generic(
        "POST", f"{UPLOAD}?legalFormType=CLIENTS_PERSON", b"",
        content_type="multipart/form-data; boundary=x", HTTP_TRANSFER_ENCODING="chunked",
    )  # fmt: skip
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (
        error["userMessageGlobalisationCode"] == "validation.msg.client.import.file.length.required"
    )
    assert "Content-Length" in error["defaultUserMessage"]
    assert not ImportJob.objects.exists()
