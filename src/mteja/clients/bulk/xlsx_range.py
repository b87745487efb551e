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

import operator
import re
from dataclasses import dataclass
from typing import IO
from zipfile import ZipFile

from mteja.clients.bulk.sheet_cells import column_number

INFLATE_BYTES = 1 << 20
# The patterns begin with a plain character, which the regular expression engine looks for
# ahead of trying the rest (`\b` first, or an optional prefix, made each scan 1.5 to 3 times
# slower: four seconds of the five a 100,000-row sheet took).


def _tag(name: bytes, before: bytes = b"") -> bytes:
    """An element's opening tag (`before`: "/?" or such, after the `<`), its name with or
    without a namespace prefix."""
    return rb"<" + before + rb"(?:" + name + rb"|[A-Za-z_][\w.-]*:" + name + rb")"


def _attribute(name: bytes) -> bytes:
    """An attribute's name (a word of its own: `\b` before it, checked after it) and `=`."""
    return name + rb"(?<!\w" + name + rb")\s*=\s*"


_CELL_TAG = re.compile(_tag(rb"c") + rb"[\s/>]")
# A cell's reference, in any spelling XML and calamine accept, and a row's number (the same
# attribute without letters), in the order the sheet gives them: found by one search and
# joined (`,5,A5,B5,6,A6`), what is asked of them is searched in that short text.
_REFERENCE = re.compile(_attribute(rb"r") + rb"""["'](\$?[A-Za-z]{0,7}\$?[0-9]{1,10})["']""")
# A cell naming another row than the row it is in (`,2,A2,B3`): calamine would place it on
# the row it names, the streamed reader refuses the workbook (sheet_cells.cell_column).
# Possessive: the cells naming their row are gone through once.
_CELL_OFF_ITS_ROW = re.compile(rb",([0-9]+)(?:,\$?[A-Za-z]+\$?\1(?![0-9]))*+,[$A-Za-z]")
# A row's number followed by a cell: where no cell is off its row, the last is the used range's.
_ROW_OF_CELLS = re.compile(rb",([0-9]+),[$A-Za-z]")
_NOT_LETTERS = b"$0123456789"
_ABSOLUTE_REFERENCE = re.compile(
    _attribute(rb"r") + rb"""["'](?:\$[A-Za-z]{1,7}\$?|[A-Za-z]{1,7}\$)[0-9]{1,10}["']"""
)
_SHARED_STRING_CELL = re.compile(_attribute(rb"t") + rb"""["']s["']""")
_ERROR_CELL = re.compile(_attribute(rb"t") + rb"""["']e["']""")
# A shared string's cell whose value is not a plain index ("abc", "1.5", " 4", 20 digits):
# calamine reads the first string for it, the streamed reader reads " 4" or refuses the file.
_ODD_STRING_INDEX = re.compile(
    _SHARED_STRING_CELL.pattern
    + rb"[^>]*>\s*"
    + _tag(rb"v")
    + rb"(?:\s[^>]*)?>(?![0-9]{1,9}<)[^<]*<"
)
# A cell's value or the cell closed (`</v>`, `</x:c>`, `<c r="A1" t="s"/>`).
_CELL_CLOSED = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?[vc]\s*>|/>")
# A value below 0 (`<v>-18262</v>`): in a date cell, a date before 1900, which calamine reads
# as a time of day; the streamed reader tells it (xlsx_dates.DateBefore1900).
_NEGATIVE_VALUE = re.compile(_tag(rb"v") + rb"(?:\s[^>]*)?>\s*-")
# A value spelt as "not a number" (`<v>nan</v>`, any case, signed): in a date cell, calamine
# reads day zero (1899-12-30), the streamed reader the value, refused as no number.
_NOT_A_NUMBER = re.compile(_tag(rb"v") + rb"(?:\s[^>]*)?>[+-]?[nN][aA][nN]")
# An XML declaration naming its part's encoding (`<?xml version="1.0" encoding="UTF-16"?>`).
_DECLARED_ENCODING = re.compile(
    rb"""(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]*)["']"""
)
# A row's number (`<row r="5" …>`): rows out of order, or a row given twice, calamine places
# by number (the last kept), where the streamed reader refuses the file (it cannot reorder).
_ROW_NUMBER = re.compile(
    _tag(rb"row") + rb"\s[^>]*?" + _attribute(rb"r") + rb"""["']([0-9]{1,10})["']"""
)
# ... searched for `<row` alone where no tag is prefixed (`<x:row`): four times faster.
_PLAIN_ROW_NUMBER = re.compile(rb"<row\s[^>]*?" + _attribute(rb"r") + rb"""["']([0-9]{1,10})["']""")
_STRING_ITEM_TAG = re.compile(_tag(rb"si", rb"(/?)") + rb"[\s/>]")
# A formula's end (`</f>`, `<f t="shared" si="0"/>`), and what follows it in a cell that kept
# the formula's value: its `<v>`, holding something. An empty one (`<v/>`, `<v></v>`) is
# either a formula's empty text or the place openpyxl keeps for Excel to fill, which only the
# cell's type tells: such a sheet is read row by row.
_FORMULA_END = re.compile(_tag(rb"f", rb"/") + rb"\s*>|" + _tag(rb"f") + rb"(?:\s[^>]*)?/>")
_VALUE_OPEN = re.compile(rb"\s*" + _tag(rb"v") + rb"(?:\s[^>]*)?(?<!/)>")
_VALUE_NEXT = re.compile(_VALUE_OPEN.pattern + rb"[^<]")
# A value holding a character reference (`<v>&#49;</v>`), a CDATA section or a comment:
# calamine reads such a value's text up to the first of them (`&#49;` empty, `1&#50;` 1), the
# streamed reader as XML means it (decision 210).
_MARKED_UP = rb"(?:\s[^>]*)?(?<!/)>[^<&]*+(?:&|<!)"
_MARKED_UP_VALUE = re.compile(_tag(rb"v") + _MARKED_UP)
# ... searched for `<v` alone where no tag is prefixed (`<x:v`): cheaper on a sheet whose
# every megabyte holds a `&` (an inline text's `&amp;`: docs/benchmarks.md).
_PLAIN_MARKED_UP_VALUE = re.compile(rb"<v" + _MARKED_UP)


