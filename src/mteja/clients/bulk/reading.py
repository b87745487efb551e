"""Reading a client file: CSV (UTF-8, with or without a BOM; comma, semicolon or tab found
from the header line: bulk/csv_text.py), Excel .xlsx (its first sheet, read with
python-calamine, or row by row when it is too large to hold), Excel 97-2003 .xls, Excel
binary .xlsb or OpenDocument .ods (calamine, once the cells it would hold are counted:
clients/bulk/xls_range.py, xlsb_range.py, ods_range.py), as a header and rows of cells:
the header is the first row holding a cell, the lines keep their numbers; cells keep text,
numbers, dates, booleans."""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineError, CalamineWorkbook

from mteja.clients.bulk import (
    counted,
    error_cells,
    merged,
    ods_range,
    xls_range,
    xlsb_range,
)
from mteja.clients.bulk.archives import refuse_plain_zip
from mteja.clients.bulk.csv_text import csv_rows, within_header
from mteja.clients.bulk.header_row import Table, table_of
from mteja.clients.bulk.overlong_cells import MOST_CELL_CHARACTERS, within_a_cell
from mteja.clients.bulk.sheet_markup import open_zip
from mteja.clients.bulk.sheet_stream import (
    UNREADABLE,
    SheetUnreadable,
    sheet_rows,
)
from mteja.clients.bulk.unreadable import PASSWORD_PROTECTED, FileUnreadable
from mteja.clients.bulk.which_sheet import first_worksheet
from mteja.clients.bulk.xlsx_range import workbook_load

XLSX_MAGIC = b"PK\x03\x04"  # a zip: an .xlsx (the content decides, not the name)
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 file: Excel 97-2003's .xls
BAD_WORKBOOK = gettext_lazy("The Excel workbook cannot be read.")
# The largest workbook (its parts, inflated) calamine reads, whole, in memory: about 250 MB
# then; a larger one is read row by row instead (clients/bulk/sheet_stream.py).
CALAMINE_MOST_SHEET_BYTES = 100 * 2**20
# calamine holds a sheet's whole used range, cell by cell (32 bytes each), however few of
# them hold a value: one cell at XFD1048576 asks for 549 GB. A wider or taller sheet is read
# row by row instead.
CALAMINE_MOST_CELLS = 5_000_000
# An .xls or .ods is read by calamine whole, every sheet at once: about 170 bytes a cell of
# text. (An .xls sheet holds at most 65,536 rows: 30 columns of them fit.)
CALAMINE_MOST_WHOLE_CELLS = 2_000_000
# ... and it copies a shared string (an .xls's) or a repeated cell (an .ods's) into each cell:
# at most this many characters of text in all (65,000 rows of 30 texts of 25 letters).
CALAMINE_MOST_WHOLE_TEXT = 50_000_000


def file_kind(stream: IO[bytes]) -> str:
    """What the file is read as, "xlsx", "xlsb", "ods", "xls" or "csv" (its content
    decides, not its name); the stream is left at its start."""
    try:
        start = stream.read(len(XLS_MAGIC))
        if start.startswith(XLS_MAGIC):
            return "xls"
        if not start.startswith(XLSX_MAGIC):
            return "csv"
        try:
            names = open_zip(stream).namelist()
            return "ods" if _is_ods(names) else "xlsb" if xlsb_range.is_xlsb(names) else "xlsx"
        except UNREADABLE:
            return "xlsx"  # (refused as no readable workbook)
    finally:
        stream.seek(0)


def _is_ods(names: list[str]) -> bool:
    """Whether a zip of these parts is read as an .ods: it has an OpenDocument part and no
    .xlsx (or .xlsb) part. calamine tries a zip as .xlsx, then .xlsb, then .ods: each path
    counts the cells of its own kind only, so a zip holding parts of two kinds is refused
    (`_refuse_other_spreadsheets`, `_read_ods`, `_read_xlsb`), whichever it is taken for."""
    return _has_ods_parts(names) and not any(name.startswith("xl/") for name in names)


def _has_ods_parts(names: list[str]) -> bool:
    return "content.xml" in names or "mimetype" in names


def read_table(stream: IO[bytes]) -> Table:
    """The file's header and an iterator of its rows (read as they are asked for: a CSV
    file is never held whole in memory)."""
    readers = {
        "xlsx": _read_xlsx,
        "xlsb": _read_xlsb,
        "ods": _read_ods,
        "xls": _read_xls,
        "csv": _read_csv,
    }
    return readers[file_kind(stream)](stream)


