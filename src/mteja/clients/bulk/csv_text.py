"""A client file's CSV text, as rows of cells: UTF-8 (with or without a BOM), UTF-16 (a BOM
or none) or UTF-32 (a BOM), comma, semicolon or tab found from the header line; each cell
and each row bounded, so that a line left unclosed or of millions of cells is refused before
it is held whole."""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.bulk.archives import refuse_compressed
from mteja.clients.bulk.csv_encoding import encoding_of
from mteja.clients.bulk.unreadable import FileUnreadable

DELIMITERS = (",", ";", "\t")
BINARY_SNIFF_BYTES = 8192
# The CSV lines read, at most, to find the header line (the delimiter is found from it)
# past blank lines; past them, the first line.
CSV_MOST_LINES_ABOVE_HEADER = 1000
# The rows holding one cell alone (a sheet's title, its date, who prepared it) read, at most,
# above a header of several cells (reading.py); a CSV's hold no delimiter.
MOST_TITLE_ROWS = 5
# The characters a CSV row may span, over all its lines (the csv module bounds a cell, not
# a row): a longer one is refused before it is read whole, so that a line of hundreds of
# megabytes, or of millions of short cells, is not held in memory. A row of clients holds
# a few thousand.
CSV_MOST_ROW_CHARS = 2**20


def csv_rows(stream: IO[bytes]) -> Iterator[list]:
    """The rows of a CSV file, UTF-8 text (a BOM or none), UTF-16 (Excel's "Unicode Text",
    with its BOM; or without) or UTF-32 (with its BOM), its delimiter found from the header
    line (the first holding a cell and a delimiter, below at most MOST_TITLE_ROWS holding none
    or typed as titles: "Clients of Kibera branch, March 2026"); read as they are asked for."""
    start = stream.read(BINARY_SNIFF_BYTES)
    refuse_compressed(start)
    encoding = encoding_of(start)
    _refuse_markup(start.decode(encoding, errors="ignore"))
    stream.seek(0)
    counted = _LineEndsCounted(stream) if encoding == "utf-8-sig" else None
    text = io.TextIOWrapper(counted or stream, encoding=encoding, newline="")
    lines = _RowLines(text, counted)
    lines_above, holding = [], []  # the lines read; those holding a cell
    typed = []  # where in lines_above: lines holding a delimiter that may be typed titles
    header_at = None
    try:  # up to the header line (the lines above it and it share one row's bound)
        for line in itertools.islice(lines, CSV_MOST_LINES_ABOVE_HEADER):
            lines_above.append(line)
            if not line.strip(" \t\r\n,;"):
                continue
            holding.append(line)
            if any(map(line.__contains__, DELIMITERS)):
                if not _TYPED_TITLE.fullmatch(_title_text(line)):
                    header_at = len(lines_above) - 1
                    break
                typed.append(len(lines_above) - 1)
            if len(holding) > MOST_TITLE_ROWS:
                break
    except UnicodeDecodeError as exc:  # (Excel's "CSV" is Windows-1252, its "CSV UTF-8" not)
        raise FileUnreadable(lines.undecodable(exc, len(lines_above) + 1)) from exc
    except _EscapedQuote as exc:
        raise FileUnreadable(_escaped_quote(len(lines_above) + 1)) from exc
    except _RowTooLong as exc:
        line = len(lines_above) + 1
        if lines.quote_left_open():
            raise FileUnreadable(_row_too_long(line)) from exc
        message = _("The header line (line %(line)s) is longer than %(most)s characters.")
        raise FileUnreadable(message % {"line": line, "most": f"{CSV_MOST_ROW_CHARS:,}"}) from exc
    header_line = _header_line(lines_above, holding, typed, header_at)
    delimiter = _delimiter_of(header_line)
    reader = csv.reader(itertools.chain(lines_above, lines), delimiter=delimiter)
    return _csv_rows(reader, lines)


# A title as people type it: words, a comma or semicolon and a space, more words ("Clients of
# Kibera branch, March 2026"); a program writing a CSV puts no space after its delimiter.
_TYPED_TITLE = re.compile(r"[^,;\t]+(?:[,;] [^,;\t]+)+")


