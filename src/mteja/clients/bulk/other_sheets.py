"""A workbook's worksheets besides the one read (reading.py reads one: which_sheet.py): their
names, for a refusal that may concern them, and the rows of each, to tell whether it holds
clients the import would leave out (clients/bulk/client_sheets.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from mteja.clients.bulk.reading import BAD_WORKBOOK, Table, calamine_errors, file_kind, table_of
from mteja.clients.bulk.sheet_markup import Allowance, MarkupSpent, open_zip
from mteja.clients.bulk.sheet_stream import (
    UNREADABLE,
    other_sheets_rows,
    sheet_rows,
    visible_worksheets,
)
from mteja.clients.bulk.unreadable import FileUnreadable
from mteja.clients.bulk.which_sheet import first_worksheet, seen

# What the other worksheets are looked through for clients within: every one the user sees,
# each from its start (its header found as the read sheet's is, then its rows until one holds
# a client), MOST_LOOKED units in all: a row and each of its cells one unit each, a sheet
# SHEET_UNITS for its opening. An .xlsx's sheets are streamed, within the streamed reader's
# bound of markup, one for them all (Looking.markup); an .xls's or .ods's are held by calamine
# already, their cells counted; an .xlsb's sheet is held whole by calamine once looked at (its
# cells counted: one such sheet past what is left is read whole before the look stops). A
# workbook whose other sheets would take more (thousands of sheets, a sheet of millions of
# cells) is refused, the refusal saying how far they were looked through.
MOST_LOOKED = 2_000_000
SHEET_UNITS = 100
# ... and a sheet holding a row HEADER_UNITS more with its first, for its header's search and
# columns' reading: 4 ms of CPU, what 800 cells take (an empty sheet's opening, 0.5 ms, what
# its 100 do). Without them a forged workbook of 3,000 sheets naming one part of a cell (a
# 16 kB upload) kept its upload 14 seconds, 20,000 of them (50 kB) 80.
HEADER_UNITS = 800


class LookedTooFar(Exception):
    """The other sheets hold more than `most` (MOST_LOOKED): `sheet`, `line` where the look
    stopped."""

    def __init__(self, sheet: str, line: int, most: int):
        super().__init__(sheet, line)
        self.sheet, self.line, self.most = sheet, line, most


class Looking:
    """What is left of MOST_LOOKED, as the sheets are looked through; and of the markup their
    walks may go through besides their rows and cells, all of them together (an .xlsx's:
    sheet_markup.Allowance)."""

    def __init__(self):
        self.most = self.left = MOST_LOOKED
        self.markup = Allowance()

    def take(self, units: int, sheet: str, line: int) -> None:
        self.left -= units
        if self.left < 0:
            raise LookedTooFar(sheet, line, self.most)

    def rows(self, sheet: str, rows: Iterator[list]) -> Iterator[list]:
        """The sheet's rows, each taken as it is read; they end where the sheet cannot be
        read (the sheet read refuses its own faults)."""
        self.take(SHEET_UNITS, sheet, 1)  # (stopped at its first line)
        header = HEADER_UNITS  # (taken with its first row)
        try:
            with calamine_errors():
                for line, row in enumerate(rows, start=1):
                    self.take(header + 1 + len(row), sheet, line)
                    header = 0
                    yield row
        except (FileUnreadable, *UNREADABLE):
            return


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


def other_sheet_tables(stream: IO[bytes], looking: Looking) -> Iterator[tuple[str, Table]]:
    """Each worksheet the user sees after the one read, by name, as its table (its header
    found as the read sheet's is), its rows read as they are asked for, within `looking`
    (LookedTooFar past it). A sheet without a header, or one that cannot be read, is left
    out: it shows the user no clients (the read sheet's own faults are refused by its
    reading). Only for a workbook read already: an .xls's, .xlsb's or .ods's cells
    counted. FileUnreadable when the sheets hold more markup than `looking` allows: a
    forged workbook, refused as the read sheet's markup would be."""
    kind = file_kind(stream)
    try:
        if kind == "xlsx":
            shown = len(visible_sheet_names(stream))
            sheets = other_sheets_rows(open_zip(stream), shown, looking.markup)
        elif kind in CALAMINE_KINDS:
            sheets = _calamine_sheets(stream)
        else:
            return
        for name, rows in sheets:
            if (table := _table(looking.rows(name, rows))) is not None:
                yield name, table
    except (FileUnreadable, *UNREADABLE):
        return
    except MarkupSpent as spent:
        raise FileUnreadable(BAD_WORKBOOK) from spent


def read_sheet_table(stream: IO[bytes], looking: Looking) -> Table | None:
    """The table of the sheet read, as `other_sheet_tables` gives the others'; None for a
    CSV, or when it holds no header or cannot be read."""
    stream.seek(0)
    kind = file_kind(stream)
    try:
        if kind == "xlsx":
            return _table(looking.rows("", sheet_rows(open_zip(stream))))
        if kind in CALAMINE_KINDS:
            with calamine_errors():
                book = CalamineWorkbook.from_filelike(stream)
                sheet = book.get_sheet_by_index(first_worksheet(book.sheets_metadata))
                return _table(looking.rows("", sheet.iter_rows()))
    except (FileUnreadable, *UNREADABLE):
        pass
    finally:
        stream.seek(0)
    return None


def _calamine_sheets(stream: IO[bytes]) -> Iterator[tuple[str, Iterator]]:
    with calamine_errors():
        book = CalamineWorkbook.from_filelike(stream)
        sheets = book.sheets_metadata
        read = first_worksheet(sheets)
        for index, sheet in enumerate(sheets):
            if seen(sheet) and index != read:
                yield sheet.name, book.get_sheet_by_index(index).iter_rows()


def _table(rows: Iterator[list]) -> Table | None:
    """The table of a sheet's rows; None when they hold no header or cannot be read."""
    try:
        with calamine_errors():
            return table_of(rows)
    except (FileUnreadable, *UNREADABLE):
        return None
