"""A workbook whose header reads but whose sheet does not (a cell naming a shared string
there is none of, further down; before decision 301, an entity naming a file on the server,
which the upload now refuses): the job fails on it, and its result,
which would be the sheet read again, cannot be made. Asked for over the API, the web page or
the CLI, that is said (a 403 in Fineract's body, the refusal page, the command's error)
rather than a 500, and no export of it is journaled nor an empty result file left."""

import io
import zipfile

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from mteja.clients.models import Client, ImportJob
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "xl/worksheets/sheet1.xml"


def workbook_spoilt_below() -> bytes:
    """Two rows, the second's first name a shared string's cell naming none."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    sheet.write_row(0, 0, ["office", "firstname", "lastname", "externalId"])
    sheet.write_row(1, 0, ["Kibera", "Asha", "Njeri", "ENT-1"])
    sheet.write_row(2, 0, ["Kibera", 424242, "Njeri", "ENT-2"])
    book.close()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == SHEET:
                spoilt = data.replace(
                    b'<c r="B3"><v>424242</v></c>', b'<c r="B3" t="s"><v>99</v></c>'
                )
                assert spoilt != data
                data = spoilt
            target.writestr(member, data)
    return out.getvalue()


def failed_job(api) -> ImportJob:
    upload = SimpleUploadedFile("clients-person.xlsx", workbook_spoilt_below(), XLSX)
    response = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
                        {"file": upload}, format="multipart")  # fmt: skip
    assert response.status_code == 200, response.content
    job = ImportJob.objects.get(pk=response.json())
    assert job.status == "failed" and "cannot be read" in job.error
    return job


def test_the_api_says_the_result_cannot_be_made(api, kibera):
    job = failed_job(api)
    response = api.get(f"{API}/imports/downloadOutputTemplate",
                       {"importDocumentId": job.pk, "tenantIdentifier": "default"})  # fmt: skip
    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert error["userMessageGlobalisationCode"] == "error.msg.import.result.unreadable"
    assert error["parameterName"] == "importDocumentId"
    assert f"The file of import {job.pk} cannot be read" in error["defaultUserMessage"]
    assert not AuditEvent.objects.filter(entity_name="IMPORT", action_name="EXPORT").exists()
    assert not Client.objects.exists()


def test_the_page_says_the_result_cannot_be_made(api, browse_as, admin_user, kibera):
    job = failed_job(api)
    response = browse_as(admin_user).get(f"/imports/{job.pk}/result.csv")
    assert response.status_code == 403
    assert f"The file of import {job.pk} cannot be read" in response.content.decode()


def test_the_cli_says_so_and_leaves_no_result_file(tmp_path, admin_user, kibera):
    source = tmp_path / "clients.xlsx"
    source.write_bytes(workbook_spoilt_below())
    result = tmp_path / "result.csv"
    with pytest.raises(CommandError, match="failed") as refused:
        call_command("import", str(source), "--user", admin_user.username,
                     "--result", str(result), "--no-progress")  # fmt: skip
    assert "no result file" in str(refused.value)
    assert not result.exists()