def _header_line(lines_above: list[str], holding: list[str], typed: list[int], header_at):
    """The header among the lines read (`header_at`: the first holding a delimiter that is no
    typed title, if any; `typed`: those above it that may be): that line, the typed ones
    above it titles, when each holds fewer cells than it (read with its delimiter); else (a
    header typed with spaces after its commas) the first typed line holding the most cells
    (each read with its own delimiter if no line is `header_at`), those above it titles.
    Titles are quoted in `lines_above` as one cell each (title rows, as a workbook's, that
    reading.table_of leaves out)."""
    if not typed:  # (`header_at`, if any, the last line holding a cell)
        return holding[-1] if holding else next(iter(lines_above), "")
    delimiter = None if header_at is None else _delimiter_of(lines_above[header_at])
    held = [_cells_held(lines_above[index], delimiter) for index in typed]
    if header_at is not None and max(held) < _cells_held(lines_above[header_at], delimiter):
        at = header_at
    else:
        at = typed[held.index(max(held))]
    for index in typed:
        if index < at:
            lines_above[index] = _one_cell(lines_above[index])
    return lines_above[at]


def _delimiter_of(line: str) -> str:
    return max(DELIMITERS, key=line.count)


def _cells_held(line: str, delimiter: str | None) -> int:
    delimiter = delimiter or _delimiter_of(line)
    try:
        cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:  # a cell past the csv module's bound: the cells its delimiters part
        return line.count(delimiter) + 1  # (read as the header, it is refused naming its line)
    return sum(bool(cell.strip()) for cell in cells)


def _title_text(line: str) -> str:
    """A title line less its line end and the delimiters after it (a spreadsheet's empty
    cells to the header's width)."""
    return line.rstrip("\r\n").rstrip(",;\t ")


def _one_cell(line: str) -> str:
    """A title line as one quoted cell (what follows it kept): a title row, as a workbook's."""
    text = _title_text(line)
    return '"' + text.replace('"', '""') + '"' + line[len(text) :]


# What a web page or an XML spreadsheet begins with (any case), past a BOM, blanks and
# comments ("<!-- saved from url=… -->"): a tag's whole name, so that a CSV whose first
# cell is "<tablet>" is no web page.
_LEADING = re.compile(r"(?:[\s\ufeff]|<!--.*?-->)*", re.DOTALL)
HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|meta|title|style|body|table|tr)[\s/>]", re.IGNORECASE
)
XML_START = re.compile(r"<\?xml[\s?]", re.IGNORECASE)
A_WEB_PAGE = gettext_lazy(
    "This file is a web page (HTML), not a spreadsheet, whatever its name: open it in Excel "
    "or LibreOffice, save it as an Excel Workbook (.xlsx) or as CSV UTF-8, and import that."
)
AN_XML_FILE = gettext_lazy(
    "This file is XML (an Excel 2003 XML spreadsheet?), not a CSV or a workbook: open it in "
    "Excel or LibreOffice, save it as an Excel Workbook (.xlsx) or as CSV UTF-8, and import "
    "that."
)


def _refuse_markup(start: str) -> None:
    """FileUnreadable for a web page (many systems' "Excel" exports are an HTML table under
    an .xls name) or an XML spreadsheet (Excel 2003's): read as CSV, its markup was a header
    of unknown columns."""
    begins = _LEADING.match(start).end()
    if HTML_START.match(start, begins):
        raise FileUnreadable(A_WEB_PAGE)
    if XML_START.match(start, begins):
        raise FileUnreadable(AN_XML_FILE)


class TooManyCells(str):
    """Put after the cells of a row of more cells than the header has columns: a value
    holding the delimiter, unquoted (a name typed "Njeri, Asha"), shifted the cells after it,
    each then read as the next column's — its last column blank, the cells past the header
    are blank too, and the row looks as one ending with more delimiters than the header
    (`blank_past`: so; decision 201). Blank to whatever reads it as a value."""

    cells = columns = 0
    blank_past = False


