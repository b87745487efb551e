"""Whole client files drawn by Hypothesis: CSV in any encoding, delimiter and quoting, with
ragged rows, huge cells, NUL bytes, formula cells, odd headers and garbage bytes; XLSX
written by openpyxl with cells of every type, merged cells and several sheets. Realistic
rows (benchmarks/import_bench.py's, as an institution migrates them) are mixed with
hostile ones."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io

from hypothesis import strategies as st

# The columns a realistic row fills (benchmarks/import_bench.py's file), a client's
# identity document and address among them.
IDENTIFIER_COLUMNS = ("documentType", "documentKey")
ADDRESS_COLUMNS = ("addressType", "address.street", "address.city")

HOSTILE_TEXTS = (
    "",
    " ",
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+254712345678",
    "-1",
    "\x00",
    "Asha\x00Njeri",
    "\u200bKibera",
    "\u202eKibera",
    "\ufeffAsha",
    'quote " inside',
    '"',
    "a,b;c\td|e",
    "line\nbreak",
    "cr\ronly",
    "\r\n",
    "0000-00-00",
    "2026-02-30",
    "31/12/1990",
    "NaN",
    "inf",
    "1e308",
    "#N/A",
    "TRUE",
    "Kibera",
    "Female",
    "National ID",
    "Residential",
    "ÀÉÎÕÜ ñ ç",
    "日本語",
    "😀",
)

# A cell of a row: a hostile text, a huge one, or any text Hypothesis thinks of.
hostile_cells = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.builds(
        lambda text, times: text * times,
        st.sampled_from('xé=\x00 ,"'),
        st.sampled_from((300, 5_000, 70_000)),
    ),
    st.text(max_size=20),
)


def header_variant(name: str, how: str) -> str:
    """A column's name as a person might have typed it."""
    return {
        "as is": name,
        "upper": name.upper(),
        "lower": name.lower(),
        "spaced": f"  {name} ",
        "nbsp": f"\u00a0{name}",
        "bom": f"\ufeff{name}",
    }[how]


@st.composite
def client_tables(draw, realistic: list[list[str]], header: list[str]):
    """A header and rows: the realistic header (its names typed otherwise, one repeated,
    left out or added), realistic rows some of whose cells are hostile, hostile rows, rows
    too short or too long, blank rows."""
    names = list(header)
    if draw(st.booleans()):
        dropped = draw(st.sets(st.integers(0, len(names) - 1), max_size=3))
        keep = [index for index in range(len(names)) if index not in dropped]
    else:
        keep = list(range(len(names)))
    shown = [
        header_variant(names[index], draw(st.sampled_from(
            ("as is", "as is", "as is", "upper", "lower", "spaced", "nbsp", "bom")
        )))
        for index in keep
    ]  # fmt: skip
    extra = {3: "duplicated", 5: "unknown", 7: "blank"}.get(draw(st.integers(0, 19)), "")
    if extra == "duplicated":
        shown.append(shown[0])
        keep.append(keep[0])
    elif extra == "unknown":
        shown.append("favouriteColour")
        keep.append(None)
    elif extra == "blank":
        shown.append("")
        keep.append(None)
    rows = []
    # The keys of this file's realistic rows, not those of a file imported before it.
    fresh = draw(st.integers(1, 10**7))
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(("realistic", "realistic", "spoilt", "hostile", "blank")))
        source = _renewed(draw(st.sampled_from(realistic)), names, fresh)
        cells = [source[index] if index is not None else "" for index in keep]
        if kind == "spoilt":
            for index in draw(st.sets(st.integers(0, len(cells) - 1), max_size=3)):
                cells[index] = draw(hostile_cells)
        elif kind == "hostile":
            cells = draw(st.lists(hostile_cells, max_size=len(cells) + 2))
        elif kind == "blank":
            cells = [""] * draw(st.integers(0, len(cells)))
        ragged = draw(st.sampled_from(("", "", "", "", "short", "long")))
        if ragged == "short" and cells:
            cells = cells[: draw(st.integers(0, len(cells) - 1))]
        elif ragged == "long":
            cells += draw(st.lists(hostile_cells, min_size=1, max_size=3))
        rows.append(cells)
    return shown, rows


# Choices made now and then: Hypothesis draws a bound (0) far more often than 1 in 20.
rarely = st.integers(0, 19).map(lambda number: number == 7)


def _renewed(row: list[str], names: list[str], fresh: int) -> list[str]:
    """The row with its external id and document number made new by `fresh` (a document
    number stays within its type's 20 letters and digits)."""
    renewed = list(row)
    for name, spelt in (("externalId", "{}-{}"), ("documentKey", "{}{}")):
        index = names.index(name)
        if renewed[index]:
            renewed[index] = spelt.format(renewed[index], fresh)
    return renewed


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252")


