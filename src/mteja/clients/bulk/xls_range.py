"""The cells an Excel 97-2003 workbook (.xls) makes calamine hold, counted before it reads
the file. calamine reads every sheet of an .xls when it opens it, and holds each sheet's
whole used range, cell by cell: a 5 kB file naming one cell at IV65536 made it hold 1 GB.

The count follows the file as calamine does: olefile opens the compound file, the workbook
stream's globals list the sheets (BOUNDSHEET records, each with its stream offset), and
each sheet's records from there to its end name the cells (BIFF8: the row, then the
column, in the first four bytes; MULRK and MULBLANK name a run of columns, as many as the
record's length holds). Values are not read, but for the shared strings' lengths: calamine
copies a shared string into every cell naming it (LABELSST), so a small file naming one
long string many times would hold gigabytes."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import IO

import olefile

_RECORD = struct.Struct("<HH")  # a record's type and the length of its data
_ROW_AND_COLUMN = struct.Struct("<HH")
_SHEET_OFFSET = struct.Struct("<I")
_STRING_INDEX = struct.Struct("<I")  # a LABELSST's, after its row, column and format
BOUNDSHEET, EOF, SST, CONTINUE, LABELSST = 0x0085, 0x000A, 0x00FC, 0x003C, 0x00FD
FILEPASS = 0x002F  # the globals' mark of a workbook encrypted with a password
# Records holding one cell: FORMULA, LABELSST, NUMBER, RK, BLANK, BOOLERR, LABEL, RSTRING.
_ONE_CELL = frozenset({0x0006, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0205, 0x0204, 0x00D6})
# Records holding a run of cells, with the bytes each takes: MULRK, MULBLANK.
_CELL_RUN = {0x00BD: 6, 0x00BE: 2}
WORKBOOK_STREAMS = ("Workbook", "Book")  # BIFF8's name, then BIFF5's
FORMULA, BOOLERR = 0x0006, 0x0205
# The errors a cell holds (a BOOLERR's, or a FORMULA's value), by their codes, as Excel shows
# them (calamine refuses a workbook holding another code).
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
          0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}  # fmt: skip


class XlsUnreadable(ValueError):
    """No .xls workbook this count understands (calamine would not read it either)."""


class PasswordProtected(XlsUnreadable):
    """A workbook opened with a password only: an .xlsx (or .xlsm) so saved is a compound
    file holding its encrypted package; an .xls so saved says so in its globals' FILEPASS
    record, ahead of its sheets."""


# The streams of an Office document encrypted with a password (MS-OFFCRYPTO).
ENCRYPTED_STREAMS = ("EncryptedPackage", "EncryptionInfo")


@dataclass(frozen=True)
class SheetRange:
    rows: int  # from row 1 to the last row naming a cell
    columns: int  # from column A to the last column naming a cell
    text: int = 0  # the characters of text calamine writes into the cells (copies counted)
    # The error cells (#N/A: calamine reads them as blank; error_cells.py marks them), None
    # when not counted (a count written down before they were).
    errors: int | None = None

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def sheet_ranges(stream: IO[bytes]) -> list[SheetRange]:
    """The used range of each sheet the workbook lists, in its order (a sheet listed twice
    counts twice: calamine reads it twice)."""
    data = _workbook_data(stream)
    if any(kind == FILEPASS for kind, _at, _length in _records(data, 0)):
        raise PasswordProtected("FILEPASS")
    lengths = _shared_string_lengths(data)
    offsets = _sheet_offsets(data)
    # Each sheet is counted once, up to the next one's start, which its EOF record comes
    # before: a forged list of 2,000 sheets beginning at each record of one sheet of 20,000
    # cells (a 224 kB file) walked 40,000,000 records, 37 seconds (quadratic in the file).
    starts = sorted(set(offsets))
    ranges = {
        start: _sheet_range(data, start, lengths, until=until)
        for start, until in zip(starts, [*starts[1:], len(data)], strict=True)
    }
    return [ranges[offset] for offset in offsets]


def sheet_errors(stream: IO[bytes], index: int) -> list[tuple[int, int, int, int, str]]:
    """The error cells of the workbook's sheet `index` (in `sheet_ranges`' order), each as
    a run of one cell (error_cells.Errors: row, row, column, column) with its error as Excel
    shows it."""
    data, errors = _workbook_data(stream), []
    offsets = _sheet_offsets(data)
    if index < len(offsets):
        _sheet_range(data, offsets[index], [], errors)
    return errors


def _workbook_data(stream: IO[bytes]) -> bytes:
    """The workbook stream's bytes."""
    try:
        with olefile.OleFileIO(stream) as compound:
            if any(map(compound.exists, ENCRYPTED_STREAMS)):
                raise PasswordProtected("encrypted package")
            name = next((n for n in WORKBOOK_STREAMS if compound.exists(n)), None)
            if name is None:
                raise XlsUnreadable("no workbook stream")
            return compound.openstream(name).read()
    except XlsUnreadable:
        raise
    except (OSError, ValueError, struct.error, IndexError, KeyError, RecursionError) as exc:
        raise XlsUnreadable(str(exc)) from exc


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