@dataclass
class WorkbookLoad:
    cells: int = 0  # the sheets' used ranges (from A1), added up
    unreferenced: bool = False  # a cell without a reference
    # A cell reference written with `$` ("$A$1"): calamine refuses the file ("Expecting
    # alphanumeric character"), the streamed reader reads it.
    absolute_reference: bool = False
    # A formula without its value (a file a program wrote and no spreadsheet saved): calamine
    # reads the cell as blank, the streamed reader knows it. Where a formula's end is not
    # followed by a `<v>` (a chart's formula is none, nor a cell that takes its value from
    # elsewhere), the sheet is read row by row, which tells exactly.
    formula_without_value: bool = False
    # An error cell (#N/A): calamine reads it as blank, the streamed reader knows it.
    error_cell: bool = False
    # A number below 0: in a date cell, a date before 1900 calamine reads as a time of day.
    negative_value: bool = False
    not_a_number: bool = False  # a value spelt "nan": calamine's date of it is day zero
    # A part in another encoding than UTF-8 (UTF-16, which Office files may use; or one they
    # may not, Latin-1): calamine reads every part as UTF-8, found no row in UTF-16 and
    # refused a Latin-1 "é"; the streamed reader decodes as the part says.
    other_encoding: bool = False
    odd_string_index: bool = False  # a shared string's cell naming none by a plain index
    rows_out_of_order: bool = False  # a row numbered at or before one above it
    cell_off_its_row: bool = False  # a cell whose reference names another row than its own
    marked_up_value: bool = False  # a value holding a reference, a CDATA section, a comment
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
    last_row = last_column = tags = references = row_number = 0
    row = b"0"  # the number of the row the chunk's first cells are in (0: none yet)
    tail, offset, item_start = b"", 0, None  # offset: of `text` in the part
    while True:
        chunk = part.read(INFLATE_BYTES)
        text = tail + chunk
        if not offset and not tail:  # (the part's start)
            load.other_encoding = load.other_encoding or not _utf8(text)
        # Whole tags only: what follows the chunk's last ">" is read with the next one.
        end = text.rfind(b">") + 1 if chunk else len(text)
        end = _before_open_string_cell(text, end) if chunk else end
        end = _read_formulas(text, end, more=bool(chunk), load=load)
        end = _before_open_value(text, end) if chunk else end
        tags += len(_CELL_TAG.findall(text, 0, end))
        # Each reference's letters and digits, taken in C (a million rows hold tens of
        # millions): its columns are a few distinct spellings, its rows numbers.
        found = _REFERENCE.findall(text, 0, end)
        if found:
            joined = b"," + row + b"," + b",".join(found)  # (after the row the chunk begins in)
            letters = b",".join(found).translate(None, _NOT_LETTERS).split(b",")
            rows = letters.count(b"")  # (a row's number has no letters)
            references += len(found) - rows
            spellings = {spelt.upper() for spelt in set(letters)}
            last_column = max(last_column, *(column_number(s.decode()) for s in spellings))
            # The rows holding cells: each cell names its row, or the sheet goes to the
            # streamed reader, whatever its size.
            last_row = max(last_row, 0, *map(int, _ROW_OF_CELLS.findall(joined)))
            load.cell_off_its_row = load.cell_off_its_row or (
                _CELL_OFF_ITS_ROW.search(joined) is not None
            )
            if rows:
                row = found[len(letters) - 1 - letters[::-1].index(b"")]
            load.absolute_reference = load.absolute_reference or (
                text.find(b"$", 0, end) != -1
                and _ABSOLUTE_REFERENCE.search(text, 0, end) is not None
            )
        rows = _ROW_NUMBER if text.find(b":row", 0, end) != -1 else _PLAIN_ROW_NUMBER
        numbers = list(map(int, rows.findall(text, 0, end)))
        if numbers:
            load.rows_out_of_order = load.rows_out_of_order or (
                numbers[0] <= row_number or any(map(operator.ge, numbers, numbers[1:]))
            )
            row_number = numbers[-1]
        strings = len(_SHARED_STRING_CELL.findall(text, 0, end))
        load.shared_string_cells += strings
        load.odd_string_index = load.odd_string_index or (
            strings > 0 and _ODD_STRING_INDEX.search(text, 0, end) is not None
        )
        load.error_cell = load.error_cell or _ERROR_CELL.search(text, 0, end) is not None
        load.marked_up_value = load.marked_up_value or (  # (most sheets hold no `&` or `<!`)
            (text.find(b"&", 0, end) != -1 or text.find(b"<!", 0, end) != -1)
            and _marked_up_value(text, end)
        )
        load.negative_value = load.negative_value or (  # (">-" first: most sheets have none)
            text.find(b">-", 0, end) != -1 and _NEGATIVE_VALUE.search(text, 0, end) is not None
        )
        load.not_a_number = load.not_a_number or (  # ("an<" first: most sheets have none)
            _holds_nan_end(text, end) and _NOT_A_NUMBER.search(text, 0, end) is not None
        )
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


