"""A compressed archive given as a client file (a zipped export, a gzipped CSV) is refused
saying what it is and what to do, on the API's import and its job alike."""

import bz2
import gzip
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.files import csv_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
AN_ARCHIVE = (
    "This file is a compressed archive (zip, gzip, 7-Zip…), not a spreadsheet: extract the "
    "CSV or workbook it holds, and import that."
)
CLIENTS = csv_file("office,firstname,lastname", "Kibera,Asha,Njeri")


def zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("clients.csv", data)
    return buffer.getvalue()


@pytest.mark.parametrize("compress", [zipped, gzip.compress, bz2.compress])
@pytest.mark.parametrize(
    "path", ["clients/import", "clients/uploadtemplate?legalFormType=CLIENTS_PERSON"]
)
def test_a_compressed_file_is_refused_as_an_archive(api, kibera, compress, path):
    body = {"file": SimpleUploadedFile("clients.csv", compress(CLIENTS), "text/csv")}
    response = api.post(f"{API}/{path}", body, format="multipart")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["parameterName"], error["defaultUserMessage"]) == ("file", AN_ARCHIVE)
    assert not Client.objects.exists() and not ImportJob.objects.exists()


def test_a_zip_that_is_an_office_file_but_no_workbook_is_still_an_unreadable_workbook(api, kibera):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    body = {"file": SimpleUploadedFile("letter.docx", buffer.getvalue())}
    response = api.post(f"{API}/clients/import", body, format="multipart")
    assert response.status_code == 400
    assert (
        response.json()["errors"][0]["defaultUserMessage"] == "The Excel workbook cannot be read."
    )


def test_the_web_page_says_an_archive_is_one_by_the_file_field(browse_as, admin_user):
    body = {"file": SimpleUploadedFile("clients.csv", zipped(CLIENTS))}
    page = browse_as(admin_user).post("/clients/import/", body).content.decode()
    assert "This file is a compressed archive (zip, gzip, 7-Zip…), not a spreadsheet" in page
    assert "field-error" in page


def test_a_csv_whose_first_column_begins_with_bzips_letters_is_read(api, kibera):
    data = csv_file("BZh1 code,office,firstname,lastname", "x,Kibera,Asha,Njeri")
    body = {"file": SimpleUploadedFile("clients.csv", data[3:], "text/csv")}  # (no BOM)
    response = api.post(f"{API}/clients/import", body, format="multipart")
    assert response.json()["errors"][0]["defaultUserMessage"] == "Unknown columns: BZh1 code."
