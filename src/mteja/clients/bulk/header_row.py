"""A file's table: its header found among its rows, whichever reader read them, and the rows
below it.

A sheet's header is the first row naming two client's fields or more (column_names.py),
however far down it comes: a bank's report puts a title, who prepared it and when, and
notes above its columns, in rows of one cell or several. It is looked for among the first
MOST_ROWS_SEARCHED rows holding a cell (blank rows are skipped, not held: a million of them
cost their reading only) and MOST_CELLS_SEARCHED cells, which memory holds until it is
found. A sheet naming no two fields there has its header as before: the first row
holding a cell — or, when that holds one cell alone, a row below holding several, with at
most MOST_TITLE_ROWS rows of one cell above it (titles) — and is refused for its unknown
columns, the refusal saying where the header was looked for (`Table.searched_to`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.bulk import garbled
from mteja.clients.bulk.csv_text import CSV_MOST_ROW_CHARS, MOST_TITLE_ROWS
from mteja.clients.bulk.sheet_cells import FORMULA_WITHOUT_VALUE
from mteja.clients.bulk.sheets import cells_held
from mteja.clients.bulk.unreadable import FileUnreadable

MOST_ROWS_SEARCHED = 1_000
MOST_CELLS_SEARCHED = 200_000
HEADER_TOO_LONG = gettext_lazy(
    "The header row, line %(line)s, holds more than %(most)s characters: a column's name is "
    "a few words. Correct the header and import the file again."
)
HEADER_FORMULA_WITHOUT_VALUE = gettext_lazy(
    "A column's name is a formula without its value: open the file in a spreadsheet and save "
    "it again."
)


@dataclass
class Table:
    header: list[str]
    rows: Iterator[list]  # each as long as the header, or shorter
    first_line: int  # the line number of the first of `rows` (the header's, plus one)
    # The last line looked at for a header naming client's fields, when none was found and
    # the search stopped there, short of the sheet's end; else None.
    searched_to: int | None = None


class NoHeader(FileUnreadable):
    """The file (the sheet read) holds no cell."""


def table_of(rows: Iterator[list], *, sheet: bool = True) -> Table:
    """The table of `rows` (from the sheet's first), its header found as the module says
    and ending at its last cell (`_as_held`); without `sheet` (a CSV's rows: csv_text.py
    finds its header among typed titles, and a row's cells past the header's are refused by
    their count), the first row holding a cell, or one below titles, as its line gives it."""
    rows = iter(rows)
    first = _next_holding(rows, 0)
    if first is None:
        raise NoHeader(_("The file has no header row."))
    if _read_as_western(first[1]):
        raise FileUnreadable(garbled.READ_AS_WESTERN)
    read = [first]  # the rows holding a cell, read so far, with their lines
    at, searched_to = _named_header(read, rows) if sheet else (None, None)
    if at is None:
        # (read no further than the titles' rule looks: a row holding several cells, or
        # none, ends it; a header above a million blank lines is found without them)
        while (
            len(read) <= MOST_TITLE_ROWS
            and cells_held(read[-1][1]) == 1
            and (below := _next_holding(rows, read[-1][0]))
        ):
            read.append(below)
        at = _below_titles(read)
    line, header = read[at]
    if sheet:
        header = _as_held(header)
    _refuse_too_long(line, header)
    if any(cell is FORMULA_WITHOUT_VALUE for cell in header):
        raise FileUnreadable(HEADER_FORMULA_WITHOUT_VALUE)
    if at + 1 < len(read):  # the rows read below the header, as they were
        below_header = itertools.chain.from_iterable(
            [*([] for _blank in range(number - previous - 1)), cells]
            for (previous, _cells), (number, cells) in itertools.pairwise(read[at:])
        )
        rows = itertools.chain(below_header, rows)
    header = [_column_name(cell) for cell in header]
    return Table(header, rows, first_line=line + 1, searched_to=searched_to)


def search_note(searched_to: int | None) -> str:
    """A sentence saying where a header was looked for (a refusal's, of the header taken
    instead), when the search stopped at `searched_to` (Table's), short of the sheet's end;
    else ""."""
    if searched_to is None:
        return ""
    note = _(
        "The header, a row naming at least two client fields, was looked for in the first "
        "%(rows)s rows holding a cell (down to line %(line)s) and not found: delete the rows "
        "above it, or move it up."
    )
    return " " + note % {"rows": f"{MOST_ROWS_SEARCHED:,}", "line": f"{searched_to:,}"}


def _named_header(read: list, rows: Iterator[list]) -> tuple[int | None, int | None]:
    """The index in `read` of the first row naming two client's fields, the rows holding
    a cell read into `read` until it (within the search's bounds); else None, with the last
    line looked at when the search stopped at its bounds."""
    from mteja.clients.bulk.column_names import names_fields  # (it reads the declarations)

    named, cells = names_fields(), cells_held(read[0][1])
    while not named(read[-1][1]):
        if len(read) >= MOST_ROWS_SEARCHED or cells >= MOST_CELLS_SEARCHED:
            return None, read[-1][0]
        below = _next_holding(rows, read[-1][0])
        if below is None:
            return None, None
        read.append(below)
        cells += cells_held(below[1])
    return len(read) - 1, None


def _as_held(header: list) -> list:
    """A sheet's header row without the blank cells after its last: calamine gives each row
    the width of the sheet's widest (a note, or a merge, right of the header, anywhere
    below), which the streamed reader cannot know before reading the sheet through. A
    column past the header's is no column either way: a value in it refuses its row by its
    place (nameless_columns.py), and a result file's columns are the header's, then the
    Status (decision 293)."""
    end = len(header)
    while end and header[end - 1].__class__ is str and not header[end - 1]:
        end -= 1  # (a formula without its value, an error: blank text of their own types)
    return header[:end] if end < len(header) else header


def _refuse_too_long(line: int, header: list) -> None:
    """FileUnreadable for a header holding more characters than a CSV's line may (a
    workbook keeps a text once, however many cells show it: 40 cells of 32,000 characters
    take 10 kB), each name of which would be compared, copied and shown."""
    if sum(len(cell) for cell in header if cell.__class__ is str) > CSV_MOST_ROW_CHARS:
        raise FileUnreadable(
            HEADER_TOO_LONG % {"line": f"{line:,}", "most": f"{CSV_MOST_ROW_CHARS:,}"}
        )


def _below_titles(read: list) -> int:
    """The index of the header by the titles' rule: the row holding several cells below at
    most MOST_TITLE_ROWS rows of one cell; else the first."""
    for index, (_line, cells) in enumerate(read[: MOST_TITLE_ROWS + 1]):
        if cells_held(cells) != 1:
            return index if index else 0
    return 0


def _next_holding(rows: Iterator[list], line: int) -> tuple[int, list] | None:
    """The next row holding a cell, and its line (`line`: the last row's)."""
    for number, row in enumerate(rows, start=line + 1):
        if cells_held(row):
            return number, row
    return None


def _read_as_western(row: list) -> bool:
    """Whether the first row's text is UTF-8 a spreadsheet read as Western text (garbled.py):
    a CSV's byte-order mark shown as "ï»¿" (LibreOffice's default, not asked), a heading
    "PrÃ©nom"; every accent of the file is then as garbled."""
    return any(cell.__class__ is str and garbled.meant(cell) is not None for cell in row)


def _column_name(cell) -> str:
    """A header cell as a column's name: trimmed, without the byte-order marks a file saved
    twice over by an editor keeps (invisible in a message naming the column); a whole
    number cell as the sheet shows it (2024, not 2024.0)."""
    if cell.__class__ is float and cell.is_integer():
        cell = int(cell)
    return str(cell).replace("\ufeff", "").strip()
