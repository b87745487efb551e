"""Two client files joined into one (`cat a.csv b.csv`, a sheet pasted below another): the
second file's header, left among the rows, is refused as what it is, not cell by cell as a
client named "firstname" of the office "office"."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.files import csv_file

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
HEADER = "externalId,office,firstname,lastname,gender"
REPEATED = (
    "This line repeats the header row (two files joined into one?): it is no client. Remove it."
)


def upload(api, data: bytes, name: str):
    body = {"file": SimpleUploadedFile(name, data)}
    response = api.post(URL, body, format="multipart")
    assert response.status_code == 200, response.json()
    return response.json()


def test_a_csv_of_two_files_joined_refuses_the_second_header_as_such(api, kibera):
    first = csv_file(HEADER, "J-1,Kibera,Asha,Njeri,Female") + b"\r\n"
    second = csv_file(HEADER, "J-2,Kibera,Baraka,Otieno,Male") + b"\r\n"
    body = upload(api, first + second + second.replace(b"J-2", b"J-3"), "joined.csv")
    outcomes = [(row["line"], row["status"], row["errors"]) for row in body["rows"]]
    refused = [{"column": "", "message": REPEATED}]
    assert outcomes == [
        (2, "imported", []), (3, "invalid", refused), (4, "imported", []),
        (5, "invalid", refused), (6, "imported", []),
    ]  # fmt: skip
    assert sorted(Client.objects.values_list("external_id", flat=True)) == ["J-1", "J-2", "J-3"]


def test_a_sheet_pasted_below_another_refuses_its_header_as_such(api, kibera):
    data = io.BytesIO()
    book = xlsxwriter.Workbook(data, {"in_memory": True})
    sheet = book.add_worksheet()
    rows = (HEADER, "J-1,Kibera,Asha,Njeri,Female", HEADER.upper(), "J-2,Kibera,Ali,Omar,Male")
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row.split(","))
    sheet.write(2, 4, "gender")  # as the header: the other names in capitals, compared as names
    book.close()
    body = upload(api, data.getvalue(), "joined.xlsx")
    assert [row["status"] for row in body["rows"]] == ["imported", "invalid", "imported"]
    assert body["rows"][1]["errors"] == [{"column": "", "message": REPEATED}]
    assert Client.objects.count() == 2


def test_a_row_holding_some_column_names_is_read_as_a_client(api, kibera):
    """Only a whole header repeated is told: a client may be named like a column."""
    data = csv_file(HEADER, "J-1,Kibera,firstname,lastname,gender")
    body = upload(api, data, "named.csv")
    assert body["rows"][0]["errors"] == [
        {"column": "gender", "message": "“gender” is not a value of the list “Gender”."}
    ]
