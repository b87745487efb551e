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

import zipfile

from mteja.clients.bulk.sheet_stream import UNREADABLE, part_events
from mteja.clients.bulk.xls_range import SheetRange

CONTENT = "content.xml"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
SHEET, ROW = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
CELLS = frozenset({f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"})
ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
VALUE_TYPE = f"{{{_OFFICE}}}value-type"


class OdsUnreadable(ValueError):
    """No .ods this count understands (calamine would not read it either)."""


def sheet_ranges(archive: zipfile.ZipFile, most_bytes: int) -> list[SheetRange]:
    """The used range of each sheet, in the file's order; OdsUnreadable when content.xml
    inflates to more than `most_bytes` (its stated size: zipfile stops there) or is no
    XML."""
    try:
        if archive.getinfo(CONTENT).file_size > most_bytes:
            raise OdsUnreadable("content.xml is too large")
        return _ranges(part_events(archive, CONTENT))
    except OdsUnreadable:
        raise
    except UNREADABLE as exc:
        raise OdsUnreadable(str(exc)) from exc


def _repeats(element, attribute: str) -> int:
    return max(int(element.get(attribute, "1")), 1)


def _ranges(events) -> list[SheetRange]:
    ranges = []
    row = column = 0  # where the next row (in the sheet) and cell (in the row) begin
    last_row = last_column = -1  # the sheet's, holding a value
    row_has_value = False
    # The open elements, each with whether it holds something (for a cell: a value); each
    # is dropped from its parent as it ends, so that memory holds one path of the tree.
    open_elements: list[list] = []
    for event, element in events:
        tag = element.tag
        if event == "start":
            open_elements.append([element, False])
            if tag == SHEET:
                row, last_row, last_column = 0, -1, -1
            elif tag == ROW:
                column, row_has_value = 0, False
            continue
        _element, holds = open_elements.pop()
        if tag in CELLS:
            repeated = _repeats(element, COLUMNS_REPEATED)
            if holds or element.get(VALUE_TYPE) is not None or (element.text or "").strip():
                last_column, row_has_value = max(last_column, column + repeated - 1), True
            column += repeated
        elif tag == ROW:
            repeated = _repeats(element, ROWS_REPEATED)
            if row_has_value:
                last_row = max(last_row, row + repeated - 1)
            row += repeated
        elif tag == SHEET:
            ranges.append(SheetRange(last_row + 1, last_column + 1))
        if open_elements:
            parent = open_elements[-1]
            parent[0].remove(element)
            parent[1] = True
    return ranges