def _read_csv(stream: IO[bytes]) -> Table:
    table = table_of(csv_rows(stream), sheet=False)
    table.rows = within_header(table.rows, len(table.header))
    return table


def read_header(stream: IO[bytes]) -> list[str]:
    """The file's header alone, for a check of its columns."""
    return read_head(stream).header


def read_head(stream: IO[bytes]) -> Table:
    """The file's table, its rows left unread: a workbook's read row by row (calamine would
    first load the whole sheet: two seconds for 60,000 rows)."""
    if file_kind(stream) != "xlsx":
        return read_table(stream)
    try:
        archive = open_zip(stream)
    except UNREADABLE as exc:
        raise FileUnreadable(BAD_WORKBOOK) from exc
    _refuse_other_spreadsheets(archive)
    return table_of(_streamed_rows(archive))


def read_through(stream: IO[bytes], *, workbook_too: bool) -> None:
    """Reads a CSV file (and a workbook, `workbook_too`) to its end: FileUnreadable when a
    line is not UTF-8 text or is no CSV, or a cell cannot be read; an import reads a file
    through before it writes, so that such a file is refused whole. A workbook's cells are
    converted as its rows are read, a second time: worth it for a file held in memory (an
    upload answered at once) or an .xls or .ods (held whole anyway), not for a job's .xlsx
    of a million rows (the job's outcomes then say what was written before the unreadable
    row)."""
    if file_kind(stream) != "xlsx" or workbook_too:
        for _row in read_table(stream).rows:  # (the stream is closed with the rows' end)
            pass


def _read_xlsx(stream: IO[bytes]) -> Table:
    if not _fits_calamine(stream):
        return _read_xlsx_streamed(stream)
    return _read_with_calamine(stream)


def _read_xls(stream: IO[bytes]) -> Table:
    """An Excel 97-2003 workbook, read by calamine once the cells it would hold are
    counted."""
    try:
        ranges = counted.xls_ranges(stream)
    except xls_range.PasswordProtected as exc:  # (an .xlsx saved so is a compound file too)
        raise FileUnreadable(PASSWORD_PROTECTED) from exc
    except xls_range.XlsUnreadable as exc:
        raise FileUnreadable(BAD_WORKBOOK) from exc
    finally:
        stream.seek(0)
    too_many_cells = _(
        "This Excel 97-2003 workbook (.xls) spans %(cells)s cells, more than the %(most)s "
        "read: save it as an Excel Workbook (.xlsx) or as CSV UTF-8, and import that."
    )
    _refuse_if_too_large(ranges, too_many_cells)
    return _read_with_calamine(stream, error_cells.in_xls(stream, ranges))


def _read_ods(stream: IO[bytes]) -> Table:
    """An OpenDocument spreadsheet, read by calamine once the cells it would hold are
    counted."""
    try:
        archive = open_zip(stream)
        if not _is_ods(archive.namelist()):
            raise FileUnreadable(BAD_WORKBOOK)
        if ods_range.password_protected(archive):
            raise FileUnreadable(PASSWORD_PROTECTED)
        ranges = counted.ods_ranges(stream, CALAMINE_MOST_SHEET_BYTES)
    except FileUnreadable:  # (a ValueError, as a broken part's errors are)
        raise
    except (ods_range.OdsUnreadable, *UNREADABLE) as exc:
        raise FileUnreadable(BAD_WORKBOOK) from exc
    finally:
        stream.seek(0)
    too_many_cells = _(
        "This OpenDocument spreadsheet (.ods) spans %(cells)s cells, more than the "
        "%(most)s read: save it as an Excel Workbook (.xlsx) or as CSV UTF-8, and import "
        "that."
    )
    _refuse_if_too_large(ranges, too_many_cells)
    return _read_with_calamine(stream, error_cells.in_ods(stream, ranges))


