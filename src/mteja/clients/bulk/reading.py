"""Reading a client file: CSV (UTF-8, with or without a BOM; comma, semicolon or tab found
from the header line) or Excel .xlsx (its first sheet, read with python-calamine), as a
header and rows of cells. Cells keep what the file holds: text, or for Excel its numbers,
dates and booleans."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

DELIMITERS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"  # a zip: an .xlsx (the content decides, not the name)


class FileUnreadable(ValueError):
    """The file is not a CSV or XLSX this reader understands; the message says why."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[list]  # each as long as the header, or shorter


def read_table(data: bytes) -> Table:
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileUnreadable(_("The file is neither UTF-8 text nor an Excel workbook.")) from exc
    if "\x00" in text:
        raise FileUnreadable(_("The file is neither UTF-8 text nor an Excel workbook."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise FileUnreadable(_("The file has no header row."))
    return Table([cell.strip() for cell in header], reader)


def _read_xlsx(data: bytes) -> Table:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_index(0).iter_rows()
        header = next(rows, None)
    except (CalamineError, ValueError, IndexError) as exc:
        raise FileUnreadable(_("The Excel workbook cannot be read.")) from exc
    if not header or not any(str(cell).strip() for cell in header):
        raise FileUnreadable(_("The file has no header row."))
    return Table([str(cell).strip() for cell in header], rows)
