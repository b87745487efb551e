"""A workbook's worksheets besides the one read (reading.py reads one: which_sheet.py): their
names, for a refusal that may concern them, and the first rows of each, to tell whether it
holds clients the import would leave out (clients/bulk/client_sheets.py)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from mteja.clients.bulk.csv_text import MOST_TITLE_ROWS
from mteja.clients.bulk.reading import Table, calamine_errors, file_kind, table_of
from mteja.clients.bulk.sheet_markup import open_zip
from mteja.clients.bulk.sheet_stream import (
    UNREADABLE,
    other_sheets_rows,
    sheet_rows,
    visible_worksheets,
)
from mteja.clients.bulk.unreadable import FileUnreadable
from mteja.clients.bulk.which_sheet import first_worksheet, seen

# The other worksheets looked at, and the rows of each: enough for a header below its title
# rows and blank lines, and a row of clients below it. Each is read from its start only (an
# .xlsx's streamed, within the streamed reader's bounds of markup; an .xls's or .ods's held
# by calamine already, its cells counted), so a huge or forged workbook costs little more.
MOST_SHEETS_LOOKED = 20
MOST_ROWS_LOOKED = MOST_TITLE_ROWS + 15
CALAMINE_KINDS = ("xls", "xlsb", "ods")  # the workbooks calamine reads once counted


def visible_sheet_names(stream: IO[bytes]) -> list[str]:
    """The names of the workbook's worksheets the user sees, in its order (the first is the
    one read); [] for a CSV or a workbook that cannot be read."""
    kind = file_kind(stream)
    try:
        if kind == "xlsx":
            return visible_worksheets(open_zip(stream))
        if kind in CALAMINE_KINDS:  # (read by calamine already, once counted)
            with calamine_errors():
                sheets = CalamineWorkbook.from_filelike(stream).sheets_metadata
            return [sheet.name for sheet in sheets if seen(sheet)]
    except (FileUnreadable, *UNREADABLE):
        pass
    finally:
        stream.seek(0)
    return []


def sheet_note(stream: IO[bytes]) -> str:
    """A sentence naming the sheet read, for a refusal of its header, when the workbook has
    other worksheets the user sees (the clients may be on one of them); else ""."""
    names = visible_sheet_names(stream)
    if len(names) < 2:
        return ""
    message = _(
        "The workbook's first sheet, “%(sheet)s”, is the one read: move the clients' sheet "
        "first, or delete the other sheets."
    )
    return " " + message % {"sheet": names[0]}


def other_sheet_tables(stream: IO[bytes]) -> Iterator[tuple[str, Table]]:
    """Each worksheet the user sees after the one read (the first MOST_SHEETS_LOOKED), by
    name, as the table of its first MOST_ROWS_LOOKED rows (their header found as the read
    sheet's is). A sheet without a header, or one that cannot be read, is left out: it shows
    the user no clients (the read sheet's own faults are refused by its reading). Only for a
    workbook read already: an .xls's or .ods's cells counted."""
    kind = file_kind(stream)
    try:
        if kind == "xlsx":
            sheets = other_sheets_rows(open_zip(stream), MOST_SHEETS_LOOKED)
        elif kind in CALAMINE_KINDS:
            sheets = _calamine_sheets(stream)
        else:
            return
        for name, rows in sheets:
            if (table := _first_rows(rows)) is not None:
                yield name, table
    except (FileUnreadable, *UNREADABLE):
        return


def read_sheet_table(stream: IO[bytes]) -> Table | None:
    """The table of the first MOST_ROWS_LOOKED rows of the sheet read, as `other_sheet_tables`
    gives the others'; None for a CSV, or when they hold no header or cannot be read."""
    stream.seek(0)
    kind = file_kind(stream)
    try:
        if kind == "xlsx":
            return _first_rows(sheet_rows(open_zip(stream)))
        if kind in CALAMINE_KINDS:
            with calamine_errors():
                book = CalamineWorkbook.from_filelike(stream)
                sheet = book.get_sheet_by_index(first_worksheet(book.sheets_metadata))
                return _first_rows(sheet.iter_rows())
    except (FileUnreadable, *UNREADABLE):
        pass
    finally:
        stream.seek(0)
    return None


def _calamine_sheets(stream: IO[bytes]) -> Iterator[tuple[str, Iterator[list]]]:
    with calamine_errors():
        book = CalamineWorkbook.from_filelike(stream)
        sheets = book.sheets_metadata
        read = first_worksheet(sheets)
        others = [i for i, sheet in enumerate(sheets) if seen(sheet) and i != read]
        for index in others[:MOST_SHEETS_LOOKED]:
            yield sheets[index].name, book.get_sheet_by_index(index).iter_rows()


def _first_rows(rows: Iterator[list]) -> Table | None:
    """The table of a sheet's first rows; None when they hold no header or cannot be read."""
    try:
        with calamine_errors():
            table = table_of(itertools.islice(rows, MOST_ROWS_LOOKED))
            table.rows = list(table.rows)
    except (FileUnreadable, *UNREADABLE):
        return None
    return table