def _read_xlsb(stream: IO[bytes]) -> Table:
    """An Excel binary workbook, read by calamine (a sheet at a time) once the cells it would
    hold are counted, each sheet's alone."""
    try:
        archive = open_zip(stream)
        if _has_ods_parts(archive.namelist()):
            raise FileUnreadable(BAD_WORKBOOK)
        ranges = counted.xlsb_ranges(stream, CALAMINE_MOST_SHEET_BYTES)
    except FileUnreadable:
        raise
    except (xlsb_range.XlsbUnreadable, *UNREADABLE) as exc:
        raise FileUnreadable(BAD_WORKBOOK) from exc
    finally:
        stream.seek(0)
    too_many_cells = _(
        "A sheet of this Excel binary workbook (.xlsb) spans %(cells)s cells, more than the "
        "%(most)s read: save it as an Excel Workbook (.xlsx) or as CSV UTF-8, and import that."
    )
    for sheet in ranges:  # calamine holds one sheet at a time
        _refuse_if_too_large([sheet], too_many_cells, CALAMINE_MOST_CELLS)
    return _read_with_calamine(stream, error_cells.in_xlsb(stream, ranges))


def _refuse_if_too_large(
    ranges: list, too_many_cells: str, most_cells: int = CALAMINE_MOST_WHOLE_CELLS
) -> None:
    """FileUnreadable when calamine would hold more than `most_cells` cells or
    CALAMINE_MOST_WHOLE_TEXT characters of text (`ranges`: the sheets it holds at once)."""
    cells = sum(sheet.cells for sheet in ranges)
    if cells > most_cells:
        raise FileUnreadable(too_many_cells % {"cells": f"{cells:,}", "most": f"{most_cells:,}"})
    text = sum(sheet.text for sheet in ranges)
    if text > CALAMINE_MOST_WHOLE_TEXT:
        message = _(
            "The workbook's cells would hold %(text)s characters of text (its repeated texts "
            "written out), more than the %(most)s read: save it as CSV UTF-8, and import that."
        )
        raise FileUnreadable(
            message % {"text": f"{text:,}", "most": f"{CALAMINE_MOST_WHOLE_TEXT:,}"}
        )


def _read_with_calamine(stream: IO[bytes], errors_of: error_cells.ErrorsOf | None = None) -> Table:
    """The first worksheet's table, each text cut to what a spreadsheet's cell holds
    (`_within_cells`), whatever the workbook's kind."""
    with calamine_errors():
        book = CalamineWorkbook.from_filelike(stream)
        sheet = book.get_sheet_by_index(index := first_worksheet(book.sheets_metadata))
        rows = sheet.iter_rows()
        # calamine's rows begin at the used range's first column; a file's columns are
        # counted from A, as the header alone is read (`read_header`).
        first_column = sheet.start[1] if sheet.start else 0
        merges = merged.calamine_merges(sheet.merged_cell_ranges)
    rows = _calamine_rows(rows, first_column)
    rows = error_cells.marked(_within_cells(rows), errors_of, index)
    return merged.filled(table_of(rows), merges)


def _calamine_rows(rows: Iterator[list], first_column: int) -> Iterator[list]:
    """calamine's rows, from column A."""
    with calamine_errors():
        if first_column:
            padding = [""] * first_column
            for row in rows:
                yield padding + row
        else:
            yield from rows


def _within_cells(rows: Iterator[list]) -> Iterator[list]:
    """Each text longer than a spreadsheet's cell holds as the streamed reader reads it: its
    first characters, an OverlongCell (overlong_cells.py). calamine hands a cell's own text
    (an .xlsx's inline string or formula's, an .ods's or .xlsb's text, an .xls's) whole; an
    .xlsx's shared strings' longest is measured before (`_fits_calamine`), as calamine would
    copy it into each cell; an .ods's, .xlsb's or .xls's texts are counted before, all of
    them (`_refuse_if_too_large`), which bounds what calamine holds."""
    most = MOST_CELL_CHARACTERS
    for row in rows:
        for index, cell in enumerate(row):
            if cell.__class__ is str and len(cell) > most:
                row[index] = within_a_cell(cell)
        yield row


@contextlib.contextmanager
def calamine_errors() -> Iterator[None]:
    """What calamine raises on a file it cannot read, as FileUnreadable; a value its Rust
    code cannot convert (a date cell holding -inf) panics, raised as pyo3's PanicException,
    which is no Exception."""
    try:
        yield
    except (CalamineError, ValueError, IndexError) as exc:
        raise FileUnreadable(BAD_WORKBOOK) from exc
    except BaseException as exc:
        if not _is_panic(exc):
            raise
        raise FileUnreadable(BAD_WORKBOOK) from exc


def _is_panic(exc: BaseException) -> bool:
    """Whether `exc` is a panic of calamine's Rust code (pyo3 makes its type at run time:
    it cannot be imported)."""
    return type(exc).__name__ == "PanicException"


