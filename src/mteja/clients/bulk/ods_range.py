"""The cells an OpenDocument spreadsheet (.ods) makes calamine hold, counted before it reads
the file. calamine reads every sheet of an .ods when it opens it and writes out each cell a
`number-columns-repeated` or `number-rows-repeated` attribute repeats: a 1 kB file repeating
one cell twenty million times made it hold 2.5 GB.

content.xml is parsed as it is inflated (ElementTree's pull parser over expat, which refuses
entity expansion bombs), each row dropped once counted. A sheet's count is its used range as
calamine allocates it: from A1 to the last row and column holding a value (a cell with a
type or any content), repeats included; the empty cells a spreadsheet repeats to the sheet's
edge hold nothing and count for nothing."""

from __future__ import annotations

import re
import zipfile

from mteja.clients.bulk import sheet_markup
from mteja.clients.bulk.sheet_stream import UNREADABLE, part_events
from mteja.clients.bulk.sheets import SHOWN_ERROR
from mteja.clients.bulk.xls_range import SheetRange

CONTENT = "content.xml"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
SHEET, ROW = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
CELLS = frozenset({f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"})
ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
VALUE_TYPE = f"{{{_OFFICE}}}value-type"
# A run of spaces (`<text:s text:c="5"/>`), which calamine writes out: a 1 kB file's one
# `text:c="20000000"`, repeated in ten cells, made it hold 500 MB.
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
SPACES, SPACES_COUNT = f"{{{_TEXT}}}s", f"{{{_TEXT}}}c"
FORMULA = f"{{{_TABLE}}}formula"
# LibreOffice's mark of a formula's error (#N/A, Err:502), whose value it writes as an empty
# text (or 0), its text the error as it shows it: calamine reads the value.
_CALC_EXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
CALC_VALUE_TYPE = f"{{{_CALC_EXT}}}value-type"
# The errors LibreOffice shows besides Excel's (sheets.SPREADSHEET_ERRORS): Err:502…
_LIBREOFFICE_ERROR = re.compile(r"Err:[0-9]{3}")


class OdsUnreadable(ValueError):
    """No .ods this count understands (calamine would not read it either)."""


MANIFEST = "META-INF/manifest.xml"
MOST_MANIFEST_BYTES = 1024 * 1024  # a manifest lists a few files: a larger one is not read


def password_protected(archive: zipfile.ZipFile) -> bool:
    """Whether the spreadsheet was saved with a password: its manifest gives its parts'
    encryption (their bytes then read as no XML)."""
    try:
        info = archive.getinfo(MANIFEST)
        if info.file_size > MOST_MANIFEST_BYTES:
            return False
        return b"encryption-data" in archive.read(info)[:MOST_MANIFEST_BYTES]
    except UNREADABLE:
        return False


def sheet_ranges(archive: zipfile.ZipFile, most_bytes: int) -> list[SheetRange]:
    """The used range of each sheet, in the file's order; OdsUnreadable when content.xml
    inflates to more than `most_bytes` (its stated size: zipfile stops there) or is no
    XML."""
    try:
        if archive.getinfo(CONTENT).file_size > most_bytes:
            raise OdsUnreadable("content.xml is too large")
        if (bomb := sheet_markup.inflates_too_far(archive)) is not None:
            raise OdsUnreadable(f"{bomb} inflates more than a hundredfold: a zip bomb")
        return _ranges(part_events(archive, CONTENT))
    except OdsUnreadable:
        raise
    except UNREADABLE as exc:
        raise OdsUnreadable(str(exc)) from exc


def sheet_errors(archive: zipfile.ZipFile, index: int) -> list[tuple[int, int, int, int, str]]:
    """The error cells of the sheet `index` (in `sheet_ranges`' order: its size was
    bounded), as the file writes them: each run's first and last row, first and last
    column, and its error as the sheet shows it."""
    errors: list[tuple[int, int, int, int, str]] = []
    _ranges(part_events(archive, CONTENT), (index, errors))
    return errors


def _error_shown(cell) -> str | None:
    """The error a cell shows, when it holds a formula's error; else None."""
    marked = cell.get(CALC_VALUE_TYPE) == "error"
    if not marked and cell.get(FORMULA) is None:
        return None
    shown = "".join(cell.itertext()).strip()
    if marked or SHOWN_ERROR.fullmatch(shown) or _LIBREOFFICE_ERROR.fullmatch(shown):
        return shown or "#N/A"
    return None


def _spaces(cell) -> int:
    """The spaces a cell's runs of spaces (`text:s`) hold, as calamine writes them out (one
    without a count, or with one that is no number); its text holds none of them."""
    runs = [run.get(SPACES_COUNT, "1") for run in cell.iter(SPACES)] if len(cell) else ()
    return sum(int(count) if count.isdigit() and count.isascii() else 1 for count in runs)


def _repeats(element, attribute: str) -> int:
    return max(int(element.get(attribute, "1")), 1)


# A cell is held whole until it ends, whatever the cells before it allow (sheet_markup).
MOST_CELL_ELEMENTS = sheet_markup.MOST_ELEMENTS_ANYWAY


def _ranges(events, marking: tuple[int, list] | None = None) -> list[SheetRange]:
    """The sheets' ranges; `marking`: a sheet's index, and the list its error cells' runs
    are put in."""
    ranges = []
    row = column = 0  # where the next row (in the sheet) and cell (in the row) begin
    last_row = last_column = -1  # the sheet's, holding a value
    row_has_value, row_repeats, text, errors = False, 1, 0, 0
    # The open elements, each with whether it lies in a cell. An element outside a cell is
    # dropped from its parent as it ends, so that memory holds one path of the tree and the
    # cell being read (its text, tails included, is read whole when it ends).
    open_elements: list[tuple] = []
    elements = read = 0  # the elements ended, the rows and cells among them (sheet_markup)
    began = -1  # the elements ended before the cell being read began (-1: none is)
    for event, element in events:
        tag = element.tag
        if event == "start":
            in_cell = bool(open_elements) and (
                open_elements[-1][1] or open_elements[-1][0].tag in CELLS
            )
            open_elements.append((element, in_cell))
            if tag in CELLS and not in_cell:
                began = elements
            if tag == SHEET:
                row, last_row, last_column, text, errors = 0, -1, -1, 0, 0
            elif tag == ROW:
                column, row_has_value = 0, False
                row_repeats = _repeats(element, ROWS_REPEATED)
            continue
        _element, in_cell = open_elements.pop()
        elements += 1
        if not elements % 65_536 and elements > sheet_markup.MOST_ELEMENTS_ANYWAY + (
            sheet_markup.ELEMENTS_PER_CELL * read
        ):
            raise OdsUnreadable(f"{elements:,} elements for {read:,} rows and cells")
        if not elements % 65_536 and 0 <= began < elements - MOST_CELL_ELEMENTS:
            raise OdsUnreadable(f"a cell of more than {MOST_CELL_ELEMENTS:,} elements")  # held
        if in_cell:
            continue  # read with its cell
        if tag in CELLS:
            read, began = read + 1, -1
            repeated = _repeats(element, COLUMNS_REPEATED)
            characters = sum(len(piece) for piece in element.itertext()) + _spaces(element)
            if len(element) or element.get(VALUE_TYPE) is not None or characters:
                last_column, row_has_value = max(last_column, column + repeated - 1), True
                text += characters * repeated * row_repeats  # calamine copies each
                if (shown := _error_shown(element)) is not None:
                    errors += repeated * row_repeats
                    if marking is not None and marking[0] == len(ranges):
                        rows = (row, row + row_repeats - 1)
                        marking[1].append((*rows, column, column + repeated - 1, shown))
            column += repeated
        elif tag == ROW:
            read += 1
            if row_has_value:
                last_row = max(last_row, row + row_repeats - 1)
            row += row_repeats
        elif tag == SHEET:
            ranges.append(SheetRange(last_row + 1, last_column + 1, text, errors))
        if open_elements:
            open_elements[-1][0].remove(element)
    return ranges