def _before_open_string_cell(text: bytes, end: int) -> int:
    """`end`, or the start of the last cell before it when that cell is a shared string's
    whose value `text[:end]` does not close: read with the next chunk, its index is searched
    whole (_ODD_STRING_INDEX), wherever a chunk ends."""
    start = max(text.rfind(b"<c", 0, end), text.rfind(b":c", 0, end))
    if start == -1 or _CELL_CLOSED.search(text, start, end) is not None:
        return end
    if _SHARED_STRING_CELL.search(text, start, end) is None:
        return end
    return text.rfind(b"<", 0, start + 1)  # (a prefixed tag's `<` before its prefix)


def _utf8(start: bytes) -> bool:
    """Whether a part beginning with `start` is UTF-8 text: no UTF-16 byte order mark nor
    NUL among its first characters, and no XML declaration naming another encoding."""
    if start[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in start[:4]:
        return False
    declared = _DECLARED_ENCODING.match(start)
    return declared is None or declared[1].lower() in (b"utf-8", b"utf8")


def _holds_nan_end(text: bytes, end: int) -> bool:
    """Whether `text[:end]` holds a "nan" (any case) followed by a tag's `<`."""
    return any(text.find(spelt, 0, end) != -1 for spelt in (b"an<", b"AN<", b"aN<", b"An<"))


def _marked_up_value(text: bytes, end: int) -> bool:
    prefixed = text.find(b":v", 0, end) != -1
    marked_up = _MARKED_UP_VALUE if prefixed else _PLAIN_MARKED_UP_VALUE
    return marked_up.search(text, 0, end) is not None


def _before_open_value(text: bytes, end: int) -> int:
    """`end`, or the start of a value's opening tag (`<v>`) that `text[:end]` ends with: its
    text is searched with the next chunk's (_MARKED_UP_VALUE), wherever a chunk ends."""
    start = text.rfind(b"<", 0, end)
    opened = _VALUE_OPEN.match(text, start) if start != -1 else None
    return start if opened is not None and opened.end() == end else end


def _read_formulas(text: bytes, end: int, *, more: bool, load: WorkbookLoad) -> int:
    """Notes a formula in `text[:end]` not followed by its value; the end of what is read
    of `text`: before a formula whose next tag comes with the next chunk (`more`)."""
    if all(text.find(start, 0, end) == -1 for start in (b"<f", b"/f", b":f")):
        return end  # no formula's tag (found faster than by the pattern: most sheets have none)
    formulas = list(_FORMULA_END.finditer(text, 0, end))
    if formulas and more and _value_comes_next(text, formulas[-1].end(), end):
        end = formulas.pop().start()
    if not load.formula_without_value:
        load.formula_without_value = any(
            _VALUE_NEXT.match(text, found.end()) is None for found in formulas
        )
    return end


def _value_comes_next(text: bytes, formula_end: int, end: int) -> bool:
    """Whether what follows a formula ending at `formula_end` (its `<v>` and what it holds)
    comes after `end`, with the next chunk."""
    if formula_end == end:
        return True
    opened = _VALUE_OPEN.match(text, formula_end)
    return opened is not None and opened.end() == end