@st.composite
def csv_files(draw, realistic: list[list[str]], header: list[str]) -> tuple[bytes, int | None]:
    """A client table written as a CSV file by some program, perhaps spoilt by garbage."""
    shown, rows = draw(client_tables(realistic, header))
    delimiter = draw(st.sampled_from((",", ",", ";", "\t", "|")))
    quoting = draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE)))
    line_end = draw(st.sampled_from(("\r\n", "\n", "\r")))
    text = io.StringIO()
    if quoting == csv.QUOTE_NONE:  # as a program that never quotes writes it
        for cells in [shown, *rows]:
            text.write(delimiter.join(cells) + line_end)
    else:
        writer = csv.writer(text, delimiter=delimiter, quoting=quoting, lineterminator=line_end)
        writer.writerows([shown, *rows])
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.getvalue().encode(encoding, errors="replace")
    # A line break in a cell not quoted (never quoted, or quoted by the csv module only
    # when it is the file's own) makes more lines of it, for any reader.
    broken = any("\r" in cell or "\n" in cell for cells in rows for cell in cells)
    intact = quoting == csv.QUOTE_ALL or (quoting == csv.QUOTE_MINIMAL and not broken)
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 3)))):  # garbage bytes somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        intact = False
    if draw(rarely):  # nothing a spreadsheet wrote
        data, intact = draw(st.binary(min_size=1, max_size=64)), False
    return data, data_rows(rows) if intact else None


def data_rows(rows: list[list[str]]) -> int:
    """The rows holding a value: those a result file gives a status."""
    return sum(1 for cells in rows if any(cell.strip() for cell in cells))


class SheetError(str):
    """An error value a formula left in its cell."""


# Cells a spreadsheet holds besides text: booleans, errors, dates, times, numbers standing
# for phones and ids.
sheet_values = st.one_of(
    st.booleans(),
    st.sampled_from(("#N/A", "#DIV/0!", "#VALUE!", "#REF!")).map(SheetError),
    st.dates(datetime.date(1900, 3, 1), datetime.date(2100, 1, 1)),
    st.datetimes(datetime.datetime(1900, 3, 1), datetime.datetime(2100, 1, 1)),
    st.times(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from((254712345678.0, 712345678, 1e20, 0.5, -0.0, 1234567890123456789)),
)


@st.composite
def xlsx_files(draw, realistic: list[list[str]], header: list[str]) -> tuple[bytes, None]:
    """A client table in a workbook (XlsxWriter's: openpyxl is not installed): some cells
    of other types, some merged, other sheets (empty, or holding anything) before or after
    it."""
    import xlsxwriter

    shown, rows = draw(client_tables(realistic, header))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for number in range(draw(rarely)):
        _other_sheet(draw, book.add_worksheet(f"Notes {number}"))
    sheet = book.add_worksheet("Clients")
    formats = {
        datetime.datetime: book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        datetime.date: book.add_format({"num_format": "dd/mm/yyyy"}),
        datetime.time: book.add_format({"num_format": "hh:mm:ss"}),
    }
    for top, cells in enumerate([shown, *rows]):
        for left, text in enumerate(cells):
            value = draw(sheet_values) if top and draw(rarely) else text
            _write(sheet, top, left, value, formats)
    for _ in range(draw(st.integers(0, 2))):
        top = draw(st.integers(0, len(rows) + 1))
        left = draw(st.integers(0, max(0, len(shown) - 1)))
        bottom, right = top + draw(st.integers(0, 2)), left + draw(st.integers(1, 2))
        with contextlib.suppress(xlsxwriter.exceptions.OverlappingRange):
            sheet.merge_range(top, left, bottom, right, draw(st.sampled_from(HOSTILE_TEXTS)))
    for number in range(draw(st.integers(0, 2))):
        _other_sheet(draw, book.add_worksheet(f"Other {number}"))
    book.close()
    return buffer.getvalue(), None


def _write(sheet, row: int, column: int, value, formats: dict) -> None:
    if isinstance(value, SheetError):
        sheet.write_formula(row, column, "=NA()", None, str(value))
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, datetime.date | datetime.time):
        sheet.write_datetime(row, column, value, formats[type(value)])
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif value:
        sheet.write_string(row, column, value[:32_767])  # a cell's most (Excel's limit)


def _other_sheet(draw, sheet) -> None:
    for row in range(draw(st.integers(0, 3))):
        for column, text in enumerate(draw(st.lists(hostile_cells, max_size=4))):
            _write(sheet, row, column, text, {})