def _fits_calamine(stream: IO[bytes]) -> bool:
    """Whether calamine may read the workbook: its parts, once inflated, add up to at most
    CALAMINE_MOST_SHEET_BYTES (calamine holds about two and a half times that), its sheets'
    used ranges to at most CALAMINE_MOST_CELLS cells, every cell has a reference (without a
    `$`, which calamine refuses), no formula is without its value and no cell is an error
    (calamine reads either as blank), no value is below 0 (a date before 1900 in a date cell,
    which calamine reads as a time of day), no value is spelt "nan" (in a date cell, calamine
    reads day zero), every part is UTF-8 (calamine decodes no other), every shared string's
    cell names its string by a plain index (calamine reads the first string for one it
    cannot parse), the rows come in the order of their numbers (calamine would reorder them,
    the streamed reader refuses them), every cell's reference names its own row (calamine
    places a cell by its reference, the streamed reader refuses one naming another row), no
    value holds a character reference, a CDATA section or a comment (calamine reads its text
    up to the first of them), and the texts calamine would copy into cells from the shared
    strings come to at most CALAMINE_MOST_SHEET_BYTES, none longer than a spreadsheet's cell
    (clients/bulk/xlsx_range.py). The sizes come from the zip's directory, which a forged
    file may understate (a zip bomb), so the parts are inflated once here, by Python's
    zipfile, and read as they are inflated."""
    try:
        archive = open_zip(stream)
        _refuse_other_spreadsheets(archive)
        if sum(part.file_size for part in archive.infolist()) > CALAMINE_MOST_SHEET_BYTES:
            return False
        load = workbook_load(archive)
    except FileUnreadable:
        raise
    except (*UNREADABLE, EOFError) as exc:
        raise FileUnreadable(BAD_WORKBOOK) from exc
    finally:
        stream.seek(0)
    return (
        load.cells <= CALAMINE_MOST_CELLS
        and not load.unreferenced
        and not load.absolute_reference
        and not load.formula_without_value
        and not load.error_cell
        and not load.negative_value
        and not load.not_a_number
        and not load.other_encoding
        and not load.odd_string_index
        and not load.rows_out_of_order
        and not load.cell_off_its_row
        and not load.marked_up_value
        and load.string_bytes <= CALAMINE_MOST_SHEET_BYTES
        # A shared string perhaps longer than a spreadsheet's cell (its bytes, at least its
        # characters): calamine hands it whole, the streamed reader cuts it (overlong_cells).
        and load.longest_string_item <= MOST_CELL_CHARACTERS
    )


# How an Office Open XML file's parts may be compressed (Open Packaging Conventions): stored
# or deflated. calamine reads no other; Python's zipfile also reads bzip2 and LZMA, so the
# streamed reader read such a workbook's header at its upload, and calamine refused it in
# its job.
OFFICE_COMPRESSIONS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


def _refuse_other_spreadsheets(archive: zipfile.ZipFile) -> None:
    """FileUnreadable for a zip that is no .xlsx (an .ods is read by `_read_ods`), or holds
    an OpenDocument part besides (calamine, failing to read it as .xlsx, would read it as an
    .ods, uncounted), or a part compressed as no Office file is; an .xlsb is read by
    `_read_xlsb`."""
    names = archive.namelist()
    if "xl/workbook.xml" not in names or _has_ods_parts(names):
        refuse_plain_zip(archive)
        raise FileUnreadable(BAD_WORKBOOK)
    if any(part.compress_type not in OFFICE_COMPRESSIONS for part in archive.infolist()):
        raise FileUnreadable(BAD_WORKBOOK)


def _read_xlsx_streamed(stream: IO[bytes]) -> Table:
    """A workbook too large for calamine, read row by row (clients/bulk/sheet_stream.py)."""
    archive = open_zip(stream)
    try:
        merges = merged.xlsx_merges(archive)
    except (*UNREADABLE, EOFError) as exc:  # (a SheetUnreadable too)
        raise FileUnreadable(BAD_WORKBOOK) from exc
    return merged.filled(table_of(_streamed_rows(archive)), merges)


def _streamed_rows(archive: zipfile.ZipFile) -> Iterator[list]:
    try:
        yield from sheet_rows(archive)
    except SheetUnreadable as exc:
        raise FileUnreadable(BAD_WORKBOOK) from exc
