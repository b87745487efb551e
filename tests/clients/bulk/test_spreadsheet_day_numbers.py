"""A date column holding a spreadsheet's day numbers ("45123": the column's date format lost
before the CSV was saved, or a number cell of an .xlsx) was refused as "not an ISO date"
without a word of what the number is. It is now refused saying it looks like a day number,
which day Excel would show, and how to save the column (decision 213); four digits are a
year alone, not a day number."""

import datetime
import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
HEADER = "office,firstname,lastname,externalId,dateOfBirth,submittedOnDate"


def errors_of(api, data: bytes, name="clients.csv", **form) -> list[tuple[int, str, list]]:
    body = {"file": SimpleUploadedFile(name, data, "text/csv"), **form}
    response = api.post(URL, body, format="multipart")
    assert response.status_code == 200, response.json()
    return [
        (row["line"], row["status"], [(e["column"], e["message"]) for e in row["errors"]])
        for row in response.json()["rows"]
    ]


def day_number(value: str, day: int, date: str) -> str:
    return (
        f"“{value}” looks like a spreadsheet's day number (Excel shows day {day} as {date}), "
        "not a date: format the column as a date (yyyy-MM-dd) and save the file again."
    )


CSV = "\r\n".join([
    HEADER,
    "Kibera,Asha,Njeri,D-1,32878,45123",
    "Kibera,Baraka,Otieno,D-2,45123.5,2024-01-10",
    "Kibera,Chao,Wu,D-3,1990,2024-01-10",
    "Kibera,Dalia,Wanjiru,D-4,1990-05-17,2024-01-10",
    "",
]).encode()  # fmt: skip


@pytest.mark.parametrize("date_format", ["", "dd/MM/yyyy"])
def test_day_numbers_in_a_csv_date_column_are_refused_as_such(api, kibera, date_format):
    rows = errors_of(api, CSV, **({"dateFormat": date_format} if date_format else {}))
    assert rows[:2] == [
        (2, "invalid", [("dateOfBirth", day_number("32878", 32878, "1990-01-05")),
                        ("submittedOnDate", day_number("45123", 45123, "2023-07-16"))]),
        (3, "invalid", [("dateOfBirth", day_number("45123.5", 45123, "2023-07-16"))]),
    ]  # fmt: skip
    (line, status, errors) = rows[2]  # a year alone: not a day number
    assert (line, status, [column for column, _message in errors]) == (4, "invalid",
                                                                      ["dateOfBirth"])  # fmt: skip
    assert "day number" not in errors[0][1]
    assert rows[3] == (5, "imported", [])
    assert list(Client.objects.values_list("external_id", flat=True)) == ["D-4"]


def test_a_number_cell_of_an_xlsx_date_column_is_refused_as_a_day_number(api, kibera):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER.split(","))
    sheet.write_row(1, 0, ["Kibera", "Asha", "Njeri", "D-1", 33000, "2024-01-10"])
    book.close()
    assert errors_of(api, buffer.getvalue(), "clients.xlsx") == [
        (2, "invalid", [("dateOfBirth", day_number("33000", 33000, "1990-05-07"))])
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "« 32878 » ressemble à un numéro de jour de tableur (Excel affiche le jour 32878 "
               "comme le 1990-01-05), pas à une date : mettez la colonne au format date "
               "(aaaa-MM-jj) et enregistrez de nouveau le fichier."),
        ("es", "«32878» parece un número de día de hoja de cálculo (Excel muestra el día 32878 "
               "como 1990-01-05), no una fecha: dé a la columna el formato de fecha (aaaa-MM-dd) "
               "y guarde de nuevo el archivo."),
    ],
)  # fmt: skip
def test_the_refusal_is_in_the_users_language(admin_user, kibera, language, expected):
    with translation.override(language):
        rows = import_clients(user=admin_user, data=CSV, dry_run=True).rows
    assert rows[0].errors[0] == ("dateOfBirth", expected)


def test_a_date_format_that_reads_five_digits_reads_them(api, kibera):
    data = "\r\n".join([HEADER, "Kibera,Asha,Njeri,D-1,17590,10124", ""]).encode()
    assert errors_of(api, data, dateFormat="ddMyy") == [(2, "imported", [])]
    assert list(Client.objects.values_list("date_of_birth", "submitted_on")) == [
        (datetime.date(1990, 5, 17), datetime.date(2024, 1, 10))
    ]
