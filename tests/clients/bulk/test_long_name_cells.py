"""A text longer than any name its column takes (an office's, a staff member's, a code list's
value's, a custom drop-down's, a choice's label), shown by many cells of a workbook: refused by
its length before any check reads it whole, and the result file showing its first characters,
as the text columns' long cells are (docs/decisions.md 132, 137, 151, 156). Such a cell was
quoted whole in its refusal and echoed whole in the result file: a forged 300 kB workbook of
one long text made a result file of gigabytes."""

import pytest
from tests.clients.bulk.test_long_texts import _cell, rows_workbook

from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import custom_fields

pytestmark = pytest.mark.django_db

LONG = "Ã‰" * 16_000  # garbled capitals: every check reads them letter by letter
HEADER = ["office", "firstname", "lastname", "staff", "gender", "legalForm", "documentType",
          "address.country"]  # fmt: skip
NAMED = HEADER[3:]
ROWS = 20


def _workbook(long: str = LONG) -> bytes:
    """A header, then ROWS rows whose staff, gender, legal form, document type and country
    show `long`."""
    return rows_workbook(
        HEADER,
        lambda line: (
            _person_cells(line) + "".join(f'<c r="{c}{line}" t="s"><v>1</v></c>' for c in "DEFGH")
        ),
        long,
    )


def _person_cells(line: int) -> str:
    """The office, first and last names of a row (A to C)."""
    return (
        f"{_cell('A', line, 'Kibera')}{_cell('B', line, 'Asha')}{_cell('C', line, f'Njeri{line}')}"
    )


def test_a_name_longer_than_any_its_column_takes_is_refused_by_its_length(
    admin_user, kibera, xlsx_reader, characters_read
):
    report = import_clients(user=admin_user, data=_workbook(), dry_run=True)
    assert len(report.rows) == ROWS
    for row in report.rows:
        assert [column for column, _message in row.errors] == NAMED
        for _column, message in row.errors:
            assert message.startswith("Longer than any name this column takes")
            assert len(message) < 200  # the cell is not quoted in it
    assert characters_read and max(characters_read) <= 4 * 102 + 1  # the longest name: 102


def test_the_result_file_shows_a_long_name_cut(dry_run_result, admin_user, kibera, xlsx_reader):
    written, rows = dry_run_result(admin_user, _workbook())
    assert all(cell.endswith("…") and len(cell) <= 4 * 102 + 1 for cell in rows[1][3:8])
    assert len(written) < 12_000 * (ROWS + 1)  # the whole texts were 160,000 bytes a cell


def test_a_name_within_its_bound_keeps_its_own_message(admin_user, kibera, xlsx_reader):
    """A name no list holds but no longer than a name may be: told it names nothing, as
    before."""
    report = import_clients(user=admin_user, data=_workbook("Nobody Known"), dry_run=True)
    messages = dict(report.rows[0].errors)
    assert messages["staff"] == "No staff member named “Nobody Known”."
    assert messages["gender"] == "“Nobody Known” is not a value of the list “Gender”."


@pytest.fixture
def occupation():
    """A custom table whose field `occupation` is a drop-down of the PROFESSION list."""
    definition = custom_fields.read_table_definition(
        {
            "datatableName": "survey",
            "columns": [{"name": "occupation", "type": "Dropdown", "code": "PROFESSION"}],
        }
    )
    return custom_fields.custom_table_create(actor=None, definition=definition)


def _drop_down_workbook(named: str) -> bytes:
    """A header, then ROWS rows whose drop-down `survey.occupation` shows `named`."""
    return rows_workbook(
        [*HEADER[:3], "survey.occupation"],
        lambda line: f'{_person_cells(line)}<c r="D{line}" t="s"><v>1</v></c>',
        named,
    )


def test_a_drop_down_cell_longer_than_any_value_is_refused_by_its_length(
    admin_user, kibera, occupation, xlsx_reader, characters_read
):
    """A custom drop-down names a code list's value (at most 100 characters): a longer cell
    is refused by its length, not quoted whole as a value the list lacks."""
    report = import_clients(user=admin_user, data=_drop_down_workbook(LONG), dry_run=True)
    for row in report.rows:
        assert row.errors == [
            ("survey.occupation", "Longer than any name this column takes: at most 100 characters.")
        ]
    assert characters_read and max(characters_read) <= 4 * 100 + 1


def test_the_result_file_shows_a_long_drop_down_cell_cut(
    dry_run_result, admin_user, kibera, occupation, xlsx_reader
):
    written, rows = dry_run_result(admin_user, _drop_down_workbook(LONG))
    assert rows[1][3] == LONG[:400] + "…"
    assert len(written) < 3_000 * (ROWS + 1)  # the whole text was 80,000 bytes a cell


def test_a_drop_down_name_within_its_bound_keeps_its_own_message(admin_user, kibera, occupation):
    report = import_clients(user=admin_user, data=_drop_down_workbook("Astronaut"), dry_run=True)
    [(column, message)] = report.rows[0].errors
    assert column == "survey.occupation" and message.startswith("“Astronaut” is not a value")
