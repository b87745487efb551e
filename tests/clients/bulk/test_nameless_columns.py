"""A value under a blank header cell (`office,firstname,,lastname`) was dropped without a word:
the column is no client field's. A row holding one is now refused by the column's letter and
number; a blank header over blank cells — the empty columns a spreadsheet saves after the
last named one — refuses nothing (decision 232)."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_real_program_files import rows_of, upload

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db


def without_a_column(letter: str, number: int) -> str:
    return (
        f"This row has a value in column {letter} (number {number}), whose header cell is "
        "blank: no client field takes it, and it would be lost. Name the column in the header "
        "row, or clear its cells."
    )


CSV = csv_file(
    "office,firstname,,lastname,,",
    "Kibera,Asha,Wanjiru,Njeri,,",  # a middle name under no name
    "Kibera,Baraka,,Otieno,,",
    "Kibera,Chao,,Wu,,note",  # under the last, nameless, column
    ",,x,,,",  # a value alone: no blank row
    "Kibera,Dalia,  ,Kamau,NA,",  # blank but for spaces, R's NA
)


def test_a_value_under_a_blank_header_refuses_its_row_by_the_columns_place(api, kibera):
    assert rows_of(upload(api, CSV, "clients.csv")) == [
        (2, "invalid", [("", without_a_column("C", 3))]),
        (3, "imported", []),
        (4, "invalid", [("", without_a_column("F", 6))]),
        (5, "invalid", [("", without_a_column("C", 3)), ("office", "This field is required.")]),
        (6, "imported", []),
    ]
    assert sorted(Client.objects.values_list("firstname", flat=True)) == ["Baraka", "Dalia"]


def test_blank_columns_after_the_named_ones_refuse_nothing(api, kibera):
    data = csv_file("office,firstname,lastname,,,", "Kibera,Asha,Njeri,,,", "Kibera,Ali,Omar")
    assert rows_of(upload(api, data, "clients.csv")) == [(2, "imported", []), (3, "imported", [])]


def xlsx_with_a_gap() -> bytes:
    """A workbook whose header skips column C, and a row with a note in column E, past it."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    sheet.write_row(0, 0, ["office", "firstname", None, "lastname"])
    sheet.write_row(1, 0, ["Kibera", "Asha", 42, "Njeri"])
    sheet.write_row(2, 0, ["Kibera", "Baraka", None, "Otieno", "call back"])
    sheet.write_row(3, 0, ["Kibera", "Chao", None, "Wu"])
    book.close()
    return buffer.getvalue()


def test_a_workbooks_nameless_columns_refuse_alike(api, kibera, xlsx_reader):
    assert rows_of(upload(api, xlsx_with_a_gap(), "clients.xlsx")) == [
        (2, "invalid", [("", without_a_column("C", 3))]),
        (3, "invalid", [("", without_a_column("E", 5))]),
        (4, "imported", []),
    ]


def xlsx_merged_past_the_header() -> bytes:
    """A workbook whose second row has a merge beginning past the header's last name (a
    note over two columns and two rows): the case the fuzzing found (decision 293)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    sheet.write_row(0, 0, ["office", "firstname", None, "lastname"])
    sheet.write_row(1, 0, ["Kibera", "Asha", None, "Njeri"])
    sheet.merge_range(1, 4, 2, 5, "call back")
    sheet.write_row(2, 0, ["Kibera", "Chao", None, "Wu"])
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("workbook", "refused"),
    [(xlsx_with_a_gap, [("C", 3), ("E", 5)]), (xlsx_merged_past_the_header, [("E", 5)])],
)
def test_a_workbooks_result_file_has_its_headers_columns_whichever_reader_reads_it(
    api, kibera, xlsx_reader, workbook, refused
):
    """A value past the header's last name is refused by its place; the job's result file
    has the header's columns as its row holds them, then the Status. (calamine gave the
    header the width of the sheet's widest row, a blank column more: the streamed reader,
    a large workbook's, did not.)"""
    body = {"file": SimpleUploadedFile("clients.xlsx", workbook(), "application/octet-stream"),
            "locale": "en"}  # fmt: skip
    job_id = api.post(f"{API}/clients/uploadtemplate", body, format="multipart").json()
    result = api.get(f"{API}/imports/downloadOutputTemplate",
                     {"importDocumentId": job_id, "format": "csv"})  # fmt: skip
    assert result.status_code == 200
    lines = b"".join(result.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "office,firstname,,lastname,Status"
    refusals = [line for line in lines[1:] if "whose header cell is blank" in line]
    assert len(refusals) == len(refused)
    for line, (letter, number) in zip(refusals, refused, strict=True):
        assert without_a_column(letter, number) in line


def test_all_or_nothing_writes_none_of_such_a_file(admin_user, kibera):
    report = import_clients(user=admin_user, data=CSV, all_or_nothing=True)
    assert report.held_back
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("language", "start"),
    [("fr", "Cette ligne a une valeur dans la colonne C (numéro 3)"),
     ("es", "Esta fila tiene un valor en la columna C (número 3)")],
)  # fmt: skip
def test_the_message_is_in_the_users_language(admin_user, kibera, language, start):
    with translation.override(language):
        report = import_clients(user=admin_user, data=CSV, dry_run=True)
    assert report.rows[0].errors[0][1].startswith(start)


def test_the_job_api_and_the_cli_say_so(api, admin_user, kibera, tmp_path):
    body = {"file": SimpleUploadedFile("clients.csv", CSV, "text/csv"), "locale": "en",
            "dateFormat": "dd MMMM yyyy"}  # fmt: skip
    job_id = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body,
                      format="multipart").json()  # fmt: skip
    errors = api.get(f"{API}/imports/{job_id}").json()["errors"]
    assert [(error["line"], error["message"]) for error in errors][:2] == [
        (2, without_a_column("C", 3)), (4, without_a_column("F", 6))
    ]  # fmt: skip
    Client.objects.all().delete()
    source = tmp_path / "clients.csv"
    source.write_bytes(CSV)
    call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    job = ImportJob.objects.order_by("pk").last()
    assert api.get(f"{API}/imports/{job.pk}").json()["errors"][0]["message"] == (
        without_a_column("C", 3)
    )


def test_a_first_column_of_row_numbers_under_no_name_is_left_out(api, kibera):
    """R's `write.csv` writes its row names so ("", "1", "2"…), pandas' `to_csv` its index
    (0, 1…): whole numbers in the first column. Anything else there is refused."""
    data = csv_file(
        ",office,firstname,lastname",
        "0,Kibera,Asha,Njeri",
        "12,Kibera,Baraka,Otieno",
        "a,Kibera,Chao,Wu",
        "1.5,Kibera,Dalia,Kamau",
    )
    assert rows_of(upload(api, data, "clients.csv")) == [
        (2, "imported", []),
        (3, "imported", []),
        (4, "invalid", [("", without_a_column("A", 1))]),
        (5, "invalid", [("", without_a_column("A", 1))]),
    ]


def test_a_workbooks_index_column_as_pandas_writes_it_is_left_out(api, kibera):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 1, ["office", "firstname", "lastname"])
    sheet.write_row(1, 0, [0, "Kibera", "Asha", "Njeri"])
    sheet.write_row(2, 0, [1, "Kibera", "Baraka", "Otieno"])
    book.close()
    assert rows_of(upload(api, buffer.getvalue(), "clients.xlsx")) == [
        (2, "imported", []), (3, "imported", [])
    ]  # fmt: skip
