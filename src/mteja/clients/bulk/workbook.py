"""Writing rows as an Excel workbook (.xlsx) streamed as it is written: the sheet's XML is
written here row by row, deflated through a zip written forwards only (each entry closed by a
data descriptor), so the first bytes leave at once and memory stays flat however many rows.

A workbook is a zip of a few fixed parts (content types, relations, the workbook, a minimal
style sheet: bold for the header, a yyyy-mm-dd date format) and one sheet. Text is an inline
string with XML's five specials escaped, the characters XML 1.0 cannot hold removed, a
carriage return kept as a character reference and Excel's own `_xHHHH_` escape escaped;
numbers and yes/no are number and boolean cells, dates are date cells (Excel's day numbers,
dates before March 1900, which Excel cannot show, as ISO text)."""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from mteja.clients.bulk.sheet_cells import MOST_COLUMNS
from mteja.clients.bulk.sheets import neutralise, restore_cell

ROWS_PER_WRITE = 500  # rows deflated at once
SHEET_ROWS = 1_048_576  # what a worksheet holds, its header row included (Excel's limit)


def rows_held() -> int:
    """The rows of data a sheet holds below its header (1,048,575)."""
    return SHEET_ROWS - 1


CHUNK_BYTES = 64 * 1024  # what the zip yields at least, but at the end
DEFLATE_LEVEL = 1  # the sheet's XML repeats itself: level 1 is nearly as small, much faster
SHEET_PATH = "xl/worksheets/sheet1.xml"

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SHEET_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/{SHEET_PATH}" ContentType="{_SHEET_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_SHEET_TYPE}.styles+xml"/></Types>'
)
_PACKAGE_RELATIONS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
    f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELATIONS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>'
)
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (  # cell formats: 0 plain, 1 bold (the header), 2 a date, 3 text kept text
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_SHEET_START = (
    f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheetViews>'
    '<sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"

# A text cell needs more than copying when it holds one of these (else it is copied as is).
_NEEDS_CARE = re.compile(
    "[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_|^[ \t\n]|[ \t\n]$"
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_XML_SPECIALS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_DAY_ZERO = 693594  # date(1899, 12, 30).toordinal(): Excel's day 0 (after its 1900 leap day)
_FIRST_TRUE_DAY = 61  # 1900-03-01: before it Excel's day numbers count a 29 February 1900


class _DayNumbers(dict):
    """A date's Excel day number as its cell shows it, by the date or its ISO 8601 text (as
    SQLite stores it, read so by the export: decision 273), each made once (a column's dates
    repeat); None for an empty cell and for a date before March 1900, written as text."""

    def __init__(self):
        super().__init__({None: None, "": None})

    def __missing__(self, value) -> str | None:
        day = (date.fromisoformat(value) if value.__class__ is str else value).toordinal()
        shown = str(day - _DAY_ZERO) if day - _DAY_ZERO >= _FIRST_TRUE_DAY else None
        if len(self) < MOST_DAYS_REMEMBERED:
            self[value] = shown
        return shown


MOST_DAYS_REMEMBERED = 100_000  # dates and texts kept: memory stays bounded (15 MB when full)
_DAY_NUMBERS = _DayNumbers()

TEXT, NUMBER, DATE, YES_NO = "text", "number", "date", "yes/no"
# Neutralised text a spreadsheet would only read as a number (a sign, then digits and spaces:
# a mobile number +254…): its cell holds it without the apostrophe, in the quote-prefix style
# (Excel's for a text typed after an apostrophe), which keeps it text when edited. A text
# cell of a workbook is never run as a formula; decision 89.
_ONLY_A_NUMBER = re.compile("'[+-][0-9](?:[0-9 ]*[0-9])?")


def xml_text(value: str) -> str:
    """`value` as the content of an XML text element (Excel's `_xHHHH_` escape kept literal,
    characters XML 1.0 cannot hold removed)."""
    value = _NOT_XML.sub("", value)
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", value).translate(_XML_SPECIALS)


# What an Excel cell holds (UTF-16 units): Excel refuses a longer text as a damaged file. A
# custom long-text field holds up to 65,535 characters; in a workbook it is cut, marked "…"
# (the CSV export keeps it whole). A text of at most half as many characters surely fits.
EXCEL_MOST_UNITS = 32_767
_SURELY_FITS = EXCEL_MOST_UNITS // 2


def _fitted(value: str) -> str:
    units = value.encode("utf-16-le", "surrogatepass")
    if len(units) // 2 <= EXCEL_MOST_UNITS:
        return value
    return units[: (EXCEL_MOST_UNITS - 1) * 2].decode("utf-16-le", "ignore") + "…"


def _text_cell(ref: str, value: str, style: str = "") -> str:
    if len(value) > _SURELY_FITS:
        value = _fitted(value)
    if _NOT_XML.search(value):
        # Neutralised again once they are gone: a control character before a `=` kept it
        # from looking like a formula.
        value = neutralise(_NOT_XML.sub("", restore_cell(value)))
    if _NEEDS_CARE.search(value) is None:
        return f'<c r="{ref}"{style} t="inlineStr"><is><t>{value}</t></is></c>'
    text = xml_text(value)
    space = ' xml:space="preserve"' if text != text.strip(" \t\n") else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def column_letters(count: int) -> list[str]:
    letters = []
    for index in range(count):
        name, number = "", index + 1
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(ord("A") + rest) + name
        letters.append(name)
    return letters


def _row_xml(number: int, row: list, plan: list[tuple[str, str]]) -> str:
    """One row's XML: each cell by its column's kind; an empty one is left out."""
    n = str(number)
    cells = [
        _cell_xml(letter, n, kind, value) for (letter, kind), value in zip(plan, row, strict=False)
    ]
    return f'<row r="{n}">{"".join(cells)}</row>'


def _cell_xml(letter: str, n: str, kind: str, value) -> str:
    """A cell's XML by its column's kind, in row `n`; nothing for an empty one."""
    if value is None or value == "":
        return ""
    if kind is DATE:
        day = _DAY_NUMBERS[value]
        if day is None:
            return _text_cell(letter + n, value if value.__class__ is str else value.isoformat())
        return f'<c r="{letter}{n}" s="2"><v>{day}</v></c>'
    if kind is NUMBER:
        return f'<c r="{letter}{n}"><v>{value}</v></c>'
    if kind is YES_NO:
        return f'<c r="{letter}{n}" t="b"><v>{1 if value else 0}</v></c>'
    if value.__class__ is str:
        if value[0] == "'" and _ONLY_A_NUMBER.fullmatch(value):
            return f'<c r="{letter}{n}" s="3" t="inlineStr"><is><t>{value[1:]}</t></is></c>'
        if len(value) <= _SURELY_FITS and _NEEDS_CARE.search(value) is None:
            return f'<c r="{letter}{n}" t="inlineStr"><is><t>{value}</t></is></c>'
        return _text_cell(letter + n, value)
    return _text_cell(letter + n, str(value))


def _rows_xml(first: int, columns: list, plan: list[tuple[str, str]]) -> str:
    """The XML of rows given as columns, numbered from `first`: each column's cells made at
    once (a text column with nothing to escape by one expression), each row joined in C,
    where `_row_xml`'s work is per cell. The same XML as theirs."""
    numbers = [str(number) for number in range(first, first + len(columns[0]))]
    cells = [
        _column_xml(letter, kind, numbers, values)
        for (letter, kind), values in zip(plan, columns, strict=False)
    ]
    starts = [f'<row r="{n}">' for n in numbers]
    ends = ["</row>"] * len(numbers)
    rows = zip(starts, *filter(None, cells), ends, strict=True)
    return "".join(itertools.chain.from_iterable(rows))


def _column_xml(letter: str, kind: str, numbers: list[str], values) -> list[str] | None:
    """A column's cells, row by row; None when every one is empty."""
    if not any(values) and values.count(None) + values.count("") == len(values):
        return None
    rows = zip(numbers, values, strict=True)
    if kind is TEXT and _copied_as_they_are(values):
        return [
            f'<c r="{letter}{n}" t="inlineStr"><is><t>{value}</t></is></c>' if value else ""
            for n, value in rows
        ]
    # `_cell_xml`'s cells of the other kinds, each made by one expression rather than a call
    # a cell (its forms, repeated: test_csv_columns.py holds the two writers' sheets equal).
    if kind is DATE:
        days = _DAY_NUMBERS
        return [
            "" if value is None
            else f'<c r="{letter}{n}" s="2"><v>{day}</v></c>' if (day := days[value]) is not None
            else _cell_xml(letter, n, kind, value)
            for n, value in rows
        ]  # fmt: skip
    if kind is NUMBER:
        return [
            "" if value is None or value == "" else f'<c r="{letter}{n}"><v>{value}</v></c>'
            for n, value in rows
        ]
    if kind is YES_NO:
        return [
            "" if value is None or value == ""
            else f'<c r="{letter}{n}" t="b"><v>{1 if value else 0}</v></c>'
            for n, value in rows
        ]  # fmt: skip
    return [_cell_xml(letter, n, kind, value) for n, value in rows]


_APART = "\u00a6"  # between the values searched at once: one that no escaping concerns


def _copied_as_they_are(values) -> bool:
    """Whether every value is a text (or None) that `_cell_xml` copies into its cell as it
    is: printable (no control character, surrogate or noncharacter), no & < > or `_x`,
    neither starting nor ending with a space nor starting with an apostrophe (it may be
    `_ONLY_A_NUMBER`'s), not too long for a cell. Told for all the
    values at once, by str's own searches: the regular expression costs 15 ns a character."""
    if not set(map(type, values)) <= _TEXT_OR_NONE:
        return False
    texts = list(filter(None, values))
    joined = _APART.join(texts)
    return (
        joined.isprintable()
        and not any(
            special in joined
            for special in ("&", "<", ">", "_x", " " + _APART, _APART + " ", _APART + "'")
        )
        and not joined.startswith((" ", "'"))
        and not joined.endswith(" ")
        and (len(joined) <= _SURELY_FITS or max(map(len, texts)) <= _SURELY_FITS)
    )


_TEXT_OR_NONE = frozenset({str, type(None)})


class _Sink:
    """Where the zip writes: kept until taken (a stream without seek, so the zip writes
    forwards only)."""

    def __init__(self):
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        self.size = 0
        return data


def _plan(kinds: list[str]) -> list[tuple[str, str]]:
    known = {TEXT: TEXT, NUMBER: NUMBER, DATE: DATE, YES_NO: YES_NO}  # compared by identity
    return list(zip(column_letters(len(kinds)), [known.get(k, TEXT) for k in kinds], strict=True))


def _book_chunks(
    header: list[str], kinds: list[str], sheet_name: str, sheet_rows: Callable
) -> Iterator[bytes]:
    """The workbook, its rows' XML given by `sheet_rows(plan)`, read once the header's
    bytes are out."""
    sink = _Sink()
    book = zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL)
    with book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _PACKAGE_RELATIONS)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELATIONS)
        book.writestr("xl/workbook.xml", _workbook(sheet_name))
        book.writestr("xl/styles.xml", _STYLES)
        plan = _plan(kinds)
        letters = [letter for letter, _kind in plan]
        head = "".join(
            _text_cell(f"{letter}1", neutralise(name), ' s="1"')
            for letter, name in zip(letters, header, strict=True)
        )
        # Without zip64, as Excel likes its zips (Python's zip64 entries have made Excel offer
        # to repair them): a sheet holds up to 2 GiB of XML, two million clients of every
        # column, twice what an Excel sheet can show (1,048,576 rows).
        with book.open(SHEET_PATH, "w") as sheet:
            sheet.write(f'{_SHEET_START}<row r="1">{head}</row>'.encode())
            yield sink.take()
            for rows_xml in sheet_rows(plan):
                sheet.write(rows_xml.encode())
                if sink.size >= CHUNK_BYTES:
                    yield sink.take()
            sheet.write(_SHEET_END.encode())
    yield sink.take()


