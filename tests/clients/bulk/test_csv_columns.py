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


@st.composite
def chunked_columns(draw):
    kinds = draw(st.lists(st.sampled_from(list(VALUES)), min_size=1, max_size=4))
    sizes = draw(st.lists(st.integers(1, 4), max_size=3))
    chunks = [
        [draw(st.lists(VALUES[kind], min_size=n, max_size=n)) for kind in kinds] for n in sizes
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


@given(chunked_columns())
def test_the_columns_workbook_holds_the_sheet_of_the_same_rows(drawn):
    kinds, chunks = drawn
    kinds = ["text" if kind == "date" else kind for kind in kinds]  # a workbook's are dates
    header = [f"h{index}" for index in range(len(kinds))]
    rows = [row for columns in chunks for row in zip(*columns, strict=True)]
    by_columns = b"".join(workbook.workbook_column_chunks(header, chunks, kinds))
    by_rows = b"".join(workbook.workbook_chunks(header, rows, kinds))
    assert sheet_of(by_columns) == sheet_of(by_rows)


def sheet_of(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read(workbook.SHEET_PATH)


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
