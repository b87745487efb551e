"""A UTF-8 client file holding a stray NUL near its top (a database's export of a field
holding one) refuses that row by its column, as a NUL further down does; binary data is
still no CSV."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.files import csv_file

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"


def upload(api, data: bytes):
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    return api.post(URL, body, format="multipart")


@pytest.mark.parametrize("bom", [True, False])
def test_a_stray_nul_in_the_first_lines_refuses_its_row_not_the_file(api, kibera, bom):
    data = csv_file("office,firstname,lastname", "Kibera,As\x00ha,Njeri", "Kibera,Baraka,Otieno",
                    bom=bom)  # fmt: skip
    response = upload(api, data)
    assert response.status_code == 200, response.json()
    rows = response.json()["rows"]
    assert [(row["line"], row["status"]) for row in rows] == [(2, "invalid"), (3, "imported")]
    assert rows[0]["errors"] == [
        {"column": "firstname", "message": "Null characters are not allowed."}
    ]
    assert list(Client.objects.values_list("firstname", flat=True)) == ["Baraka"]


@pytest.mark.parametrize("data", [b"\x00\x01binary", b"\x00" * 64, b"a,b\r\n\x00\x00\x00\x00\r\n"])
def test_bytes_of_many_nuls_are_still_no_csv(api, kibera, data):
    response = upload(api, data)
    assert response.status_code == 400
    message = response.json()["errors"][0]["defaultUserMessage"]
    assert message == "The file is neither UTF-8 text nor an Excel workbook."


def test_a_key_holding_a_nul_finds_no_client_by_its_head(api, kibera, make_client):
    """The batch's look-up of clients imported before reads its values as one parameter
    (core/among.py): an external id or a document number cut at its NUL would find the
    client holding its head."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri", external_id="EXT")
    data = csv_file("office,firstname,lastname,externalId", "Kibera,Asha,Njeri,EXT\x00-2")
    response = upload(api, data)
    assert response.status_code == 200, response.json()
    (row,) = response.json()["rows"]
    assert (row["status"], row["errors"]) == (
        "invalid",
        [{"column": "externalId", "message": "Null characters are not allowed."}],
    )
    assert Client.objects.count() == 1
