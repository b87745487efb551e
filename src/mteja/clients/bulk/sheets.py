"""Writing rows to CSV and XLSX files, streamed, with constant memory.

A text cell a spreadsheet would run as a formula (one starting with = + - @, a tab or a
carriage return) is written with a leading apostrophe, so a name such as `=HYPERLINK(…)`
typed into a client's record stays text in Excel, LibreOffice and Google Sheets. Importing
reads it back without the apostrophe (`restore_cell`)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff"  # Excel then reads the file as UTF-8
CSV_CHUNK_ROWS = 1000


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def restore_cell(value: str) -> str:
    """A cell as it was before `neutralise`."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def neutralise_cells(row: list, columns: list[int]) -> list:
    """`row` with its text `columns` neutralised, in place (only where a cell needs it)."""
    for index in columns:
        value = row[index]
        if value and value[0] in _FORMULA_FIRST:
            row[index] = "'" + value
    return row


_FORMULA_FIRST = frozenset(start[0] for start in FORMULA_STARTS)


def _safe(row: Iterable) -> list:
    return [neutralise(value) if isinstance(value, str) else value for value in row]


def csv_chunks(header: list[str], rows: Iterable[list], kinds: list[str]) -> Iterator[bytes]:
    """The file in chunks of UTF-8 (with a BOM), a thousand rows each. `rows` hold their text
    neutralised already (`neutralise_cells`) and dates as dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(CSV_BOM)
    writer.writerow(_safe(header))
    dates = [index for index, kind in enumerate(kinds) if kind == "date"]
    for count, row in enumerate(rows, start=1):
        for index in dates:
            if row[index] is not None:
                row[index] = row[index].isoformat()
        writer.writerow(row)
        if count % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def xlsx_file(header: list[str], rows: Iterable[list], kinds: list[str]):
    """`rows` as `csv_chunks` takes them, as a workbook in a temporary file (rewound),
    written row by row: XlsxWriter's constant memory mode keeps one row in memory. Dates are
    date cells, numbers number cells, text stays text (never a formula, a number or a link
    guessed from it)."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it
    book = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet("Clients")
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, _safe(header), bold)
    dates = [index for index, kind in enumerate(kinds) if kind == "date"]
    for number, row in enumerate(rows, start=1):
        for index in dates:
            value, row[index] = row[index], None
            if value is not None:
                sheet.write_datetime(number, index, value, day)
        sheet.write_row(number, 0, row)
    sheet.freeze_panes(1, 0)
    book.close()
    target.seek(0)
    return target