def workbook_chunks(
    header: list[str],
    rows: Iterable[list],
    kinds: list[str],
    sheet_name: str = "Clients",
    *,
    past_header: bool = False,
) -> Iterator[bytes]:
    """The workbook of `header` (bold, frozen, neutralised: an import's result repeats the
    file's own header) and `rows` (their cells by `kinds`: "text", "number", "date" or
    "yes/no"; text neutralised already), in chunks as it is written. `past_header`: a row's
    cells past the header's last column are written too, as text, up to the sheet's last
    column (an import's result: a value of a column without a header, decision 298)."""

    def sheet_rows(plan: list[tuple[str, str]]) -> Iterator[str]:
        if past_header:
            plan = _plan([*kinds, *[TEXT] * (MOST_COLUMNS - len(kinds))])
        numbered = enumerate(rows, start=2)
        while batch := list(itertools.islice(numbered, ROWS_PER_WRITE)):
            yield "".join(_row_xml(number, row, plan) for number, row in batch)

    yield from _book_chunks(header, kinds, sheet_name, sheet_rows)


def workbook_column_chunks(
    header: list[str], chunks: Iterable[list], kinds: list[str], sheet_name: str = "Clients"
) -> Iterator[bytes]:
    """`workbook_chunks` of rows given a chunk at a time as columns (ClientExport's)."""

    def sheet_rows(plan: list[tuple[str, str]]) -> Iterator[str]:
        first = 2
        for columns in chunks:
            yield _rows_xml(first, columns, plan)
            first += len(columns[0])

    yield from _book_chunks(header, kinds, sheet_name, sheet_rows)


def _workbook(sheet_name: str) -> str:
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><bookViews><workbookView/>'
        f'</bookViews><sheets><sheet name="{xml_text(sheet_name)}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