def _shared_string_lengths(data: bytes) -> list[int]:
    """The characters of each string of the workbook's shared string table: its SST
    record and the CONTINUE records right after it (a string's characters may run on into
    the next, which then begins with the flags of the rest)."""
    segments, previous = [], None
    for kind, at, length in _records(data, 0):
        if kind == SST and length >= 8:
            segments = [data[at + 8 : at + length]]
        elif kind == CONTINUE and previous in (SST, CONTINUE) and segments:
            segments.append(data[at : at + length])
        elif segments:
            break
        previous = kind
    reader, lengths = _Segments(segments), []
    while not reader.at_end():
        characters, flags = struct.unpack("<HB", reader.take(3))
        runs = struct.unpack("<H", reader.take(2))[0] if flags & 0x08 else 0
        extension = struct.unpack("<I", reader.take(4))[0] if flags & 0x04 else 0
        reader.skip_characters(characters, wide=bool(flags & 0x01))
        reader.take(4 * runs + extension)
        lengths.append(characters)
    return lengths


class _Segments:
    """The shared string table's bytes, record after record."""

    def __init__(self, segments: list[bytes]):
        self.segments, self.index, self.position = [s for s in segments if s], 0, 0

    def at_end(self) -> bool:
        return self.index >= len(self.segments)

    def _current(self) -> bytes:
        if self.at_end():
            raise XlsUnreadable("the shared strings end mid-string")
        return self.segments[self.index]

    def _next_segment(self) -> None:
        self.index, self.position = self.index + 1, 0

    def take(self, count: int) -> bytes:
        taken = bytearray()
        while len(taken) < count:
            segment = self._current()
            piece = segment[self.position : self.position + count - len(taken)]
            taken += piece
            self.position += len(piece)
            if self.position >= len(segment):
                self._next_segment()
        return bytes(taken)

    def skip_characters(self, count: int, *, wide: bool) -> None:
        while count:
            segment = self._current()
            fitting = min(count, (len(segment) - self.position) // (2 if wide else 1))
            self.position += fitting * (2 if wide else 1)
            count -= fitting
            if count or self.position >= len(segment):
                self._next_segment()
                if count:  # the characters run on, after the flags of the rest
                    wide = bool(self.take(1)[0] & 0x01)


def _sheet_range(
    data: bytes,
    offset: int,
    lengths: list[int],
    errors: list | None = None,
    until: int | None = None,
) -> SheetRange:
    """The sheet's range; its error cells put in `errors` too, when given. XlsUnreadable
    when it runs on to `until` (the next sheet's start) without its EOF record."""
    last_row = last_column = -1
    text = error_cells = 0
    for kind, at, length in _records(data, offset):
        if until is not None and at - 4 >= until:
            raise XlsUnreadable("a sheet runs on into the next")
        if kind in _ONE_CELL:
            if length < 4:
                continue
            row, column = _ROW_AND_COLUMN.unpack_from(data, at)
            if kind == LABELSST and length >= 10:
                index = _STRING_INDEX.unpack_from(data, at + 6)[0]
                text += lengths[index] if index < len(lengths) else 0
            elif (code := _error_code(kind, data, at, length)) is not None:
                error_cells += 1
                if errors is not None:
                    errors.append((row, row, column, column, ERRORS.get(code, "#N/A")))
        elif kind in _CELL_RUN:
            if length < 6:
                continue
            row, first = _ROW_AND_COLUMN.unpack_from(data, at)
            stated_last = _ROW_AND_COLUMN.unpack_from(data, at + length - 4)[1]
            column = max(stated_last, first + (length - 6) // _CELL_RUN[kind] - 1)
        else:
            continue
        last_row, last_column = max(last_row, row), max(last_column, column)
    return SheetRange(last_row + 1, last_column + 1, text, error_cells)


def _error_code(kind: int, data: bytes, at: int, length: int) -> int | None:
    """The error code a BOOLERR holds, or a FORMULA's value (its bytes 6–13: the error's
    kind, 2, first, its code third, and FF FF last); else None."""
    if kind == BOOLERR and length >= 8 and data[at + 7] == 1:
        return data[at + 6]
    if kind == FORMULA and length >= 14 and data[at + 6] == 2:
        return data[at + 8] if data[at + 12 : at + 14] == b"\xff\xff" else None
    return None
