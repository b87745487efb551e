"""A cell's own text (an inline string, `<is>`, or a formula's text) longer than a
spreadsheet's cell holds, in a forged .xlsx small enough for calamine: cut and refused as a
shared string is, whichever reader reads the workbook (docs/decisions.md 138, 157). calamine
handed such a text whole: a Text custom field (65,535) took 40,000 characters no spreadsheet
wrote, and the result file echoed each whole."""

import pytest
from tests.clients.bulk.test_long_part_cells import BEYOND_EXCEL, _income_workbook
from tests.clients.bulk.test_long_texts import _cell
from tests.clients.bulk.test_sheet_stream import excel_workbook

from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import custom_fields

pytestmark = pytest.mark.django_db

TEXT = "b" * 100_000
CELLS = {
    "inline": _cell("D", 2, TEXT),
    "inline in runs": f'<c r="D2" t="inlineStr"><is><r><t>{TEXT[:50_000]}</t></r>'
    f"<r><t>{TEXT[50_000:]}</t></r></is></c>",
    "formula": f'<c r="D2" t="str"><f>REPT("b",100000)</f><v>{TEXT}</v></c>',
}
BEYOND_100_000 = BEYOND_EXCEL.replace("40,000", "100,000")


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_a_cells_own_text_beyond_a_spreadsheets_is_cut_and_refused(
    dry_run_result, admin_user, kibera, xlsx_reader, cell
):
    data = _income_workbook(cell, shared=[])
    [read] = import_clients(user=admin_user, data=data, dry_run=True).rows
    [(column, message)] = read.errors
    assert column == "monthlyIncome" and message.startswith(BEYOND_100_000)
    written, rows = dry_run_result(admin_user, data)
    assert rows[1][3] == "b" * 200 + "…"
    assert len(written) < 1_000  # (the whole text was 100,000 bytes)


def test_a_text_field_is_given_no_more_than_a_spreadsheets_cell(admin_user, kibera, xlsx_reader):
    """A Text custom field takes 65,535 characters through the API; an inline string of
    40,000 in a workbook is no spreadsheet's, and refused as such."""
    definition = custom_fields.read_table_definition(
        {"datatableName": "survey", "columns": [{"name": "notes", "type": "Text"}]}
    )
    custom_fields.custom_table_create(actor=None, definition=definition)
    header = "".join(
        _cell(c, 1, n)
        for c, n in zip("ABCD", ["office", "firstname", "lastname", "survey.notes"], strict=True)
    )
    row = "".join(
        _cell(c, 2, n)
        for c, n in zip("ABCD", ["Kibera", "Asha", "Njeri", "n" * 40_000], strict=True)
    )
    data = excel_workbook(f'<row r="1">{header}</row><row r="2">{row}</row>')
    [read] = import_clients(user=admin_user, data=data, dry_run=True).rows
    [(column, message)] = read.errors
    assert column == "survey.notes" and message.startswith(BEYOND_EXCEL)
