"""The elements of a workbook's part that the streamed reader reads (a sheet's rows, the
shared strings' texts), each whole as it ends, every other element dropped as it ends: memory
holds one of them, however much else the part holds. A part holding more elements than
MOST_ELEMENTS_ANYWAY besides ELEMENTS_PER_CELL for each row and cell read is refused
(SheetUnreadable): markup that gives no cell. A 100 kB .xlsx whose sheet held 100 MB of
empty elements after its cells kept the reader a minute and 2 GB (its elements were held to
the end); a 500 MB upload inflates to 500 GB."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element

# Beyond its rows and cells, a part holds Excel's columns' widths, merges, validations: far
# fewer. A text in runs of fonts takes about ten elements a run (<r>, <rPr> and its <b/>,
# <sz/>, <color/>, <rFont/>, <family/>, <scheme/>, <t>), a cell or shared text of six runs
# sixty.
MOST_ELEMENTS_ANYWAY = 1_000_000
ELEMENTS_PER_CELL = 64


class MarkupUnread(ValueError):
    """More elements than the rows and cells read account for."""


class MarkupSpent(Exception):
    """An Allowance shared by several walks is spent: the walks still to come are not made
    (no ValueError: a reader leaving out the one part it cannot read does not catch it)."""


class Allowance:
    """The elements walks may end besides ELEMENTS_PER_CELL for each row and cell they read:
    MOST_ELEMENTS_ANYWAY for a part's walk of its own. One Allowance given to several walks
    bounds them together: a workbook's other sheets (other_sheets.py), each walked under an
    allowance of its own, let a forged workbook of twenty sheets naming one part of 900,000
    empty elements (a 677 kB upload) keep its upload a minute, and thousands of sheets
    hours."""

    def __init__(self):
        self.left = MOST_ELEMENTS_ANYWAY

    def refuse_spent(self) -> None:
        """MarkupSpent once the allowance is spent."""
        if self.left < 0:
            raise MarkupSpent("the markup allowed the parts is spent")


class Units:
    """The walk of a part for its elements named `unit` (local names from `local`); `read`:
    the rows and cells (or texts) read so far, set by the caller as it reads them. With
    `within`, only the units after the first element so named begins, up to where the first
    one ends (calamine reads a sheet's rows from its first `<sheetData>` to its end, the rest
    of the part unread: a forged second list of rows, or rows outside it, are none)."""

    def __init__(
        self, unit: str, local: dict, within: str | None = None, allowance: Allowance | None = None
    ):
        self.unit, self.local, self.read, self.within = unit, local, 0, within
        self.allowance = Allowance() if allowance is None else allowance

    def __call__(self, chunks: Iterable[Iterable[tuple[str, Element]]]) -> Iterator[Element]:
        """Each unit as it ends (its children with it), read from `chunks` (the parser's
        events, a chunk's at a time); MarkupUnread once a chunk ends past the bound."""
        local, unit, within = self.local, self.unit, self.within
        inside = within is None  # whether units are read where the walk is
        opened: list[Element] = []  # the open elements around the unit being read
        reading = None  # the unit being read
        elements = began = 0  # the elements ended; those before the unit being read
        allowance, charged, read = self.allowance, 0, 0  # what the allowance was charged for
        for events in chunks:
            for event, element in events:
                if event == "start":
                    if reading is None:
                        opened.append(element)
                        name = local[element.tag]
                        if name == unit:
                            if inside:
                                reading, began = element, elements
                        elif name == within:
                            inside = True
                    continue
                elements += 1
                if element is not reading:
                    if reading is None:
                        if inside and within is not None and local[element.tag] == within:
                            inside = None  # (the first list's end: what follows is not read)
                            break
                        opened.pop()
                        if opened:
                            opened[-1].remove(element)
                    continue  # (in the unit: read with it)
                reading = None
                opened.pop()
                yield element
                if opened:
                    opened[-1].remove(element)
            allowance.left -= elements - charged - ELEMENTS_PER_CELL * (self.read - read)
            charged, read = elements, self.read
            if allowance.left < 0:
                raise MarkupUnread(f"{elements:,} elements for {self.read:,} rows and cells")
            # The unit is held whole until it ends: its elements are bounded on their own (a
            # row of 16,384 cells in six runs of fonts each has room), not by the cells read
            # before it (a cell of 12,000,000 after 400,000 read took 1.1 GB, from 1 MB).
            if reading is not None and elements - began > MOST_ELEMENTS_ANYWAY:
                raise MarkupUnread(f"a {unit} of more than {MOST_ELEMENTS_ANYWAY:,} elements")
            if inside is None:
                return


class LocalNames(dict):
    """Elements' names without their namespace, by their full tag, each worked out once: a
    sheet's million rows name the same few elements (at most MOST_NAMES kept, a forged part's
    endless new names worked out each time)."""

    MOST_NAMES = 1_000

    def __missing__(self, tag: str) -> str:
        name = tag.rpartition("}")[2]
        if len(self) < self.MOST_NAMES:
            self[tag] = name
        return name


LOCAL_NAMES = LocalNames()


# The most elements read of a small part (the workbook, its relations, its styles: Excel's
# 64,000 cell formats at most, a few elements each).
MOST_PART_ELEMENTS = 1_000_000


def kept_tree(events: Iterable[tuple[str, Element]], keep: frozenset[str], local: dict) -> Element:
    """The tree of a small part, parsed from `events`, holding only the elements named
    `keep` (and those around them): any other is dropped as it ends. Its 16 MB of empty
    elements (a 20 kB file) were a tree of 460 MB. MarkupUnread past MOST_PART_ELEMENTS
    elements."""
    opened: list[Element] = []
    root, elements = None, 0
    for event, element in events:
        if event == "start":
            root = element if root is None else root
            opened.append(element)
            continue
        opened.pop()
        elements += 1
        if elements > MOST_PART_ELEMENTS:
            raise MarkupUnread(f"more than {MOST_PART_ELEMENTS:,} elements")
        if opened and not len(element) and local[element.tag] not in keep:
            opened[-1].remove(element)
    return root


# A part inflating to more than this many times its compressed size, past the grace, is a zip
# bomb (Apache POI's default, ZipSecureFile's minimum inflate ratio of 0.01): a sheet's XML
# compresses about tenfold. A 10 MB upload of one inflated to 10 GB, scanned for its rows
# and merges before its markup could be refused, and held a web worker past its timeout.
MOST_INFLATE_RATIO = 100
INFLATE_GRACE_BYTES = 1 << 20


# The parts the readers inflate (the streamed reader, the counting, .ods's counting), by the
# names a workbook gives them, and the sheet where its relations say (`first_sheet` names it).
# No other part is read (the calamine path reads each once, at most its 100 MB stated), and
# many deflate far better than a sheet: a picture kept as it is (XlsxWriter keeps a .bmp: a
# flat logo of 2.4 MB, a thousandfold), a pivot table's cache of sorted categories (300-fold).
READ_PARTS = frozenset(
    {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/sharedStrings.xml",
        "content.xml",
    }
)


def inflates_too_far(archive: zipfile.ZipFile, sheet: str | None = None) -> str | None:
    """The name of a part of `archive` that the readers inflate (READ_PARTS, and `sheet`)
    and that inflates past MOST_INFLATE_RATIO, if any."""
    for part in archive.infolist():
        read = part.filename in READ_PARTS or part.filename == sheet
        ceiling = max(INFLATE_GRACE_BYTES, MOST_INFLATE_RATIO * part.compress_size)
        if read and part.file_size > ceiling:
            return part.filename
    return None


# The most bytes of a zip's central directory (its parts' names and sizes, about 100 bytes a
# part: an .xlsx has tens of parts, a few thousand with its images). zipfile reads it whole
# into a ZipInfo per part on each opening: 1,000,000 empty parts (a 90 MB file) took 650 MB
# and 13 seconds, each of the half-dozen times an import opens its file.
MOST_DIRECTORY_BYTES = 2 << 20
_END = b"PK\x05\x06"  # the end of central directory record's signature
_END_BYTES = 22
_LONGEST_COMMENT = 65_535


def open_zip(stream) -> zipfile.ZipFile:
    """The zip `stream` opened (zipfile.ZipFile), once its end record (found as zipfile finds
    it) says its central directory is at most MOST_DIRECTORY_BYTES; MarkupUnread else (a
    zip64 directory too: no workbook needs one), or when two parts have the same name."""
    size = stream.seek(0, 2)
    start = max(size - _END_BYTES - _LONGEST_COMMENT, 0)
    stream.seek(start)
    tail = stream.read()
    end = len(tail) - _END_BYTES
    if not (tail[end : end + 4] == _END and tail[-2:] == b"\0\0"):
        end = tail.rfind(_END)
    if end != -1 and len(tail) - end >= _END_BYTES:
        directory = int.from_bytes(tail[end + 12 : end + 16], "little")
        directory = max(directory, _zip64_directory(stream, start + end))
        if directory > MOST_DIRECTORY_BYTES:
            raise MarkupUnread(f"a central directory of {directory:,} bytes")
    stream.seek(0)
    archive = zipfile.ZipFile(stream)
    names = archive.namelist()
    if len(set(names)) != len(names):  # zipfile reads a name's last part, calamine its first
        raise MarkupUnread("a part named twice")
    return archive


_END64, _LOCATOR = b"PK\x06\x06", b"PK\x06\x07"  # zip64's end record, and its locator after it
_END64_BYTES, _LOCATOR_BYTES = 56, 20


def _zip64_directory(stream, end: int) -> int:
    """The size of the central directory that a zip64 end record just before the end record
    at `end` states (0 without one): zipfile reads that many bytes instead, whatever the end
    record says (a 17 MB zip of 200,000 parts, its end record stating 100 bytes)."""
    if end < _END64_BYTES + _LOCATOR_BYTES:
        return 0
    stream.seek(end - _END64_BYTES - _LOCATOR_BYTES)
    record = stream.read(_END64_BYTES + _LOCATOR_BYTES)
    if record[:4] != _END64 or record[_END64_BYTES : _END64_BYTES + 4] != _LOCATOR:
        return 0
    return int.from_bytes(record[40:48], "little")
