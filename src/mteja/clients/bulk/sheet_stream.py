"""Reading the first sheet of an .xlsx workbook as a stream of rows, for a workbook too large
for calamine, which holds a whole sheet in memory (about two and a half bytes per byte of
the sheet's XML: 2.4 GB for a million rows of every client column).

The sheet's XML is parsed as it is inflated (ElementTree's pull parser over expat; a part
declaring a document type, where entities are declared, is refused: `_fed_events`), and each
row is dropped once read, so memory holds one row and the workbook's shared strings (Excel's
table of its texts, read whole first, as any reader must). Rows come as calamine gives them:
from the first row that holds a cell, each missing row as an empty one and each missing cell
as ""; text as text, numbers as floats, booleans as booleans, numbers whose cell format is a
date as dates (or date-times, when they hold a time of day), an error (#N/A) as a CellError
and a formula saved without its value as
FORMULA_WITHOUT_VALUE (calamine reads both as empty cells)."""

from __future__ import annotations

import contextlib
import posixpath
import weakref
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError, XMLPullParser
from xml.parsers.expat import ExpatError, ParserCreate

from mteja.clients.bulk.sheet_cells import SheetUnreadable, cell_column, cell_value, item_text
from mteja.clients.bulk.sheet_markup import (
    LOCAL_NAMES,
    MOST_INFLATE_RATIO,
    Allowance,
    Units,
    inflates_too_far,
    kept_tree,
)
from mteja.clients.bulk.xlsx_dates import DATE_FORMAT_IDS, EPOCH_1904, is_date_format
from mteja.core.collection import fewer_collections

READ_BYTES = 64 * 1024  # inflated XML fed to the parser at once
MOST_PART_BYTES = 16 * 2**20  # the workbook, its relations and styles: small parts, read whole
# The most bytes of one piece of markup (a tag, a comment) the parser is fed before it ends:
# expat before 2.6 parses an unfinished one again at each feed, and holds it whole. A 150 MB
# comment (a 150 kB file) took five minutes and 600 MB; a cell's tag takes a hundred bytes.
# Likewise the most bytes between two `<` (a text, which the tree holds whole until it ends:
# 400 MB of one cell's text inflate from a 400 kB file); a cell holds 32,767 characters.
MOST_MARKUP_BYTES = 2**20
MOST_SHARED_CHARACTERS = 100_000_000  # a million rows of twenty distinct texts of five letters
# A shared string is worth keeping only if a cell uses it, and a cell takes at least a dozen
# bytes of the sheet's XML: more strings than that (a tiny file of millions of empty texts)
# is no sheet of cells.
LEAST_CELL_BYTES = 12
MOST_SHARED_STRINGS_ANYWAY = 100_000
MOST_ROWS = 1_048_576  # Excel's last row
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet_rows(archive: zipfile.ZipFile) -> Iterator[list]:
    """The rows of the workbook's first sheet (`archive`, the open .xlsx), read as they are
    asked for; SheetUnreadable, also midway, when the workbook is malformed."""
    try:
        sheet, date1904 = first_sheet(archive)
        shared = _shared_strings(archive, [sheet])
        dates = _date_styles(archive)
        yield from _rows(archive, sheet, shared, dates, EPOCH_1904 if date1904 else None)
    except UNREADABLE as exc:
        if isinstance(exc, SheetUnreadable):
            raise
        raise SheetUnreadable(str(exc)) from exc


def other_sheets_rows(
    archive: zipfile.ZipFile, most: int, allowance: Allowance
) -> Iterator[tuple[str, Iterator]]:
    """Each worksheet the user sees after the one `first_sheet` reads (the first `most` of
    them), by name, with its rows as they are asked for: the shared strings read once for
    them all; a sheet that inflates too far (a zip bomb) is left out. What is malformed
    raises (one of UNREADABLE), also midway through a sheet. The sheets' walks share
    `allowance` of markup: once it is spent, MarkupSpent before the next sheet."""
    worksheets, date1904 = _worksheets(archive)
    others = [(name, part) for name, part, shown in worksheets if shown][1 : most + 1]
    if not others:
        return
    shared = _shared_strings(archive, [part for _name, part, _shown in worksheets])
    dates, epoch = _date_styles(archive), EPOCH_1904 if date1904 else None
    for name, part in others:
        allowance.refuse_spent()
        if inflates_too_far(archive, part) is None:  # (a zip bomb's is not read)
            yield name, _rows(archive, part, shared, dates, epoch, allowance)


# What a malformed or forged workbook makes the zip module, the parser or the reader raise:
# an encrypted or unknown compression (RuntimeError, NotImplementedError), corrupt data.
UNREADABLE = (KeyError, ValueError, IndexError, ParseError, zipfile.BadZipFile, OSError,
              RuntimeError, NotImplementedError, zlib.error)  # fmt: skip