def within_header(rows: Iterator[list], columns: int) -> Iterator[list]:
    """The rows below a header of `columns` columns, those of more cells holding a value
    marked with a TooManyCells after their cells (a row of blanks is a blank row)."""
    for row in rows:
        if len(row) > columns and any(cell.strip() for cell in row):
            marker = TooManyCells()
            marker.cells, marker.columns = len(row), columns
            marker.blank_past = not any(cell.strip() for cell in row[columns:])
            row = [*row, marker]
        yield row


class _RowTooLong(Exception):
    pass


class _EscapedQuote(Exception):
    """A line holds a quote escaped by a backslash (`\\"`), as MySQL's `INTO OUTFILE` writes
    one (and some programs' own CSV writers): the csv module closes the cell at that quote,
    the backslash kept, and a delimiter inside the quotes parts the cell, shifting the cells
    after it."""


# A backslash and a quote followed by neither a quote nor a cell's end: no CSV writes one (a
# value's `\"` is written `\""`, a cell ending in a backslash `\"` and its delimiter).
_ESCAPED_QUOTE = re.compile(r'\\"[^",;\t\r\n]')


class _RowLines:
    """The text's lines, for the csv reader, each read at most as far as the row's bound:
    _RowTooLong once the lines read since `next_row` span more than CSV_MOST_ROW_CHARS.
    `ended`: whether the reader asked for a line past the text's end; `quotes`: the quote
    characters of the row's lines read (odd: inside a quoted cell); _EscapedQuote for a line
    holding a quote escaped by a backslash."""

    def __init__(self, text: io.TextIOWrapper, counted: _LineEndsCounted | None = None):
        self.text, self.left, self.ended = text, CSV_MOST_ROW_CHARS, False
        self.counted, self.quotes = counted, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.left + 1)
        if not line:
            self.ended = True
            raise StopIteration
        self.left -= len(line)
        quotes = line.count('"')
        if quotes and '\\"' in line and _ESCAPED_QUOTE.search(line):
            raise _EscapedQuote
        self.quotes += quotes
        if self.left < 0:
            raise _RowTooLong
        return line

    def next_row(self) -> None:
        self.left, self.quotes = CSV_MOST_ROW_CHARS, 0

    def quote_left_open(self) -> bool:
        """Whether the row read so far is inside a quoted cell that no quote closes in the
        next CSV_MOST_ROW_CHARS characters (or to the file's end): a quote left open, not a
        long cell (a doubled quote, `""`, is one inside the cell)."""
        quotes, left = self.quotes, CSV_MOST_ROW_CHARS
        with contextlib.suppress(UnicodeDecodeError):
            while quotes % 2 and left > 0 and (line := self.text.readline(left)):
                left, quotes = left - len(line), quotes + line.count('"')
        return quotes % 2 == 1

    def undecodable(self, exc: UnicodeDecodeError, about: int) -> str:
        """The refusal of the text's bytes `exc` could not decode: naming their line, when
        the line ends before them were counted (UTF-8); else (UTF-16 or UTF-32 text, cut
        short or holding another encoding's bytes) `about`, where the reader stood (the text
        is decoded 8 kB ahead of it: maybe a few lines before)."""
        if self.counted is None:
            return _damaged(about, exc.encoding)
        return _not_utf8_at(self.counted.line_of(exc))


