"""The cells an Excel binary workbook (.xlsb) makes calamine hold, counted before it reads a
sheet. An .xlsb is a zip of binary parts, each a run of records (MS-XLSB 2.1.4: a type and
a size, each written 7 bits a byte, then the data). calamine holds a sheet's used range cell
by cell, from its first cell to its last (a cell's column is any 32-bit number: one cell at
column 4,000,000,000 asks for more memory than any machine has), and copies a shared string
into each cell naming it; it reads an error cell, typed or a formula's, as blank.

So each sheet's records are walked here once: its rows (BrtRowHdr), its cells (their
column, the characters of their text, their errors). A record running past its part's end,
or a cell too short for its kind, makes the file unreadable: calamine would read a stale
buffer's bytes as its value."""

from __future__ import annotations

import posixpath
import struct
import zipfile
from array import array
from collections.abc import Iterator

from mteja.clients.bulk.sheet_markup import INFLATE_GRACE_BYTES, MOST_INFLATE_RATIO, kept_tree
from mteja.clients.bulk.sheet_stream import UNREADABLE, part_events
from mteja.clients.bulk.xls_range import ERRORS, SheetRange

WORKBOOK = "xl/workbook.bin"
RELATIONS = "xl/_rels/workbook.bin.rels"
SHARED_STRINGS = "xl/sharedStrings.bin"
ROW_HEADER, CELL_ERROR, CELL_ISST, CELL_TEXT, FORMULA_TEXT, FORMULA_ERROR = 0, 3, 7, 6, 8, 11
END_SHEET_DATA = 0x92
BUNDLE_SHEET, END_BUNDLE_SHEETS, STRING_ITEM = 0x9C, 0x90, 0x13
# The cells calamine reads (blank and a formula's error are none of them), and the bytes
# each needs: a column and a style, then its value (a formula's value before its formula).
CELL_BYTES = {2: 12, 3: 9, 4: 9, 5: 16, 6: 12, 7: 12, 8: 12, 9: 16, 10: 9}
LAST_ROW = 0x10_0000  # calamine reads no row past it (a sheet's rows end there)
_U32 = struct.Struct("<I")
_COLUMN_AND_NUMBER = struct.Struct("<I4xI")  # a cell's column, then its value's first u32


class XlsbUnreadable(ValueError):
    """No .xlsb this count understands (calamine would not read it either, or read it
    wrong)."""


def is_xlsb(names: list[str]) -> bool:
    """Whether a zip's parts are an .xlsb's (its workbook part is binary)."""
    return WORKBOOK in names and "xl/workbook.xml" not in names


def sheet_ranges(archive: zipfile.ZipFile, most_bytes: int) -> list[SheetRange]:
    """The used range of each sheet calamine lists, in its order; XlsbUnreadable when the
    parts read inflate to more than `most_bytes` in all or one inflates as a zip bomb, or
    their records are malformed."""
    try:
        parts = _sheet_parts(archive)
        _refuse_too_large(archive, [WORKBOOK, RELATIONS, SHARED_STRINGS, *parts], most_bytes)
        lengths = _string_lengths(archive)
        return [_sheet_range(archive, part, lengths) for part in parts]
    except XlsbUnreadable:
        raise
    except (*UNREADABLE, struct.error) as exc:
        raise XlsbUnreadable(str(exc)) from exc


def sheet_errors(archive: zipfile.ZipFile, index: int) -> list[tuple[int, int, int, int, str]]:
    """The error cells of the sheet `index` (in `sheet_ranges`' order: its size was
    bounded), each a run of one cell (error_cells.Errors), with its error as Excel shows
    it."""
    parts, errors = _sheet_parts(archive), []
    if index < len(parts):
        _sheet_range(archive, parts[index], _string_lengths(archive), errors)
    return errors


def _refuse_too_large(archive: zipfile.ZipFile, parts: list[str], most_bytes: int) -> None:
    infos = [archive.getinfo(name) for name in set(parts) if name in archive.NameToInfo]
    if sum(info.file_size for info in infos) > most_bytes:
        raise XlsbUnreadable(f"its parts inflate to more than {most_bytes:,} bytes")
    for info in infos:
        if info.file_size > max(INFLATE_GRACE_BYTES, MOST_INFLATE_RATIO * info.compress_size):
            raise XlsbUnreadable(f"{info.filename} inflates more than {MOST_INFLATE_RATIO}-fold")


