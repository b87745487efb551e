"""A number cell holding no finite number — `inf`, `-inf`, `nan`, or an overflow such as
`1e309`, which a program writes and no spreadsheet shows — is refused by its row and column
saying so, in every workbook an import reads. Before, infinity was refused as
"a long number the spreadsheet shortened" ("“INF” is a long number…") and "not a number"
passed every check: a last name "nan" was stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from python_calamine import CalamineWorkbook
from tests.clients.bulk.test_forged_sheet_cells import row_of
from tests.clients.bulk.test_forged_sheet_rows import cell, workbook
from tests.clients.bulk.test_import_xls_ods import (
    ODS_ROW_END,
    ODS_SHEET_END,
    ods_cell,
    ods_file,
    xls_workbook,
)
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_real_program_files import rows_of, upload
from tests.clients.bulk.xlsb_files import xlsb_book

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = ["office", "firstname", "lastname", "numberOfDependents"]
INF, NAN = float("inf"), float("nan")


def not_finite(value: str) -> str:
    return (
        f"This number cell holds “{value}”, which is no number: infinity, or “not a number”, "
        "as a program writes a value too large or undefined. Type the value again, or clear "
        "the cell."
    )


def xlsx_of(values: list[tuple[str, str]]) -> bytes:
    """An .xlsx whose rows, from line 2, hold Kibera, a first name, then the number cells
    `(lastname, dependents)` spelt as given (an empty one left out)."""
    rows = ""
    for number, (lastname, dependents) in enumerate(values, start=2):
        cells = [cell(f"A{number}", "Kibera"), cell(f"B{number}", f"Name{number}")]
        for letter, value in (("C", lastname), ("D", dependents)):
            if value.startswith("text:"):
                cells.append(cell(f"{letter}{number}", value[5:]))
            elif value:
                cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        rows += row_of(number, *cells)
    return _with_dependents(workbook(rows + "</sheetData>"))


def _with_dependents(data: bytes) -> bytes:
    """`workbook`'s header names three columns: the fourth, numberOfDependents, added."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            content = source.read(part)
            if part.filename.endswith("sheet1.xml"):
                content = content.replace(
                    b"</row>", cell("D1", "numberOfDependents").encode() + b"</row>", 1
                )
            archive.writestr(part, content)
    return buffer.getvalue()


XLSX_ROWS = [
    ("inf", ""),
    ("text:Njeri", "-inf"),
    ("nan", ""),
    ("text:Otieno", "NaN"),
    ("1e309", ""),
    ("text:Wu", "2"),
]


def test_an_xlsx_number_cell_of_no_finite_number_is_refused_by_its_cell(api, kibera, xlsx_reader):
    rows = rows_of(upload(api, xlsx_of(XLSX_ROWS), "clients.xlsx"))
    assert rows == [
        (2, "invalid", [("lastname", not_finite("inf"))]),
        (3, "invalid", [("numberOfDependents", not_finite("-inf"))]),
        (4, "invalid", [("lastname", not_finite("nan"))]),
        (5, "invalid", [("numberOfDependents", not_finite("nan"))]),
        (6, "invalid", [("lastname", not_finite("inf"))]),
        (7, "imported", []),
    ]
    assert list(Client.objects.values_list("lastname", "number_of_dependents")) == [("Wu", 2)]


def test_a_long_number_is_still_refused_as_shortened(api, kibera, xlsx_reader):
    rows = rows_of(upload(api, xlsx_of([("1234567890123456", "")]), "c.xlsx"))
    assert rows[0][2][0][1].startswith("“1.23457E+15” is a long number the spreadsheet shortened")


def _ods_number(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}">'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def ods_of(values: list[str]) -> bytes:
    rows = ["".join(ods_cell(name) for name in HEADER[:3])]
    rows += [ods_cell("Kibera") + ods_cell("Asha") + _ods_number(value) for value in values]
    sheet = "".join(f"<table:table-row>{row}{ODS_ROW_END}</table:table-row>" for row in rows)
    return ods_file(sheet + ODS_SHEET_END)


ODD_ROWS = [["Kibera", "Asha", value] for value in (INF, NAN, -INF)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("clients.ods", ods_of(["inf", "NaN", "-1e309"])),
        ("clients.xls", xls_workbook(HEADER[:3], ODD_ROWS)),
        ("clients.xlsb", xlsb_book({"Clients": [HEADER[:3], *ODD_ROWS]})),
    ],
)  # fmt: skip
def test_every_workbook_kind_refuses_such_a_cell_alike(api, kibera, name, data):
    rows = rows_of(upload(api, data, name))
    values = ("inf", "nan", "-inf")
    assert rows == [(line, "invalid", [("lastname", not_finite(value))])
                    for line, value in zip((2, 3, 4), values, strict=True)]  # fmt: skip
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("fr", "Cette cellule numérique contient « inf »"),
        ("es", "Esta celda numérica contiene «inf»"),
    ],
)
def test_the_message_is_in_the_users_language(admin_user, kibera, language, start):
    with translation.override(language):
        report = import_clients(user=admin_user, data=xlsx_of([("inf", "")]), dry_run=True)
    ((_column, message),) = report.rows[0].errors
    assert message.startswith(start)


def test_a_job_says_so_and_its_result_workbook_opens(api, kibera):
    body = {"file": SimpleUploadedFile("clients.xlsx", xlsx_of(XLSX_ROWS[:2])),
            "locale": "en", "dateFormat": "dd MMMM yyyy"}  # fmt: skip
    job_id = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body,
                      format="multipart").json()  # fmt: skip
    errors = api.get(f"{API}/imports/{job_id}").json()["errors"]
    assert [error["message"] for error in errors] == [not_finite("inf"), not_finite("-inf")]
    result = api.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id})
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(result.streaming_content)))
    table = book.get_sheet_by_index(0).to_python()
    assert table[1][-1] == f"lastname: {not_finite('inf')}"
    assert not Client.objects.exists()