def _local(tag: str) -> str:
    """An element's name without its namespace (transitional and strict OOXML differ)."""
    return tag.rpartition("}")[2]


def _part(archive: zipfile.ZipFile, name: str, keep: frozenset[str]) -> Element | None:
    """The part's tree, holding its elements named `keep` (sheet_markup.kept_tree)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MOST_PART_BYTES:
        raise SheetUnreadable(f"{name} is too large")
    return kept_tree(part_events(archive, name), keep, LOCAL_NAMES)


def first_sheet(archive: zipfile.ZipFile) -> tuple[str, bool]:
    """The first sheet's part name, and whether the workbook counts days from 1904;
    SheetUnreadable for a zip bomb (sheet_markup.inflates_too_far)."""
    worksheets, date1904 = _worksheets(archive)
    # The first worksheet the user sees, else the first one (hidden), as calamine's reader
    # chooses it (which_sheet.py): a chart sheet, even the only one shown, holds no rows.
    shown = [part for _name, part, seen in worksheets if seen]
    name = (shown or [part for _name, part, _seen in worksheets] or [None])[0]
    if name is None:
        raise SheetUnreadable("no sheet")
    if (bomb := inflates_too_far(archive, name)) is not None:  # its XML parts, and the sheet
        raise SheetUnreadable(f"{bomb} inflates more than {MOST_INFLATE_RATIO}-fold")
    return name, date1904


def visible_worksheets(archive: zipfile.ZipFile) -> list[str]:
    """The names of the worksheets the user sees, in the workbook's order (`first_sheet`
    reads the first)."""
    if "xl/workbook.xml" not in archive.namelist():
        return []
    return [name for name, _part, shown in _worksheets(archive)[0] if shown]


def _worksheets(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str, bool]], bool]:
    """The workbook's worksheets (a chart sheet is no table), as (name, part, whether the
    user sees it), in its order; and whether it counts days from 1904."""
    workbook = _part(archive, "xl/workbook.xml", frozenset({"workbookPr", "sheet"}))
    if workbook is None:
        raise SheetUnreadable("no workbook part")
    relations = _part(archive, "xl/_rels/workbook.xml.rels", frozenset({"Relationship"}))
    targets = {
        e.get("Id"): e.get("Target", "")
        for e in (relations.iter() if relations is not None else ())
        if e.get("Type", "").endswith("/worksheet")
    }
    worksheets = [
        (e.get("name", ""), _part_name(targets[rid]), e.get("state", "visible") == "visible")
        for e in workbook.iter()
        if _local(e.tag) == "sheet" and (rid := e.get(f"{{{_RELATIONSHIPS}}}id")) in targets
    ]
    date1904 = any(
        _local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true")
        for e in workbook.iter()
    )
    return worksheets, date1904


def _part_name(target: str) -> str:
    """A relation's target as the part's name in the zip."""
    return posixpath.normpath(target.lstrip("/") if target[:1] == "/" else f"xl/{target}")


def part_events(archive: zipfile.ZipFile, name: str) -> Iterator[tuple[str, Element]]:
    """(event, element) of the part `name`, parsed as it is inflated; ParseError, before the
    parser is fed it, for a piece of markup or text longer than MOST_MARKUP_BYTES."""
    for events in _fed_events(archive, name):
        yield from events


def _fed_events(archive: zipfile.ZipFile, name: str) -> Iterator[Iterator[tuple[str, Element]]]:
    """`part_events`, a chunk's at a time (a sheet's rows read without a generator's step
    for each of their elements' events)."""
    parser = XMLPullParser(events=("start", "end"))
    # Expat alone, without handlers (a tenth of the parser's time): where the markup it
    # has not finished began. (Malformed XML, the parser refuses after the events before.)
    markup, fed = ParserCreate(), 0
    markup.StartDoctypeDeclHandler = _refuse_document_type
    text = 0  # bytes since the last `<`: XML writes none inside a text or a value
    with archive.open(name) as part:
        while chunk := part.read(READ_BYTES):
            last_tag = chunk.rfind(b"<")
            text = text + len(chunk) if last_tag < 0 else len(chunk) - last_tag
            if text > MOST_MARKUP_BYTES:
                raise ParseError(f"{name}: text longer than {MOST_MARKUP_BYTES:,} bytes")
            with contextlib.suppress(ExpatError):
                markup.Parse(chunk, False)
                fed += len(chunk)
                if fed - markup.CurrentByteIndex > MOST_MARKUP_BYTES:
                    raise ParseError(f"{name}: markup longer than {MOST_MARKUP_BYTES:,} bytes")
            parser.feed(chunk)
            yield parser.read_events()
    parser.close()
    yield parser.read_events()


