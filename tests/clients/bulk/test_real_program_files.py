"""Files as real programs write them (benchmarks/real_program_files.py) through the API:
each imported right, or refused by its row and column (or as a file) with a message saying
what to do — never a wrong value stored. Read by both .xlsx readers where a workbook."""

import datetime

import pytest
from benchmarks import real_program_files as files
from django.core.files.uploadedfile import SimpleUploadedFile

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
# The generator's people as stored: (external id, first, middle, last, gender, born, dependents)
STORED = [
    ("RP-1", "José", "", "Müller", "Male", datetime.date(1990, 5, 17), 2),
    ("RP-2", "Zoë", "Ñandú", "Çelik", "Female", datetime.date(1985, 12, 3), None),
    ("RP-3", "Amina", "", "Njeri", None, datetime.date(2001, 1, 31), 0),
]


def upload(api, data: bytes, name: str, **form):
    body = {"file": SimpleUploadedFile(name, data, "application/octet-stream"), **form}
    return api.post(URL, body, format="multipart")


def rows_of(response) -> list[tuple[int, str, list]]:
    assert response.status_code == 200, response.json()
    return [
        (row["line"], row["status"], [(e["column"], e["message"]) for e in row["errors"]])
        for row in response.json()["rows"]
    ]


def stored() -> list[tuple]:
    return list(
        Client.objects.order_by("external_id").values_list(
            "external_id", "firstname", "middlename", "lastname", "gender__name",
            "date_of_birth", "number_of_dependents",
        )
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("r_write.csv", {}),
        ("r_write_row_names.csv", {}),
        ("five_thousand_blank_columns.csv", {}),
        ("excel_csv_utf8.csv", {"dateFormat": "dd/MM/yyyy"}),
        ("excel_unicode_text.txt", {}),
        ("mac_cr.csv", {}),
        ("google_sheets.csv", {"dateFormat": "M/d/yyyy"}),
        ("libreoffice_formulas.xlsx", {}),
        ("text_dates.xlsx", {"dateFormat": "dd/MM/yyyy"}),
    ],
)
def test_files_real_programs_write_are_imported_as_they_show(api, kibera, xlsx_reader, name,
                                                            form):  # fmt: skip
    rows = rows_of(upload(api, files.FILES[name](), name, **form))
    assert rows == [(2, "imported", []), (3, "imported", []), (4, "imported", [])]
    assert stored() == STORED


@pytest.mark.parametrize("name", ["excel_csv_utf8.csv", "google_sheets.csv", "text_dates.xlsx"])
def test_text_dates_without_their_format_are_refused_by_their_cells(api, kibera, name):
    rows = rows_of(upload(api, files.FILES[name](), name))
    assert [(line, status, [column for column, _m in errors]) for line, status, errors in rows] == [
        (line, "invalid", ["dateOfBirth"]) for line in (2, 3, 4)
    ]
    assert "send `dateFormat`" in rows[0][2][0][1]
    assert not Client.objects.exists()


def test_a_windows_1252_csv_is_refused_saying_how_to_save_it(api, kibera):
    response = upload(api, files.windows_1252_csv(), "clients.csv")
    assert response.status_code == 400
    assert response.json()["errors"][0]["defaultUserMessage"] == (
        "The file is not UTF-8 text, from line 2: save it as CSV UTF-8."
    )
    assert not Client.objects.exists()


def test_a_nul_byte_refuses_its_row_by_its_column(api, kibera):
    rows = rows_of(upload(api, files.nul_byte_csv(), "clients.csv"))
    assert rows == [
        (2, "imported", []),
        (3, "invalid", [("lastname", "Null characters are not allowed.")]),
        (4, "imported", []),
    ]
    assert stored() == [STORED[0], STORED[2]]


def test_five_thousand_columns_are_refused_naming_the_unknown_ones(api, kibera):
    response = upload(api, files.five_thousand_columns_csv(), "clients.csv")
    assert response.status_code == 400
    message = response.json()["errors"][0]["defaultUserMessage"]
    assert message.startswith("Unknown columns: extra1, extra2,")
    assert len(message) < 300
    assert not Client.objects.exists()


def test_a_header_repeated_in_the_middle_refuses_that_line_only(api, kibera):
    rows = rows_of(upload(api, files.header_repeated_csv(), "clients.csv"))
    assert [(line, status) for line, status, _errors in rows] == [
        (2, "imported"), (3, "invalid"), (4, "imported"), (5, "imported")
    ]  # fmt: skip
    assert "repeats the header row" in rows[1][2][0][1]
    assert stored() == STORED


def test_a_file_of_blank_rows_but_one_imports_that_one(api, kibera):
    assert rows_of(upload(api, files.blank_but_one_csv(), "clients.csv")) == [(4, "imported", [])]
    assert stored() == STORED[:1]