def records(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(type, start of data, length of data) of each record of a part."""
    at, end = 0, len(data)
    while at < end:
        kind = data[at]
        at += 1
        if kind & 0x80:
            if at >= end:
                raise XlsbUnreadable("a record's type runs past its part's end")
            kind = (kind & 0x7F) | ((data[at] & 0x7F) << 7)
            at += 1
        length = shift = 0
        for _byte in range(4):
            if at >= end:
                raise XlsbUnreadable("a record's size runs past its part's end")
            byte = data[at]
            at += 1
            length |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if at + length > end:
            raise XlsbUnreadable("a record runs past its part's end")
        yield kind, at, length
        at += length


def _wide_text(data: bytes, at: int, end: int) -> tuple[str, int]:
    """An XLWideString at `at` (its length, then UTF-16), and where it ends."""
    units = _U32.unpack_from(data, at)[0] if at + 4 <= end else 0
    stop = at + 4 + 2 * units
    if at + 4 > end or stop > end:
        raise XlsbUnreadable("a text runs past its record's end")
    return data[at + 4 : stop].decode("utf-16-le", "replace"), stop


def _sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The sheets' parts, as calamine lists them: each BrtBundleSh of the workbook with a
    relation, its part the relation's target under xl/."""
    targets = _relation_targets(archive)
    data = archive.read(WORKBOOK)
    parts = []
    for kind, at, length in records(data):
        if kind == END_BUNDLE_SHEETS:
            break
        if kind != BUNDLE_SHEET:
            continue
        if length < 12:
            raise XlsbUnreadable("a sheet's record is too short")
        if _U32.unpack_from(data, at + 8)[0] == 0xFFFF_FFFF:
            continue  # (no relation: calamine lists no sheet)
        relation, _end = _wide_text(data, at + 8, at + length)
        if relation not in targets:
            raise XlsbUnreadable("a sheet without its relation")
        parts.append(posixpath.normpath(f"xl/{targets[relation]}"))
    return parts


def _relation_targets(archive: zipfile.ZipFile) -> dict[str, str]:
    if RELATIONS not in archive.NameToInfo:
        return {}
    tree = kept_tree(part_events(archive, RELATIONS), frozenset({"Relationship"}), _Local())
    return {
        element.get("Id", ""): element.get("Target", "")
        for element in tree.iter()
        if element.tag.rpartition("}")[2] == "Relationship"
    }


class _Local(dict):
    def __missing__(self, tag: str) -> str:
        return tag.rpartition("}")[2]


def _string_lengths(archive: zipfile.ZipFile) -> array:
    """The characters of each shared string (BrtSSTItem: flags, then its text)."""
    lengths = array("I")
    if SHARED_STRINGS not in archive.NameToInfo:
        return lengths
    data = archive.read(SHARED_STRINGS)
    for kind, at, length in records(data):
        if kind == STRING_ITEM:
            if length < 5:
                raise XlsbUnreadable("a shared string's record is too short")
            lengths.append(_U32.unpack_from(data, at + 1)[0])
    return lengths


def _sheet_range(
    archive: zipfile.ZipFile, part: str, lengths: array, errors: list | None = None
) -> SheetRange:
    """The sheet's range (from A1); its error cells put in `errors` too, when given."""
    if part not in archive.NameToInfo:
        return SheetRange(0, 0, 0, 0)  # (calamine refuses it if it is read)
    data = archive.read(part)
    row, last_row, last_column, text, error_cells = 0, -1, -1, 0, 0
    cell_bytes, column_and_number, strings = CELL_BYTES, _COLUMN_AND_NUMBER, len(lengths)
    for kind, at, length in records(data):
        if kind == ROW_HEADER:
            if length < 4:
                raise XlsbUnreadable("a row's record is too short")
            row = _U32.unpack_from(data, at)[0]
            if row > LAST_ROW:
                break
            continue
        if kind == END_SHEET_DATA:
            break
        if kind == FORMULA_ERROR and length >= 9:
            error_cells += 1
            if errors is not None:
                column = _U32.unpack_from(data, at)[0]
                errors.append((row, row, column, column, ERRORS.get(data[at + 8], "#N/A")))
            continue
        needed = cell_bytes.get(kind)
        if needed is None:
            continue
        if length < needed:
            raise XlsbUnreadable("a cell's record is too short for its kind")
        column, number = column_and_number.unpack_from(data, at)
        last_row, last_column = max(last_row, row), max(last_column, column)
        if kind == CELL_ISST:
            if number >= strings:
                raise XlsbUnreadable("a cell names a shared string the workbook lacks")
            text += lengths[number]
        elif kind in (CELL_TEXT, FORMULA_TEXT):
            text += number
        elif kind == CELL_ERROR:
            error_cells += 1
            if errors is not None:
                errors.append((row, row, column, column, ERRORS.get(data[at + 8], "#N/A")))
    return SheetRange(last_row + 1, last_column + 1, text, error_cells)
