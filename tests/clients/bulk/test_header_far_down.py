"""A sheet's header below a report's preamble (a title, who prepared it and when, notes: rows
of one cell or several, blank rows between) is found however far down it comes, within
MOST_ROWS_SEARCHED rows holding a cell; a header past them is refused saying where it was
looked for. Blank rows cost their reading only: a million of them before the header are
not held."""

import datetime
import io

import pytest
from tests.clients.bulk.test_sheet_stream import excel_workbook
from tests.clients.bulk.test_sheets_of_clients import ods, xls, xlsx
from tests.clients.bulk.xlsb_files import xlsb_book

from mteja.clients.bulk import header_row, reading
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable, read_table
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = ["office", "firstname", "lastname", "externalId"]
PREAMBLE = [
    ["Kibera branch — clients opened in March 2026"],
    [],
    ["Prepared by:", "Jane Wanjiru"],
    ["Date:", "2026-03-31"],
    ["Branch:", "Kibera", "Region:", "Nairobi"],
    [],
    ["Notes"],
    ["Dates as day month year."],
    ["Clients who left are not listed."],
]


@pytest.fixture(params=["xlsx", "xlsx streamed", "xls", "ods", "xlsb"])
def made(request, monkeypatch):
    if request.param == "xlsx streamed":
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    return {"xlsx": xlsx, "xlsx streamed": xlsx, "xls": xls, "ods": ods, "xlsb": xlsb_book}[
        request.param
    ]


def test_a_header_below_a_reports_preamble_is_found(admin_user, kibera, made):
    rows = [*PREAMBLE, HEADER, ["Kibera", "Asha", "Njeri", "FD-1"], ["Kibera", "Baraka"]]
    report = import_clients(user=admin_user, data=made({"Clients": rows}))
    assert [(row.line, row.outcome) for row in report.rows] == [(11, "imported"), (12, "invalid")]
    assert report.rows[1].errors[0][0] == "lastname"
    assert Client.objects.get().external_id == "FD-1"


def test_a_header_below_a_million_blank_rows_is_found_without_holding_them(
    admin_user, kibera, monkeypatch
):
    """The streamed reader gives each of the blank rows; none is held."""
    monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Clients</t></is></c></row>'
        + _row(1_000_000, HEADER)
        + _row(1_000_001, ["Kibera", "Asha", "Njeri", "FD-1"])
    )
    data = excel_workbook(sheet)
    table = read_table(io.BytesIO(data))
    assert (table.header, table.first_line) == (HEADER, 1_000_001)
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome) for row in report.rows] == [(1_000_001, "imported")]


def _row(number: int, cells: list[str]) -> str:
    letters = "ABCDEFGH"
    return (
        f'<row r="{number}">'
        + "".join(
            f'<c r="{letters[i]}{number}" t="inlineStr"><is><t>{cell}</t></is></c>'
            for i, cell in enumerate(cells)
        )
        + "</row>"
    )


def test_a_header_past_the_search_is_refused_saying_where_it_was_looked_for(
    admin_user, kibera, monkeypatch
):
    monkeypatch.setattr(header_row, "MOST_ROWS_SEARCHED", 12)
    notes = [[f"Note {number}", "see above"] for number in range(1, 16)]
    data = xlsx({"Clients": [*notes, HEADER, ["Kibera", "Asha", "Njeri", "FD-1"]]})
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=data)
    assert str(refused.value) == (
        "Unknown columns: Note 1, see above. The header, a row naming at least two client "
        "fields, was looked for in the first 12 rows holding a cell (down to line 12) and "
        "not found: delete the rows above it, or move it up."
    )


def test_a_first_row_naming_one_field_is_still_the_header_of_a_one_column_file(admin_user):
    data = xlsx({"Clients": [["fullname"], ["Kibera Traders"], ["Asha Njeri"]]})
    table = read_table(io.BytesIO(data))
    assert (table.header, list(table.rows)) == (["fullname"], [["Kibera Traders"], ["Asha Njeri"]])


def test_a_date_above_the_header_is_preamble_not_the_header(admin_user, kibera):
    rows = [["Report of", datetime.date(2026, 3, 31)], HEADER, ["Kibera", "Asha", "Njeri", "X"]]
    report = import_clients(user=admin_user, data=xlsx({"Clients": rows}))
    assert [(row.line, row.outcome) for row in report.rows] == [(3, "imported")]