def _csv_rows(reader, lines: _RowLines) -> Iterator[list]:
    """The reader's rows; a line that turns out not to be UTF-8 text, to hold a cell longer
    than the csv module's limit (an unclosed quote, most often), to begin a row longer
    than CSV_MOST_ROW_CHARS, or to open a quote the file never closes (the csv module, not
    strict, reads the rest of the file as that one cell: the rows below it were lost),
    makes the file unreadable, the message naming the line."""
    line = reader.line_num + 1
    lines.ended = False  # (the header's search reads to the end of a file of blank lines)
    try:
        for row in reader:
            if lines.ended:  # the row ran past the file's last line: inside a quote
                message = _(
                    "Line %(line)s opens a quote that is never closed: the rest of the file "
                    "would be read as one cell. Remove the quote, or close it."
                )
                raise FileUnreadable(message % {"line": line})
            yield row
            lines.next_row()
            line = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise FileUnreadable(lines.undecodable(exc, line)) from exc
    except csv.Error as exc:
        if lines.quote_left_open():
            message = _(
                "Line %(line)s has a cell longer than %(most)s characters (a quote left open?)."
            )
        else:  # (its quote closed, or none: the cell is long, and that is all)
            message = _("Line %(line)s has a cell longer than %(most)s characters.")
        most = f"{csv.field_size_limit():,}"
        raise FileUnreadable(message % {"line": line, "most": most}) from exc
    except _RowTooLong as exc:
        raise FileUnreadable(_row_too_long(line, lines.quote_left_open())) from exc
    except _EscapedQuote as exc:
        raise FileUnreadable(_escaped_quote(line)) from exc


def _row_too_long(line: int, quote_left_open: bool = True) -> str:
    """The refusal of a row past CSV_MOST_ROW_CHARS, asking about a quote when one is open."""
    if quote_left_open:
        message = _("Line %(line)s is longer than %(most)s characters (a quote left open?).")
    else:
        message = _("Line %(line)s is longer than %(most)s characters.")
    return message % {"line": line, "most": f"{CSV_MOST_ROW_CHARS:,}"}


def _escaped_quote(line: int) -> str:
    message = _(
        "Line %(line)s escapes a quote with a backslash (\\\"), as MySQL's export writes it: a "
        'CSV writes a quote inside a quoted cell twice (""), so its cells would be read wrong. '
        "Export the file again with quotes doubled (MySQL: FIELDS ESCAPED BY ''), or save it "
        "from a spreadsheet as CSV UTF-8."
    )
    return message % {"line": line}


def _damaged(line: int, encoding: str) -> str:
    """A UTF-16 or UTF-32 file's refusal (it had said "not UTF-8 text", of a file the user
    knew was not: cut one byte short by a download, it is still UTF-16)."""
    message = _(
        "The file's %(encoding)s text is damaged from about line %(line)s (cut short?): save "
        "it again as CSV UTF-8."
    )
    return message % {"line": line, "encoding": encoding[:6].upper()}


def _not_utf8_at(line: int) -> str:
    message = _("The file is not UTF-8 text, from line %(line)s: save it as CSV UTF-8.")
    return message % {"line": line}


class _LineEndsCounted(io.BufferedIOBase):
    """A UTF-8 file's bytes as the text reader reads them (a block at a time, ahead of the
    lines it gives), their line ends (LF, CR LF or CR, as it reads them) counted on the way,
    so that bytes it cannot decode are placed on their line exactly: without reading the
    file again up to them, and a byte count per block on the way (no pass of its own)."""

    def __init__(self, stream: IO[bytes]):
        super().__init__()
        self.stream = stream
        self.ends_before = 0  # the line ends before the last block read
        self.block_ends = 0  # ... and in it
        self.after_cr = self.last_after_cr = False  # whether a block ended in CR

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        block = self.stream.read1(size) if hasattr(self.stream, "read1") else self.stream.read(size)
        self.ends_before += self.block_ends
        self.last_after_cr = self.after_cr
        self.block_ends = _line_ends(block, self.after_cr)
        self.after_cr = block.endswith(b"\r") if block else self.after_cr
        return block

    read = read1

    def close(self) -> None:
        super().close()
        self.stream.close()

    def line_of(self, exc: UnicodeDecodeError) -> int:
        """The line of the first byte `exc` could not decode, in the last block read (the
        bytes decoded with it: the block, maybe after the first bytes of a character the
        block before ended in, and never a line end)."""
        return self.ends_before + _line_ends(exc.object[: exc.start], self.last_after_cr) + 1


def _line_ends(data: bytes, after_cr: bool) -> int:
    """The line ends in `data`: LF, CR LF, a CR alone (a LF first, after a CR ending the
    block before, ends no line of its own)."""
    ends = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return ends - 1 if after_cr and data.startswith(b"\n") else ends
