"""Counting a client file's data rows (those under its header) cheaply, before reading it:
an import job's progress bar's total (clients/imports/files.py), and the most rows an import
at once takes (clients/api/imports.py). No cell is read for the estimate:

- a CSV's line breaks (a quoted one or a blank line counts too; a file that breaks its lines
  with a carriage return alone, as the CSV reader takes it, by those);
- an .xlsx's first sheet's height as its `<dimension>` states it ("A1:AN1000001"), its
  `<row>` tags counted in the inflated XML, unparsed, when it states none — or, with `most`,
  when the dimension says no more than `most`: a forged or careless workbook may understate
  its rows, and the counting stops once past `most`, memory flat whatever the file inflates
  to (and the tags counted in its first MOST_COUNTED_BYTES only);
- an .xls's, .xlsb's or .ods's tallest sheet's used range.

With `most`, a count past it is checked against the rows that hold a cell, read up to past
`most` (a sheet formatted far below its few clients states its last row as the 1,048,576th,
and Excel saves its empty rows in a CSV as lines of delimiters)."""

from __future__ import annotations

import itertools
import re
import zipfile
from typing import IO

from mteja.clients.bulk import counted, ods_range, xls_range, xlsb_range
from mteja.clients.bulk.reading import CALAMINE_MOST_SHEET_BYTES, file_kind, read_table
from mteja.clients.bulk.sheet_markup import open_zip
from mteja.clients.bulk.sheet_stream import READ_BYTES, UNREADABLE, first_sheet, part_events
from mteja.clients.bulk.sheets import cells_held
from mteja.clients.bulk.unreadable import FileUnreadable

BLOCK_BYTES = 1 << 20
_ROW_NUMBER = re.compile(r"[0-9]+")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")  # "<row>", "<row r=", "<x:row/>"
_LONGEST_ROW_TAG = 40  # bytes: a prefixed "<x:row " and some
# What a malformed workbook makes the counting raise (a dimension without row numbers too).
_UNCOUNTABLE = (*UNREADABLE, AttributeError)
# What a workbook calamine reads whole makes its counting raise.
UNCOUNTED = (xls_range.XlsUnreadable, xlsb_range.XlsbUnreadable, ods_range.OdsUnreadable)
# Before its cells a sheet holds its views, its columns' widths: a few elements to thousands.
MOST_ELEMENTS_BEFORE_CELLS = 100_000
# The most inflated bytes of a sheet its `<row>` tags are counted in: an Excel sheet's
# 1,048,576 rows of 57 columns (Mteja's export) take about 2 GB. Past it the count is the rows
# seen so far: the progress bar's total is an estimate, and a forged sheet inflating a
# hundredfold from an upload of 512 MB (51 GB) would hold the request past its timeout.
MOST_COUNTED_BYTES = 4 << 30


def count_rows(stream: IO[bytes], *, most: int | None = None) -> int:
    """The data rows of the file `stream` (binary, seekable), estimated as the module says;
    0 when it cannot be read (its reading then says why). With `most`, the counting may stop
    once past it: a count above `most` is then the rows the file has at least, more than
    `most` of them holding a cell (the stream is then read, maybe closed)."""
    rows = _estimated_rows(stream, most)
    if most is None or rows <= most:
        return rows
    try:
        holding = _rows_holding_cells(stream, most)
    except FileUnreadable:
        return rows  # (its import says why it cannot be read)
    return rows if holding > most else holding


def _rows_holding_cells(stream: IO[bytes], most: int) -> int:
    """The rows below the header holding a cell, counted up to `most` + 1."""
    stream.seek(0)
    rows = read_table(stream).rows
    holding = filter(cells_held, rows)
    return sum(1 for _row in itertools.islice(holding, most + 1))


def _estimated_rows(stream: IO[bytes], most: int | None) -> int:
    kind = file_kind(stream)
    if kind == "xlsx":
        return _xlsx_rows(stream, most)
    if kind in ("xls", "xlsb", "ods"):
        try:
            if kind == "xls":
                ranges = counted.xls_ranges(stream)
            elif kind == "xlsb":
                ranges = counted.xlsb_ranges(stream, CALAMINE_MOST_SHEET_BYTES)
            else:
                ranges = counted.ods_ranges(stream, CALAMINE_MOST_SHEET_BYTES)
        except (*UNCOUNTED, zipfile.BadZipFile):
            return 0
        return max((sheet.rows - 1 for sheet in ranges), default=0)
    return _csv_rows(stream, most)


def _csv_rows(stream: IO[bytes], most: int | None) -> int:
    feeds = returns = 0
    last = b""
    for block in iter(lambda: stream.read(BLOCK_BYTES), b""):
        feeds, returns = feeds + block.count(b"\n"), returns + block.count(b"\r")
        last = block[-1:]
        if most is not None and max(feeds, returns) - 1 > most:
            return max(feeds, returns) - 1
    lines = max(feeds, returns) + (last not in (b"", b"\n", b"\r"))  # a last line unbroken
    return max(lines - 1, 0)  # the header


def _xlsx_rows(stream: IO[bytes], most: int | None) -> int:
    try:
        archive = open_zip(stream)
        sheet, _date1904 = first_sheet(archive)
        stated = _stated_height(archive, sheet)
        if stated is not None and (most is None or stated - 1 > most):
            return max(stated - 1, 0)
        counted = _row_tags(archive, sheet, stop=None if most is None else most + 2)
    except _UNCOUNTABLE:
        return 0
    return max(stated or 0, counted, 1) - 1


def _stated_height(archive: zipfile.ZipFile, sheet: str) -> int | None:
    """The rows the sheet's `<dimension>` states, read from the start of its XML; None
    when it states none before its cells (a streamed writer cannot: Mteja's export), or
    none within its first MOST_ELEMENTS_BEFORE_CELLS elements (which the parser holds: a
    forged sheet's millions of empty elements would be held whole)."""
    events = itertools.islice(part_events(archive, sheet), 2 * MOST_ELEMENTS_BEFORE_CELLS)
    for event, element in events:
        name = element.tag.rpartition("}")[2]
        if event == "start" and name == "sheetData":
            return None
        if event == "end" and name == "dimension" and ":" in element.get("ref", ""):
            first, last = (_ROW_NUMBER.search(ref) for ref in element.get("ref").split(":"))
            return int(last.group()) - int(first.group()) + 1
    return None


def _row_tags(archive: zipfile.ZipFile, sheet: str, *, stop: int | None) -> int:
    """The sheet's `<row>` tags (six seconds a million), counted up to `stop` at most, in
    its first MOST_COUNTED_BYTES."""
    count, tail, left = 0, b"", MOST_COUNTED_BYTES
    with archive.open(sheet) as part:
        while left > 0 and (chunk := part.read(min(READ_BYTES * 16, left))):
            left -= len(chunk)
            text = tail + chunk
            count += len(_ROW_TAG.findall(text))
            if stop is not None and count >= stop:
                return count
            # A tag cut at the chunk's end is counted with the next one.
            cut = text.rfind(b"<", max(len(text) - _LONGEST_ROW_TAG, 0))
            cut_tag = cut != -1 and _ROW_TAG.match(text, cut) is None
            tail = text[cut:] if cut_tag else b""
    return count
