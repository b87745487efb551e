"""Cells merged down one column — a branch's or a group's name merged over its clients' rows,
as a field team groups them: the sheet shows the name on each row, the workbook holds it in
the merge's first cell alone, the others blank (each row below then refused as having no
office). A merge across columns is left as it is: a title's, or a heading's, shown once."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from mteja.clients.bulk.sheet_cells import column_number
from mteja.clients.bulk.sheet_stream import first_sheet
from mteja.clients.bulk.sheets import cells_held

if TYPE_CHECKING:
    from mteja.clients.bulk.reading import Table

# The merges filled, at most (a sheet merging cells on each of a million rows: the rest are
# read as the workbook holds them).
MOST_MERGES = 100_000
INFLATE_BYTES = 1 << 20
_MERGE = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*["']"""
    rb"""\$?([A-Za-z]{1,3})\$?([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})["']"""
)


def filled(table: Table, merges: Iterable[tuple[int, int, int]]) -> Table:
    """The table, its rows' cells merged down one column filled (`filled_down`) below its
    header: a header's cell merged down (a header two rows tall) names its column, no row's
    value; a column the header leaves unnamed is not read."""
    below = table.first_line - 1  # (the index of the header's row, plus one)
    named = {column for column, name in enumerate(table.header) if name}
    merges = [merge for merge in merges if merge[0] >= below and merge[2] in named]
    table.rows = filled_down(table.rows, merges, below)
    return table


def filled_down(
    rows: Iterator[list], merges: Iterable[tuple[int, int, int]], first: int = 0
) -> Iterator[list]:
    """The rows (a sheet's from its row `first`, counted from 0; their cells from column A),
    each cell of a merge (its first row, last row and column, counted from 0) below the first
    given its value, in a row holding a cell of its own. Merges do not overlap (Excel repairs
    a workbook whose merges do): in a forged file's, a merge ends the one before it in its
    column, so that a row takes a look a column filled, not one a merge (100,000 merges over
    each row took 10 ms a row)."""
    starts: dict[int, dict[int, int]] = {}  # first row: {column: last row}
    for first_row, last, column in merges:
        if last > first_row:
            starts.setdefault(first_row, {})[column] = last
    if not starts:
        yield from rows
        return
    filling: dict[int, tuple[int, object]] = {}  # column: (last row, value)
    for index, row in enumerate(rows, start=first):
        if filling:
            filling = {column: fill for column, fill in filling.items() if fill[0] >= index}
        if filling and cells_held(row):  # (a blank row is none of the branch's)
            for column, (_last, value) in filling.items():
                if column >= len(row):
                    row = row + [""] * (column + 1 - len(row))
                if row[column] in ("", None):
                    row[column] = value
        for column, last in starts.pop(index, {}).items():
            value = row[column] if column < len(row) else None
            if value not in ("", None):
                filling[column] = (last, value)
        yield row


def calamine_merges(ranges) -> list[tuple[int, int, int]]:
    """The merges of one column among calamine's ((first row, column), (last row, column))."""
    merges = [
        (first_row, last_row, first_column)
        for (first_row, first_column), (last_row, last_column) in ranges or ()
        if first_column == last_column
    ]
    return merges[:MOST_MERGES]


def xlsx_merges(archive: zipfile.ZipFile) -> list[tuple[int, int, int]]:
    """The merges of one column of the sheet the streamed reader reads (listed after its
    cells, in the sheet's part: read first, as the part is inflated)."""
    sheet, _date1904 = first_sheet(archive)
    merges, tail = [], b""
    with archive.open(sheet) as part:
        while chunk := part.read(INFLATE_BYTES):
            text = tail + chunk
            end = text.rfind(b">") + 1  # whole tags: the rest is read with the next chunk
            for found in _MERGE.finditer(text, 0, end):
                first_letters, first_row, last_letters, last_row = found.groups()
                if first_letters.upper() == last_letters.upper():
                    column = column_number(first_letters.decode().upper()) - 1
                    merges.append((int(first_row) - 1, int(last_row) - 1, column))
                    if len(merges) >= MOST_MERGES:
                        return merges
            tail = text[end:][-4096:]  # (no tag is longer: a text's end is not kept whole)
    return merges
