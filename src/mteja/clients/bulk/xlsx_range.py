"""What calamine would hold of an .xlsx, counted as its parts are inflated (by Python's
zipfile, which stops at a part's stated size and refuses data that does not match it), so
that a workbook it would blow up is read row by row instead (clients/bulk/sheet_stream.py).

calamine holds each sheet's whole used range, cell by cell: one cell at XFD1048576, however
its reference is written (`r='xfd1048576'`, `r = "XFD1048576"`), asked for 549 GB and
aborted the process; a cell with no reference is placed where calamine counts, so a sheet
holding any is not counted here but read row by row, as is one whose references carry a
`$`, which calamine refuses. It also copies a shared string into
every cell naming it: 9,000 cells naming one 1 MB string (a 28 kB file) made it hold
9.3 GB."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO
from zipfile import ZipFile

from mteja.clients.bulk.sheet_stream import column_number

INFLATE_BYTES = 1 << 20
_NAME = rb"(?:[A-Za-z_][\w.-]*:)?"  # an element's name may carry a namespace prefix
_CELL_TAG = re.compile(rb"<" + _NAME + rb"c[\s/>]")
# A cell's reference (a row's has no letters), in any spelling XML and calamine accept.
_CELL_REFERENCE = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]{1,7})\$?([0-9]{1,10})["']""")
_SHARED_STRING_CELL = re.compile(rb"""\bt\s*=\s*["']s["']""")
_STRING_ITEM_TAG = re.compile(rb"<(/?)" + _NAME + rb"si[\s/>]")


@dataclass
class WorkbookLoad:
    cells: int = 0  # the sheets' used ranges (from A1), added up
    unreferenced: bool = False  # a cell without a reference
    # A cell reference written with `$` ("$A$1"): calamine refuses the file ("Expecting
    # alphanumeric character"), the streamed reader reads it.
    absolute_reference: bool = False
    shared_string_cells: int = 0
    longest_string_item: int = 0  # bytes of the longest shared string's XML

    @property
    def string_bytes(self) -> int:
        """At most what calamine holds of the texts copied into cells."""
        return self.shared_string_cells * self.longest_string_item


def workbook_load(archive: ZipFile) -> WorkbookLoad:
    """Every part inflated once and read for cells and shared strings (whatever its name:
    a forged workbook may put its sheets and strings anywhere its relations say)."""
    load = WorkbookLoad()
    for part in archive.infolist():
        with archive.open(part) as inflated:
            _read_part(inflated, load)
    return load


def _read_part(part: IO[bytes], load: WorkbookLoad) -> None:
    last_row = last_column = tags = references = 0
    tail, offset, item_start = b"", 0, None  # offset: of `text` in the part
    while True:
        chunk = part.read(INFLATE_BYTES)
        text = tail + chunk
        # Whole tags only: what follows the chunk's last ">" is read with the next one.
        end = text.rfind(b">") + 1 if chunk else len(text)
        tags += len(_CELL_TAG.findall(text, 0, end))
        for found in _CELL_REFERENCE.finditer(text, 0, end):
            letters, digits = found.groups()
            references += 1
            load.absolute_reference = load.absolute_reference or b"$" in found.group()
            last_column = max(last_column, column_number(letters.decode().upper()))
            last_row = max(last_row, int(digits))
        load.shared_string_cells += len(_SHARED_STRING_CELL.findall(text, 0, end))
        for found in _STRING_ITEM_TAG.finditer(text, 0, end):
            if not found.group(1):
                item_start = offset + found.start()
            elif item_start is not None:
                length = offset + found.start() - item_start
                load.longest_string_item = max(load.longest_string_item, length)
                item_start = None
        if not chunk:
            break
        tail, offset = text[end:], offset + end
    load.cells += last_row * last_column
    load.unreferenced = load.unreferenced or tags > references
