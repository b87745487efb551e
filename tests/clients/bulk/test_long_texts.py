"""A text longer than its column takes, shown by many cells of a workbook (kept once in its
shared strings): each cell refused as the API refuses it, its length looked at before any
check reads it whole, and the result file showing its first characters, not the whole text
again in every row (docs/decisions.md 132)."""

from collections.abc import Callable

import pytest
from tests.clients.bulk.test_sheet_stream import excel_workbook

from mteja.clients.bulk import garbled
from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

LONG = "Ã‰" * 16_000  # garbled capitals: every check reads them letter by letter
TOO_LONG = "Ensure this field has no more than 50 characters."
ROWS = 20
HEADER = ["office", "firstname", "lastname"]


def _cell(column: str, line: int, text: str) -> str:
    return f'<c r="{column}{line}" t="inlineStr"><is><t>{text}</t></is></c>'


def rows_workbook(header: list[str], cells_of: Callable[[int], str], long: str) -> bytes:
    """A header of inline texts, then ROWS rows each of `cells_of(line)`; the shared texts
    "xx" (0) and `long` (1)."""
    named = "".join(_cell(chr(65 + i), 1, name) for i, name in enumerate(header))
    rows = "".join(f'<row r="{line}">{cells_of(line)}</row>' for line in range(2, ROWS + 2))
    return excel_workbook(f'<row r="1">{named}</row>{rows}', shared=["xx", long])


def _workbook(first_names: str = "<v>1</v>") -> bytes:
    """A header, then ROWS rows whose first and last names show the shared text LONG."""
    return rows_workbook(
        HEADER,
        lambda line: (
            f"{_cell('A', line, 'Kibera')}"
            f'<c r="B{line}" t="s">{first_names}</c><c r="C{line}" t="s"><v>1</v></c>'
        ),
        LONG,
    )


def test_a_text_too_long_for_its_column_is_refused_by_its_length(
    admin_user, kibera, xlsx_reader, characters_read
):
    report = import_clients(user=admin_user, data=_workbook(), dry_run=True)
    assert report.rows[0].errors == [("firstname", TOO_LONG), ("lastname", TOO_LONG)]
    # Each row by its own lengths: a refused row holds no values from the rows below it.
    assert {row.status() for row in report.rows[1:]} == {
        f"firstname: {TOO_LONG}; lastname: {TOO_LONG}"
    }
    # Each of the 40 long cells read up to 200 characters (its column's 50, four times:
    # garbled text may read shorter), not 32,000.
    assert characters_read and max(characters_read) <= 201


def test_a_text_within_its_column_once_trimmed_is_still_imported(admin_user, kibera, xlsx_reader):
    """A cell is told too long by its text as the API reads it (trimmed), not by its length
    in the file."""
    padded = "Asha" + " " * 200
    data = excel_workbook(
        '<row r="1">'
        + "".join(_cell(c, 1, n) for c, n in zip("ABC", HEADER, strict=True))
        + f'</row><row r="2">{_cell("A", 2, "Kibera")}{_cell("B", 2, padded)}'
        f"{_cell('C', 2, 'Njeri')}</row>"
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported"]
    assert Client.objects.get().firstname == "Asha"


def test_the_result_file_shows_a_too_long_text_cut(dry_run_result, admin_user, kibera, xlsx_reader):
    """The CLI's result file (read again from the source, as a job's is): each long cell
    shows its first 200 characters then "…" (too long again if imported), not the 32,000
    again in each row."""
    written, rows = dry_run_result(admin_user, _workbook())
    assert rows[1][:3] == ["Kibera", LONG[:200] + "…", LONG[:200] + "…"]
    assert rows[1][3] == f"firstname: {TOO_LONG}; lastname: {TOO_LONG}"
    assert len(written) < 2_000 * (ROWS + 1)  # the whole text was 80,000 bytes a cell


def test_a_garbled_name_a_little_too_long_is_still_told_garbled(admin_user, kibera):
    """Within four times its column's limit, a cell keeps its checks and their messages."""
    name = "JosÃ©" * 12  # 60 characters, "José" × 12 (48) meant
    data = excel_workbook(
        '<row r="1">' + "".join(_cell(c, 1, n) for c, n in zip("ABC", HEADER, strict=True))
        + f'</row><row r="2">{_cell("A", 2, "Kibera")}{_cell("B", 2, name)}'
        f'{_cell("C", 2, "Njeri")}</row>'
    )  # fmt: skip
    [row] = import_clients(user=admin_user, data=data, dry_run=True).rows
    assert row.errors == [("firstname", garbled.garbled_cell(name))]
