"""A text longer than an identifier's, an address's or a custom field's column takes, shown
by many cells of a workbook: refused by its length with the API's own message before any
check reads it whole, and the result file showing its first characters (docs/decisions.md
137); a cell longer than a spreadsheet cell holds, which no spreadsheet wrote, cut where the
streamed reader reads it and refused by its own message (decision 138)."""

import pytest
from tests.clients.bulk.test_long_texts import _cell
from tests.clients.bulk.test_sheet_stream import excel_workbook

from mteja.clients.bulk import reading
from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import custom_fields

pytestmark = pytest.mark.django_db

LONG = "Ã‰" * 16_000  # garbled capitals: every check reads them letter by letter
HEADER = ["office", "firstname", "lastname", "documentKey", "address.street", "survey.roof"]
SHOWN = {"documentKey": 4_000, "address.street": 400, "survey.roof": 120}  # 4 × the limit
TOO_LONG = {
    "documentKey": "The document number can be at most 1000 characters long.",
    "address.street": "The address field street can have at most 100 characters.",
    "survey.roof": "“roof” can be at most 30 characters long.",
}
ROWS = 20


@pytest.fixture
def survey():
    definition = custom_fields.read_table_definition(
        {"datatableName": "survey", "columns": [{"name": "roof", "type": "String", "length": 30}]}
    )
    return custom_fields.custom_table_create(actor=None, definition=definition)


def _workbook() -> bytes:
    """A header, then ROWS rows whose document number, street and roof show LONG."""
    header = "".join(_cell(c, 1, n) for c, n in zip("ABCDEF", HEADER, strict=True))
    rows = "".join(
        f'<row r="{line}">{_cell("A", line, "Kibera")}{_cell("B", line, "Asha")}'
        f"{_cell('C', line, f'Njeri{line}')}"
        + "".join(f'<c r="{c}{line}" t="s"><v>1</v></c>' for c in "DEF")
        + "</row>"
        for line in range(2, ROWS + 2)
    )
    return excel_workbook(f'<row r="1">{header}</row>{rows}', shared=["xx", LONG])


def test_a_part_or_custom_text_too_long_is_refused_by_its_length(
    admin_user, kibera, survey, xlsx_reader, characters_read
):
    report = import_clients(user=admin_user, data=_workbook(), dry_run=True)
    for row in report.rows:
        assert row.errors == list(TOO_LONG.items())
    # Each long cell read at most four times its column's limit, not its 32,000 characters.
    assert characters_read and max(characters_read) <= max(SHOWN.values()) + 1


def test_the_result_file_shows_a_part_or_custom_text_cut(
    dry_run_result, admin_user, kibera, survey, xlsx_reader
):
    written, rows = dry_run_result(admin_user, _workbook())
    assert rows[1][3:6] == [LONG[: SHOWN[name]] + "…" for name in HEADER[3:]]
    assert len(written) < 12_000 * (ROWS + 1)  # the whole texts were 240,000 bytes a row


def test_a_text_within_a_long_custom_column_is_still_read(admin_user, kibera):
    """A text field of 65,535 characters takes a 32,000-character text as the API does."""
    definition = custom_fields.read_table_definition(
        {"datatableName": "survey", "columns": [{"name": "notes", "type": "Text"}]}
    )
    custom_fields.custom_table_create(actor=None, definition=definition)
    header = "".join(
        _cell(c, 1, n) for c, n in zip("ABCD", [*HEADER[:3], "survey.notes"], strict=True)
    )
    row = "".join(
        _cell(c, 2, n)
        for c, n in zip("ABCD", ["Kibera", "Asha", "Njeri", "a" * 32_000], strict=True)
    )
    data = excel_workbook(f'<row r="1">{header}</row><row r="2">{row}</row>')
    [read] = import_clients(user=admin_user, data=data, dry_run=True).rows
    assert read.errors == []


def _income_workbook(income: str, shared: list[str]) -> bytes:
    """One row of a client of Kibera whose monthly income (a column without a limit of its
    own) is the cell `income`."""
    header = "".join(
        _cell(c, 1, n) for c, n in zip("ABCD", [*HEADER[:3], "monthlyIncome"], strict=True)
    )
    return excel_workbook(
        f'<row r="1">{header}</row><row r="2">{_cell("A", 2, "Kibera")}'
        f"{_cell('B', 2, 'Asha')}{_cell('C', 2, 'Njeri')}{income}</row>",
        shared=shared,
    )


BEYOND_EXCEL = "This cell holds 40,000 characters, more than the import takes in a cell (32,767"


@pytest.mark.parametrize("shared", [True, False], ids=["shared", "inline"])
def test_a_cell_longer_than_a_spreadsheet_holds_is_cut_and_refused(
    dry_run_result, monkeypatch, admin_user, kibera, shared
):
    """No spreadsheet writes a cell of more than 32,767 characters: the streamed reader keeps
    that many of a forged one's, and the row is refused by that cell, whatever its column
    (one without a limit of its own: a number's)."""
    monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    text = "b" * 40_000
    income = '<c r="D2" t="s"><v>1</v></c>' if shared else _cell("D", 2, text)
    data = _income_workbook(income, shared=["xx", text])
    [read] = import_clients(user=admin_user, data=data, dry_run=True).rows
    [(column, message)] = read.errors
    assert column == "monthlyIncome" and message.startswith(BEYOND_EXCEL)
    written, rows = dry_run_result(admin_user, data)
    assert rows[1][3] == "b" * 200 + "…"  # (its start: the whole cannot be imported)
    assert len(written) < 1_000


def test_a_cell_beyond_a_spreadsheets_in_a_limited_column_is_refused_by_its_limit(
    monkeypatch, admin_user, kibera
):
    """A column with a limit of its own says that limit, not only that no spreadsheet wrote it."""
    monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    header = "".join(_cell(c, 1, n) for c, n in zip("ABC", HEADER[:3], strict=True))
    row = "".join(
        _cell(c, 2, n) for c, n in zip("ABC", ["Kibera", "b" * 40_000, "Njeri"], strict=True)
    )
    data = excel_workbook(f'<row r="1">{header}</row><row r="2">{row}</row>')
    [read] = import_clients(user=admin_user, data=data, dry_run=True).rows
    assert read.errors == [("firstname", "Ensure this field has no more than 50 characters.")]


def test_a_small_workbooks_shared_text_beyond_a_spreadsheets_is_read_row_by_row(admin_user, kibera):
    """calamine would hand the whole text: a workbook whose shared strings hold one longer than
    a spreadsheet's cell is read by the streamed reader, whatever its size."""
    data = _income_workbook('<c r="D2" t="s"><v>1</v></c>', shared=["xx", "b" * 40_000])
    [read] = import_clients(user=admin_user, data=data, dry_run=True).rows
    [(column, message)] = read.errors
    assert column == "monthlyIncome" and message.startswith(BEYOND_EXCEL)