def _refuse_document_type(*_declared) -> None:
    """No part of an Office Open XML file declares a document type (Open Packaging
    Conventions forbid it): one that does is forged. Its entities would be expanded by the
    parser — within expat's bound of a hundred times the part's bytes, which let a 264 kB
    upload hold 1.1 GB and three seconds of a web worker while its header was read — or name
    a file of the server's (/etc/passwd), which expat does not read but calamine refuses."""
    raise ParseError("a document type declaration")


def _shared_strings(archive: zipfile.ZipFile, sheets: list[str]) -> list[str]:
    """The workbook's table of texts; SheetUnreadable when it holds more characters than
    MOST_SHARED_CHARACTERS, or more texts than the `sheets` have room to use."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    names = set(archive.namelist())
    room = sum(archive.getinfo(sheet).file_size for sheet in sheets if sheet in names)
    room //= LEAST_CELL_BYTES
    most = max(MOST_SHARED_STRINGS_ANYWAY, room)
    strings = _read_already.get(archive.fp)
    if strings is None:
        strings = _read_already[archive.fp] = _read_shared_strings(archive, most)
    elif len(strings) > most:  # (read for sheets with room for more: refused as read anew)
        raise SheetUnreadable("too much text in the shared strings")
    return strings


# The shared strings read from a workbook's stream, while it is open: an import being made
# reads its header, then the first rows of its other sheets, from one stream (importing.py).
_read_already: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _read_shared_strings(archive: zipfile.ZipFile, most: int) -> list[str]:
    strings, characters = [], 0
    texts = Units("si", LOCAL_NAMES)
    with fewer_collections():  # millions of texts: the collector would walk them again and again
        for item in texts(_fed_events(archive, "xl/sharedStrings.xml")):
            strings.append(item_text(item))
            characters += len(strings[-1])
            if characters > MOST_SHARED_CHARACTERS or len(strings) > most:
                raise SheetUnreadable("too much text in the shared strings")
            texts.read = len(strings)
    return strings


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The cell formats (by index) whose number format is a date's."""
    styles = _part(archive, "xl/styles.xml", frozenset({"numFmt", "xf"}))
    if styles is None:
        return frozenset()
    custom = {
        _number_format_id(e, "-1"): e.get("formatCode", "")
        for e in styles.iter()
        if _local(e.tag) == "numFmt"
    }
    custom.pop(None, None)
    cell_formats = next((e for e in styles.iter() if _local(e.tag) == "cellXfs"), [])
    dates = set()
    for index, cell_format in enumerate(cell_formats):
        number_format = _number_format_id(cell_format, "0")
        if number_format in DATE_FORMAT_IDS or is_date_format(custom.get(number_format, "")):
            dates.add(index)
    return frozenset(dates)


def _number_format_id(element: Element, absent: str) -> int | None:
    """The element's number format id; None for one that is no whole number (a forged
    styles part's "x"), which names no format, as calamine reads it (the workbook was
    refused whole)."""
    written = element.get("numFmtId", absent).strip()
    return int(written) if written.isascii() and written.lstrip("-").isdigit() else None


def _rows(archive, sheet: str, shared: list[str], dates: frozenset[int], epoch, allowance=None):
    expected = 1  # the next row's number
    local = LOCAL_NAMES
    rows = Units("row", local, "sheetData", allowance)
    read = 0  # the rows and cells read
    for element in rows(_fed_events(archive, sheet)):
        written = element.get("r")
        number = int(written) if written else expected
        # Refused, as calamine refuses it: a number no spreadsheet writes (" 2", "٣"), past
        # Excel's last row; and one at or before a row read (calamine would place the rows by
        # number, reordered, the last of a row given twice kept: a stream cannot).
        if (
            not expected <= number <= MOST_ROWS
            or written
            and not (written.isdigit() and written.isascii())
        ):
            raise SheetUnreadable(f"bad row number {written!r}")
        row = written or str(number)  # (what each cell's reference must name: sheet_cells)
        cells: list = []
        position = 0  # the next cell's column when it has no reference
        for cell in element:
            if local[cell.tag] != "c":
                continue
            read += 1
            column = cell_column(cell.get("r"), position, row)
            position = column + 1
            value = cell_value(cell, shared, dates, epoch)
            if type(value) is str and not value and column >= len(cells):
                continue  # an empty cell (a format only) adds nothing
            cells += [""] * (column - len(cells))
            if column < len(cells):
                cells[column] = value
            else:
                cells.append(value)
        rows.read = read = read + 1
        yield from ([] for _gap in range(number - expected))  # rows the file leaves out
        expected = number + 1
        yield cells
