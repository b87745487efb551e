"""Excel's escapes in a workbook's texts (`_x000D_` for a carriage return, `_x005F_` for the
"_" before a text that looks like an escape) are undone by the streamed reader (a large
workbook's) as calamine undoes them: a file reads the same whatever its size (decision 276).
Before, the streamed reader kept them, so a street typed with a line break in Excel was
stored with "_x000D_" in it once the workbook grew past calamine's bound."""

import io

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from tests.clients.bulk.test_forged_sheet_rows import imported
from tests.clients.bulk.test_sheet_stream import calamine, excel_workbook, read, text_cells

from mteja.clients.models import Client

# Cells as Excel writes them, escaped, and as calamine reads them.
ESCAPED = [
    ("Plot 4_x000D_\nMarket Road", "Plot 4\r\nMarket Road"),  # a line break typed on Windows
    ("_x005F_x0041_", "_x0041_"),  # a text that looks like an escape, typed as it is
    ("_x0041__x0042_", "AB"),
    ("_x00e9_", "é"),  # either case of its digits
    ("_x20AC_", "_x20AC_"),  # calamine undoes none above U+00FF
    ("_X0041_", "_X0041_"),
    ("_x00_x0041_", "_x00A"),
]


def _sheet(texts: list[str]) -> str:
    cells = text_cells(1, texts)
    shared = (
        '<c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>'
        '<c r="C2" t="str"><f>A1</f><v>_x000D_</v></c>'
    )
    return f'<row r="1">{cells}</row><row r="2">{shared}</row>'


def test_the_streamed_reader_undoes_excels_escapes_as_calamine_does():
    escaped = [text for text, _read in ESCAPED]
    data = excel_workbook(_sheet(escaped), shared=["ru_x0041_ns", "a_x000D_b"])
    rows = read(data)
    assert rows[0] == [text for _escaped, text in ESCAPED]
    # A shared text's runs (each undone alone: "ru", "_x0041_ns"), a shared text, a
    # formula's text.
    assert rows[1] == ["ruAns", "a\rb", "\r"]
    assert rows == calamine(data)


@given(st.lists(st.text(max_size=12), min_size=1, max_size=6))
def test_any_text_a_spreadsheet_writes_reads_alike_by_both_readers(texts):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for column, text in enumerate(texts):
        sheet.write_string(0, column, text)
    book.close()
    data = buffer.getvalue()
    assert read(data) == calamine(data)


@pytest.mark.django_db
def test_a_street_typed_with_a_line_break_is_stored_alike_by_either_reader(
    api, kibera, xlsx_reader
):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    header = ["office", "firstname", "lastname", "addressType", "address.street", "externalId"]
    sheet.write_row(0, 0, header)
    row = ["Kibera", "Asha", "Njeri", "Residential", "Plot 4\r\nMarket Road", "_x0041_"]
    for column, text in enumerate(row):
        sheet.write_string(1, column, text)
    book.close()
    response = imported(api, buffer.getvalue())
    assert response.status_code == 200, response.json()
    asha = Client.objects.get()
    assert asha.external_id == "_x0041_"
    assert "_x000D_" not in asha.addresses.get().street
