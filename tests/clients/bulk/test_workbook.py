"""The streamed workbook: what Excel's readers read back from it (python-calamine, the
importer's reader), text escaped for XML and never run as a formula, dates as dates, the
first bytes out before the rows are read."""

import datetime
import decimal
import io
import itertools
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from mteja.clients.bulk import sheets, workbook

KINDS = ["text", "number", "date", "yes/no"]


def read_back(data: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


def written(header, rows, kinds=KINDS) -> bytes:
    return b"".join(workbook.workbook_chunks(header, rows, kinds))


def test_text_holding_xml_specials_and_spaces_reads_back_as_written():
    texts = ["a & b", "<b>bold</b>", "x > y", " leading", "trailing ", "two\nlines",
             "with\r\nreturn", "tab\tinside", "_x0041_ is not A", "Ñoño 🎉"]  # fmt: skip
    header, *rows = read_back(written(["text"], [[text] for text in texts], ["text"]))
    assert header == ["text"]
    assert [row[0] for row in rows] == texts


def test_a_text_longer_than_an_excel_cell_holds_is_cut_and_marked():
    """Excel holds 32,767 UTF-16 units in a cell and calls a longer one a damaged file (a
    custom long-text field holds 65,535 characters)."""
    fits, long, wide = "a" * 32_767, "b" * 40_000, "é" * 20_000 + "😀" * 10_000
    _header, *got = read_back(written(["note"], [[fits], [long], [wide]], ["text"]))
    cells = [row[0] for row in got]
    assert cells[0] == fits
    assert cells[1] == "b" * 32_766 + "…"
    assert cells[2].startswith("é" * 20_000) and cells[2].endswith("😀…")
    assert len(cells[2].encode("utf-16-le")) // 2 <= 32_767


def test_characters_xml_cannot_hold_are_removed():
    rows = [["bell\x07 null\x00 escape\x1b vt\x0b ff\x0c end"], ["lone \ud800 surrogate"]]
    _header, *got = read_back(written(["text"], rows, ["text"]))
    assert [row[0] for row in got] == ["bell null escape vt ff end", "lone  surrogate"]


def test_a_formula_behind_a_character_xml_cannot_hold_is_neutralised_once_it_is_gone():
    """A custom text field may hold a control character (the API keeps it): removed from
    the workbook, what it hid must not read back as a formula; what was neutralised already
    keeps one apostrophe."""
    typed = ["\x01=1+1", "\x02\x03@SUM(A1)", "=x\x01", "'\x01=1", "a\x01b"]
    rows = [[sheets.neutralise(value)] for value in typed]
    _header, *got = read_back(written(["text"], rows, ["text"]))
    assert [row[0] for row in got] == ["'=1+1", "'@SUM(A1)", "'=x", "''=1", "ab"]
    assert [sheets.restore_cell(row[0]) for row in got] == ["=1+1", "@SUM(A1)", "=x", "'=1", "ab"]


def test_a_neutralised_formula_stays_text_with_its_apostrophe():
    hostile = ['=HYPERLINK("http://evil")', "+254 7x", "-1-A1", "@SUM(A1)", "\tx", "'+254"]
    rows = [[sheets.neutralise(value)] for value in hostile]
    data = written(["=externalId"], rows, ["text"])  # a header from a user's file too
    header, *got = read_back(data)
    assert header == ["'=externalId"]
    assert [row[0] for row in got] == ["'" + value for value in hostile]
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(workbook.SHEET_PATH).decode()
    assert "<f>" not in sheet  # no formula cell at all


@pytest.mark.parametrize("columns", [False, True], ids=["rows", "columns"])
def test_a_number_as_text_is_written_as_it_is_in_the_quote_prefix_style(columns):
    """A mobile number +254… (a sign, digits, spaces) is no formula in a text cell: Excel
    shows it without an apostrophe, and its quote-prefix style keeps it text when edited.
    Read back, it is what was typed; the CSV keeps the apostrophe (a spreadsheet opening
    it would take the number)."""
    typed = ["+254700000001", "-1", "+254 700 000 001", "plain"]
    rows = [[sheets.neutralise(value)] for value in typed]
    if columns:
        data = b"".join(workbook.workbook_column_chunks(["mobileNo"], [[[r[0] for r in rows]]],
                                                        ["text"]))  # fmt: skip
    else:
        data = written(["mobileNo"], rows, ["text"])
    _header, *got = read_back(data)
    assert [row[0] for row in got] == typed
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(workbook.SHEET_PATH).decode()
    assert sheet.count('s="3" t="inlineStr"') == 3
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()
    assert 'quotePrefix="1"' in styles
    assert [sheets.restore_cell(row[0]) for row in got] == typed


def test_numbers_dates_and_yes_no_are_typed_cells():
    rows = [
        ["Asha", 7, datetime.date(1990, 5, 17), True],
        ["Baraka", decimal.Decimal("1234.50"), datetime.date(1900, 3, 1), False],
        ["Chao", None, datetime.date(1899, 12, 31), None],  # Excel shows no date before 1900
        [None, None, None, None],
    ]
    header, *got = read_back(written(["name", "n", "day", "staff"], rows))
    assert header == ["name", "n", "day", "staff"]
    assert got[0] == ["Asha", 7.0, datetime.date(1990, 5, 17), True]
    assert got[1] == ["Baraka", 1234.5, datetime.date(1900, 3, 1), False]
    assert got[2] == ["Chao", "", "1899-12-31", ""]
    assert len(got) == 3 or got[3] == ["", "", "", ""]  # an empty row holds no cell


def test_the_header_is_bold_and_frozen_and_the_parts_are_a_workbook():
    book = zipfile.ZipFile(io.BytesIO(written(["a"], [["x"]], ["text"])))
    assert set(book.namelist()) == {
        "[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml",
        "xl/styles.xml", workbook.SHEET_PATH,
    }  # fmt: skip
    assert book.testzip() is None  # every entry's checksum holds
    sheet = book.read(workbook.SHEET_PATH).decode()
    assert '<c r="A1" s="1" t="inlineStr">' in sheet and 'state="frozen"' in sheet
    assert "<b/>" in book.read("xl/styles.xml").decode()


def test_columns_past_z_are_named_as_excel_names_them():
    assert workbook.column_letters(30)[24:] == ["Y", "Z", "AA", "AB", "AC", "AD"]
    assert workbook.column_letters(704)[-1] == "AAB"
    header = [f"c{i}" for i in range(30)]
    (got_header, got_row) = read_back(written(header, [list(range(30))], ["number"] * 30))
    assert got_header == header and got_row == [float(i) for i in range(30)]


def test_the_first_bytes_leave_before_any_row_is_read_and_the_rest_as_rows_come():
    taken = itertools.count()

    def rows():
        for number in range(20_000):
            next(taken)
            yield [f"client {number} " + "x" * 40, number, datetime.date(2024, 1, 2), True]

    chunks = workbook.workbook_chunks(["name", "n", "day", "staff"], rows(), KINDS)
    first = next(chunks)
    assert first.startswith(b"PK\x03\x04") and next(taken) == 0
    second = next(chunks)  # the sheet's bytes begin to flow well before its end
    assert second and next(taken) < 20_000
    data = first + second + b"".join(chunks)
    assert len(read_back(data)) == 20_001
