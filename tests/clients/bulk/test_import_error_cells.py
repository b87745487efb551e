"""An error cell (#N/A from a lookup that found nothing, #REF! from a deleted column) of an
.xls or an .ods refuses its row, naming its column, as an .xlsx's does
(test_sheet_stream.py): calamine read it as blank (or as the 0 LibreOffice may write beside
the error), the client written without the value."""

import io
import tracemalloc
import zipfile

import pytest
import xlwt
from python_calamine import CalamineWorkbook
from tests.clients.bulk.test_import_xls_ods import ODS_ROW_END, ODS_SHEET_END, ods_cell, ods_file

from mteja.clients.bulk import reading
from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

NAMES = ["office", "firstname", "lastname", "externalId", "mobileNo"]
# What xlwt writes as a formula's value (an empty text), and an error's: kind 2, its code.
XLWT_FORMULA_VALUE = b"\x03\x00\x00\x00\x00\x00\xff\xff"
NA, REF = 0x2A, 0x17


class Error:
    """An error cell: `formula`, a formula's value (else a value typed or pasted)."""

    def __init__(self, code: int, *, formula: bool = True):
        self.code, self.formula = code, formula


def xls_with_errors(rows: list[list]) -> bytes:
    """An .xls of `rows` (each Error an error cell), the formulas' values written as errors
    (xlwt writes no value but an empty text)."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Clients")
    codes = []
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if not isinstance(value, Error):
                sheet.write(number, column, value)
            elif value.formula:
                sheet.write(number, column, xlwt.Formula("NA()"))
                codes.append(value.code)
            else:
                sheet.row(number).set_cell_error(column, value.code)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    for code in codes:  # in the order the cells were written: row by row
        data = data.replace(
            XLWT_FORMULA_VALUE, b"\x02\x00" + bytes([code]) + bytes(3) + b"\xff\xff", 1
        )
    assert XLWT_FORMULA_VALUE not in data
    return data


def ods_error(shown: str, value: str = 'office:value-type="string" office:string-value=""') -> str:
    """A formula's error as LibreOffice saves it (its value an empty text, or 0)."""
    return (f'<table:table-cell table:formula="of:=VLOOKUP([.B2];$Sheet2.A:B;2;0)" {value} '
            f'calcext:value-type="error"><text:p>{shown}</text:p></table:table-cell>')  # fmt: skip


def ods_with_errors(rows: list[list]) -> bytes:
    cells = [
        "".join(value if value.startswith("<table:") else ods_cell(value) for value in row)
        for row in rows
    ]
    sheet = "".join(f"<table:table-row>{row}{ODS_ROW_END}</table:table-row>" for row in cells)
    calc = 'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
    source, buffer = zipfile.ZipFile(io.BytesIO(ods_file(sheet + ODS_SHEET_END))), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "content.xml":  # its namespaces, LibreOffice's calcext too
                content = content.replace(b"xmlns:text=", calc.encode() + b"xmlns:text=")
            archive.writestr(part, content)
    return buffer.getvalue()


def shows(error: str) -> str:
    return f"This cell shows the error {error}: correct its formula in the spreadsheet, or " \
        "clear the cell."  # fmt: skip


def test_an_xls_error_cell_refuses_its_row_by_its_column(admin_user, kibera):
    data = xls_with_errors([
        NAMES,
        ["Kibera", "Asha", "Njeri", Error(NA, formula=False), Error(REF)],
        ["Kibera", "Baraka", "Otieno", "IMP-3", Error(NA)],
        [Error(NA)],  # a formula dragged below the clients
    ])  # fmt: skip
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[1][3:] == ["", ""] and rows[3] == ["", "", "", "", ""]  # blank to calamine
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [
        (2, "invalid", [("externalId", shows("#N/A")), ("mobileNo", shows("#REF!"))]),
        (3, "invalid", [("mobileNo", shows("#N/A"))]),
        (4, "invalid", [("office", shows("#N/A"))]),
    ]
    assert not Client.objects.exists()


def test_an_ods_error_cell_refuses_its_row_by_its_column(admin_user, kibera):
    data = ods_with_errors([
        NAMES,
        ["Kibera", "Asha", "Njeri", ods_error("#N/A"),
         ods_error("#REF!", 'office:value-type="float" office:value="0"')],
        ["Kibera", "Baraka", "Otieno", "IMP-3", ods_error("Err:502")],
        [ods_error("#N/A")],
    ])  # fmt: skip
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[1][3:5] == ["", 0.0] and rows[3][0] == ""  # blank, or 0, to calamine
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [
        (2, "invalid", [("externalId", shows("#N/A")), ("mobileNo", shows("#REF!"))]),
        (3, "invalid", [("mobileNo", shows("Err:502"))]),
        (4, "invalid", [("office", shows("#N/A"))]),
    ]
    assert not Client.objects.exists()


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_workbook_without_error_cells_is_not_walked_again(admin_user, kibera, monkeypatch, kind):
    """The count ahead of calamine counts the error cells: a sheet holding none is not walked
    a second time for them."""
    rows = [NAMES, ["Kibera", "Asha", "Njeri", "IMP-1", ""]]
    data = xls_with_errors(rows) if kind == "xls" else ods_with_errors(rows)
    module = reading.xls_range if kind == "xls" else reading.ods_range

    def walked(*args):
        raise AssertionError("walked again")

    monkeypatch.setattr(module, "sheet_errors", walked)
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome) for row in report.rows] == [(2, "imported")]


def test_an_ods_of_a_million_repeated_error_cells_is_not_held_cell_by_cell():
    """A forged .ods of a thousand bytes, one error cell repeated over 1,000 columns and 1,000
    rows: a million error cells, within calamine's bound. They are held as the runs the file
    writes, not one by one (hundreds of megabytes, and seconds, for each such upload)."""
    repeated = ods_error("#N/A").replace(
        "<table:table-cell ", '<table:table-cell table:number-columns-repeated="1000" ', 1
    )
    data = ods_with_errors([NAMES, [repeated]])
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
    start = b"<table:table-row>" + repeated.encode()[:40]
    assert content.count(start) == 1
    content = content.replace(
        start, b'<table:table-row table:number-rows-repeated="1000">' + start[17:]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as archive:
        for part in source.infolist():
            archive.writestr(part, content if part.filename == "content.xml" else source.read(part))
    tracemalloc.start()
    try:
        rows = [row[:5] for row in reading.read_table(io.BytesIO(buffer.getvalue())).rows]
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == 1000
    assert all([cell.shown for cell in row] == ["#N/A"] * 5 for row in rows)
    assert peak < 30 * 2**20
