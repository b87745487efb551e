"""The export's files, written column by column: the CSV byte for byte what the csv module
writes of the same rows (quotes, line breaks, NUL, a record of one empty cell), the
workbook's sheet what the rows' writer writes, and each text column neutralised as each of
its cells would be."""

import datetime
import decimal
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.clients.bulk.test_copied_csv import HOSTILE as COPIED_HOSTILE

from mteja.clients.bulk import sheets, workbook

TRICKY = st.sampled_from(list("a ,\"\r\n\0'=+-@\t\uff1d\u2028é;&<>_x04\u00a6\ufffe"))
TEXTS = st.none() | st.text(TRICKY, max_size=8)
VALUES = {
    "text": TEXTS,
    "number": st.none() | st.sampled_from([0, 7, -5, decimal.Decimal("0.00")]),
    "yes/no": st.none() | st.booleans(),
    "date": st.none() | st.sampled_from([datetime.date(2020, 1, 2), "2021-03-04"]),
}


# A workbook's dates: date objects, or the ISO 8601 text SQLite stores (the export reads it
# so: decision 273), either side of the first date Excel counts right (1900-03-01).
WORKBOOK_VALUES = {
    **VALUES,
    "date": st.none() | st.sampled_from([
        datetime.date(2020, 1, 2), "2020-01-02", datetime.date(1900, 2, 28), "1900-02-28",
        datetime.date(1900, 3, 1), "1900-03-01", datetime.date(1, 1, 1), "9999-12-31",
    ]),
}  # fmt: skip


@st.composite
def chunked_columns(draw, values=VALUES):
    kinds = draw(st.lists(st.sampled_from(list(values)), min_size=1, max_size=4))
    sizes = draw(st.lists(st.integers(1, 4), max_size=3))
    chunks = [
        [draw(st.lists(values[kind], min_size=n, max_size=n)) for kind in kinds] for n in sizes
    ]
    return kinds, chunks


@given(chunked_columns())
def test_the_columns_csv_is_the_csv_modules_of_the_same_rows(drawn):
    kinds, chunks = drawn
    header = [f"h,{index}" for index in range(len(kinds))]
    rows = [row for columns in chunks for row in zip(*columns, strict=True)]
    by_columns = b"".join(sheets.csv_column_chunks(header, chunks, kinds))
    assert by_columns == b"".join(sheets.csv_chunks(header, rows))


@given(st.lists(TEXTS, max_size=8))
def test_a_column_is_neutralised_as_each_of_its_cells(texts):
    assert sheets.neutralise_column(texts) == [
        None if text is None else sheets.neutralise(text) for text in texts
    ]


@given(chunked_columns(WORKBOOK_VALUES))
def test_the_columns_workbook_holds_the_sheet_of_the_same_rows(drawn):
    kinds, chunks = drawn
    header = [f"h{index}" for index in range(len(kinds))]
    rows = [row for columns in chunks for row in zip(*columns, strict=True)]
    by_columns = b"".join(workbook.workbook_column_chunks(header, chunks, kinds))
    by_rows = b"".join(workbook.workbook_chunks(header, rows, kinds))
    assert sheet_of(by_columns) == sheet_of(by_rows)


def sheet_of(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read(workbook.SHEET_PATH)


def test_a_workbooks_date_is_the_same_cell_given_as_a_date_or_as_its_iso_text():
    """Excel's day number in the date style from 1900-03-01 on, the ISO text before it (Excel
    counts a 29 February 1900), NULL an empty cell, whether the export read a date object
    (PostgreSQL) or the text SQLite stores."""
    days = [datetime.date(2020, 1, 2), datetime.date(1900, 3, 1), datetime.date(1900, 2, 28)]
    cells = (
        '<c r="A2" s="2"><v>43832</v></c>',
        '<c r="A3" s="2"><v>61</v></c>',
        '<c r="A4" t="inlineStr"><is><t>1900-02-28</t></is></c>',
        '<row r="5"></row>',
    )
    for read in ([*days, None], [*(day.isoformat() for day in days), None]):
        sheet = sheet_of(b"".join(workbook.workbook_column_chunks(["d"], [[read]], ["date"])))
        assert all(cell.encode() in sheet for cell in cells), sheet


# Beside the PostgreSQL comparison's hostile text (formulas, after apostrophes or spaces;
# text the CSV quotes), each text an import would take for a cell a spreadsheet spoilt, text
# that resembles one but is not, NUL (the raw columns' separator), and None.
HOSTILE = [
    *COPIED_HOSTILE, "\uff20x", "#N/A", "#n/a", "#¡REF!", "#¿NOMBRE?", "4.5E+11", "4,5e+12",
    "9E+99", " 4.5E+11", "'#N/A", "#N/A ", "a#N/A", "4.5E+11x", "4.5E+10", "#N/A,", " ", "''",
    "1234567", None, "\0=x", "a\0=b", "=\0", "#N/A\0", "712345678.0", "7,0", "0.0", "12.00",
    "NA", "'NA", " NA", "NA ", "NAB", "Na", "NA\0", "''NA",
]  # fmt: skip
SPOILT_LIKE = st.text(st.sampled_from(list("#NnAa/!?¡1.,4Ee+9 '=\0x\r\"0")), max_size=7)


def written_raw(columns: list[list]) -> bytes:
    """The file of these text columns as the export writes its raw texts, a chunk."""
    header = [f"h{index}" for index in range(len(columns))]
    return b"".join(sheets.csv_column_chunks(header, [columns], [sheets.RAW_TEXT] * len(columns)))


def written_cell_by_cell(columns: list[list]) -> bytes:
    """The same file, each cell neutralised by itself and written by the csv module."""
    header = [f"h{index}" for index in range(len(columns))]
    shown = [[sheets.neutralise(text, exported=True) if text else text for text in column]
             for column in columns]  # fmt: skip
    return b"".join(sheets.csv_chunks(header, list(zip(*shown, strict=True))))


@pytest.mark.parametrize("without_nul", [False, True])
def test_a_raw_text_column_is_written_as_each_cell_neutralised_then_written(without_nul):
    texts = [text for text in HOSTILE if not (without_nul and text and "\0" in text)]
    assert written_raw([texts, texts[::-1]]) == written_cell_by_cell([texts, texts[::-1]])
    for text in texts:  # alone in its column, and in a file of one column
        assert written_raw([[text], ["x"]]) == written_cell_by_cell([[text], ["x"]])
        assert written_raw([[text]]) == written_cell_by_cell([[text]])


@given(
    st.lists(
        st.lists(st.none() | SPOILT_LIKE | TEXTS, min_size=3, max_size=3), min_size=1, max_size=6
    )
)
def test_any_raw_text_is_written_as_each_cell_neutralised_then_written(rows):
    columns = [list(column) for column in zip(*rows, strict=True)]
    assert written_raw(columns) == written_cell_by_cell(columns)
