"""R's `write.csv` (and readr's `write_csv`) writes every missing value `NA`, in text columns
too: a middle name "NA" was stored, and a count, a drop-down or a date reading NA refused
the row. A cell exactly `NA` is now blank wherever it stands (decision 212); "Na" and
"Nadia" are names, "'NA" the text NA."""

import datetime
import io

import pytest
import xlsxwriter
from benchmarks.real_program_files import r_write_csv
from django.db.models import F
from tests.clients.bulk.test_real_program_files import rows_of, upload

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,middlename,lastname,gender,dateOfBirth,externalId,numberOfDependents"


def imported(api, data: bytes, name="clients.csv") -> list[tuple[int, str, list]]:
    return rows_of(upload(api, data, name))


def stored() -> list[tuple]:
    return list(
        Client.objects.order_by(F("external_id").asc(nulls_first=True)).values_list(
            "external_id", "middlename", "gender__name", "date_of_birth", "number_of_dependents"
        )
    )


def test_a_file_r_wrote_is_imported_its_na_cells_blank(api, kibera):
    assert imported(api, r_write_csv()) == [(2, "imported", []), (3, "imported", []),
                                            (4, "imported", [])]  # fmt: skip
    assert [(row[0], row[1], row[2], row[4]) for row in stored()] == [
        ("RP-1", "", "Male", 2),
        ("RP-2", "Ñandú", "Female", None),
        ("RP-3", "", None, 0),
    ]


def test_na_is_blank_in_every_kind_of_column_and_names_spelt_otherwise_are_kept(api, kibera):
    rows = imported(api, "\n".join([
        HEADER,
        "Kibera,Asha,NA,Njeri,NA,NA,NA,NA",  # no key: known again by its fingerprint
        "Kibera,Na,Nadia,Na,Female,1990-05-17,NA-2,1",
        "Kibera,Baraka,'NA,Otieno,Male,1991-02-03,NA-3,NA",
        "Kibera,Chao,na,Wu,NA,1992-03-04,NA-4,",
        "",
    ]).encode())  # fmt: skip
    assert rows == [(2, "imported", []), (3, "imported", []), (4, "imported", []),
                    (5, "imported", [])]  # fmt: skip
    assert stored() == [
        (None, "", None, None, None),
        ("NA-2", "Nadia", "Female", datetime.date(1990, 5, 17), 1),
        ("NA-3", "NA", "Male", datetime.date(1991, 2, 3), None),
        ("NA-4", "na", None, datetime.date(1992, 3, 4), None),
    ]
    assert Client.objects.filter(firstname="Na", lastname="Na").exists()


def test_a_required_name_reading_na_is_refused_as_missing(api, kibera):
    rows = imported(api, "\n".join([HEADER, "Kibera,Asha,,NA,,,NA-1,", ""]).encode())
    assert [(line, status, [column for column, _message in errors])
            for line, status, errors in rows] == [(2, "invalid", ["lastname"])]  # fmt: skip
    assert not Client.objects.exists()


def test_a_row_of_na_only_is_a_blank_row_and_na_is_no_repeated_key(api, kibera):
    rows = imported(api, "\n".join([
        HEADER,
        "NA,NA,NA,NA,NA,NA,NA,NA",
        "Kibera,Asha,,Njeri,,,NA,",
        "Kibera,Baraka,,Otieno,,,NA,",
        "",
    ]).encode())  # fmt: skip
    assert rows == [(3, "imported", []), (4, "imported", [])]
    assert Client.objects.count() == 2


def test_na_cells_of_an_xlsx_are_blank_too(api, kibera):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER.split(","))
    sheet.write_row(1, 0, ["Kibera", "Asha", "NA", "Njeri", "NA", "NA", "X-1", "NA"])
    book.close()
    assert imported(api, buffer.getvalue(), "clients.xlsx") == [(2, "imported", [])]
    assert stored() == [("X-1", "", None, None, None)]
