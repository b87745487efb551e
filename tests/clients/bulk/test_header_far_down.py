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


LONG_TEXT = "a " * 16_000  # 32,000 characters, as many as a cell holds: one shared string


def test_the_search_for_the_header_reads_no_long_text_as_a_columns_name(
    admin_user, kibera, monkeypatch
):
    """A preamble's cells of thousands of characters (a workbook keeps a text once, however
    many cells show it) are no column names: the search does not compare them, each of its
    characters once a row — 200,000 such cells, a 400 kB file, kept an import for over a
    quarter of an hour."""
    from mteja.clients.bulk import column_names, headers

    keyed = []

    def counted(key):
        def header_key(name):
            keyed.append(len(name))
            return key(name)

        return header_key

    monkeypatch.setattr(column_names, "header_key", counted(headers.header_key))
    monkeypatch.setattr(headers, "header_key", counted(headers.header_key))
    preamble = [[LONG_TEXT] * 20 for _row in range(30)]
    data = xlsx({"Clients": [*preamble, HEADER, ["Kibera", "Asha", "Njeri", "FD-1"]]})
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome) for row in report.rows] == [(32, "imported")]
    assert sum(keyed) < 10_000  # the header's names, not 30 rows of 20 long texts


@pytest.mark.parametrize("streamed", [False, True])
def test_a_header_row_longer_than_a_csv_line_is_refused(admin_user, kibera, monkeypatch, streamed):
    """A header of 40 cells of 32,000 characters, in a 10 kB workbook, is refused as a CSV
    line of more than 1,048,576 characters is: each of its names would be compared, copied
    and shown."""
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    data = xlsx({"Clients": [[*HEADER, *[LONG_TEXT] * 40], ["Kibera", "Asha", "Njeri", "FD-1"]]})
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=data)
    assert str(refused.value) == (
        "The header row, line 1, holds more than 1,048,576 characters: a column's name is "
        "a few words. Correct the header and import the file again."
    )
    assert not Client.objects.exists()
