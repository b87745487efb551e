"""A CSV saved as UTF-32 with its byte-order mark (PowerShell's `Export-Csv -Encoding UTF32`)
is read by that mark, as UTF-16's is; without one it stays no CSV."""

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
TEXT = "office,firstname,lastname\r\nKibera,Asha,Njeri\r\nKibera,Zoë,Ngũgĩ\r\n"


def upload(api, data: bytes):
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    return api.post(URL, body, format="multipart")


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
    ],
    ids=["little-endian", "big-endian"],
)
def test_a_utf32_csv_with_its_mark_is_imported(api, kibera, data):
    response = upload(api, data)
    assert response.status_code == 200, response.json()
    assert [row["status"] for row in response.json()["rows"]] == ["imported", "imported"]
    assert sorted(Client.objects.values_list("firstname", "lastname")) == [
        ("Asha", "Njeri"), ("Zoë", "Ngũgĩ")
    ]  # fmt: skip


def test_utf32_without_its_mark_is_still_no_csv(api, kibera):
    response = upload(api, TEXT.encode("utf-32-le"))
    assert response.status_code == 400
    assert response.json()["errors"][0]["defaultUserMessage"] == (
        "The file is neither UTF-8 text nor an Excel workbook."
    )
