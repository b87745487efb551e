"""The cells an Excel 97-2003 workbook (.xls) makes calamine hold, counted before it reads
the file. calamine reads every sheet of an .xls when it opens it, and holds each sheet's
whole used range, cell by cell: a 5 kB file naming one cell at IV65536 made it hold 1 GB.

The count follows the file as calamine does: olefile opens the compound file, the workbook
stream's globals list the sheets (BOUNDSHEET records, each with its stream offset), and
each sheet's records from there to its end name the cells (BIFF8: the row, then the
column, in the first four bytes; MULRK and MULBLANK name a run of columns, as many as the
record's length holds). Values are not read."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import IO

import olefile

_RECORD = struct.Struct("<HH")  # a record's type and the length of its data
_ROW_AND_COLUMN = struct.Struct("<HH")
_SHEET_OFFSET = struct.Struct("<I")
BOUNDSHEET, EOF = 0x0085, 0x000A
# Records holding one cell: FORMULA, LABELSST, NUMBER, RK, BLANK, BOOLERR, LABEL, RSTRING.
_ONE_CELL = frozenset({0x0006, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0205, 0x0204, 0x00D6})
# Records holding a run of cells, with the bytes each takes: MULRK, MULBLANK.
_CELL_RUN = {0x00BD: 6, 0x00BE: 2}
WORKBOOK_STREAMS = ("Workbook", "Book")  # BIFF8's name, then BIFF5's


class XlsUnreadable(ValueError):
    """No .xls workbook this count understands (calamine would not read it either)."""


@dataclass(frozen=True)
class SheetRange:
    rows: int  # from row 1 to the last row naming a cell
    columns: int  # from column A to the last column naming a cell

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def sheet_ranges(stream: IO[bytes]) -> list[SheetRange]:
    """The used range of each sheet the workbook lists, in its order (a sheet listed twice
    counts twice: calamine reads it twice)."""
    try:
        with olefile.OleFileIO(stream) as compound:
            name = next((n for n in WORKBOOK_STREAMS if compound.exists(n)), None)
            if name is None:
                raise XlsUnreadable("no workbook stream")
            data = compound.openstream(name).read()
    except XlsUnreadable:
        raise
    except (OSError, ValueError, struct.error, IndexError, KeyError, RecursionError) as exc:
        raise XlsUnreadable(str(exc)) from exc
    return [_sheet_range(data, offset) for offset in _sheet_offsets(data)]


def _records(data: bytes, start: int):
    """(type, start of data, length of data) of each record from `start` to the
    substream's EOF record or the data's end."""
    position, end = start, len(data)
    while position + 4 <= end:
        kind, length = _RECORD.unpack_from(data, position)
        yield kind, position + 4, min(length, end - position - 4)
        if kind == EOF:
            return
        position += 4 + length


def _sheet_offsets(data: bytes) -> list[int]:
    return [
        _SHEET_OFFSET.unpack_from(data, at)[0]
        for kind, at, length in _records(data, 0)
        if kind == BOUNDSHEET and length >= 4
    ]


def _sheet_range(data: bytes, offset: int) -> SheetRange:
    last_row = last_column = -1
    for kind, at, length in _records(data, offset):
        if kind in _ONE_CELL:
            if length < 4:
                continue
            row, column = _ROW_AND_COLUMN.unpack_from(data, at)
        elif kind in _CELL_RUN:
            if length < 6:
                continue
            row, first = _ROW_AND_COLUMN.unpack_from(data, at)
            stated_last = _ROW_AND_COLUMN.unpack_from(data, at + length - 4)[1]
            column = max(stated_last, first + (length - 6) // _CELL_RUN[kind] - 1)
        else:
            continue
        last_row, last_column = max(last_row, row), max(last_column, column)
    return SheetRange(last_row + 1, last_column + 1)
