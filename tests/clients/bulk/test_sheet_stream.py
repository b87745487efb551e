"""A workbook too large for calamine is read row by row (clients/bulk/sheet_stream.py), giving
what calamine gives: shared and inline texts, numbers, booleans, dates in either of Excel's
day systems, error cells as empty ones, rows and cells the file leaves out; an import of it
writes the same clients."""

import datetime
import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from mteja.clients.bulk import (
    counting,
    merged,
    reading,
    sheet_cells,
    sheet_stream,
    workbook,
    xlsx_dates,
    xlsx_range,
)
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable, read_table
from mteja.clients.bulk.sheet_stream import SheetUnreadable, sheet_rows
from mteja.clients.bulk.xlsx_dates import is_date_format
from mteja.clients.imports.files import count_rows
from mteja.clients.models import Client

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def excel_workbook(
    sheet_data: str, *, date1904: bool = False, shared: list[str] = (), dimension: str = ""
) -> bytes:
    """A workbook as Excel saves one: texts in the shared strings (one of them rich text),
    cell formats 1 (a built-in date), 2 (a custom date-time), 3 (a custom number)."""
    strings = "".join(
        f"<si><r><t>{text[:2]}</t></r><r><t>{text[2:]}</t></r></si>"
        if index == 0
        else f"<si><t>{text}</t></si>"
        for index, text in enumerate(shared)
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f'<workbookPr date1904="{int(date1904)}"/><sheets>'
        '<sheet name="Clients" sheetId="1" r:id="rId7"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId7" Type="{RELS}/worksheet" Target="/xl/worksheets/data.xml"/>'
        "</Relationships>",
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts count="2">'
        '<numFmt numFmtId="170" formatCode="dd/mm/yyyy\\ hh:mm"/>'
        '<numFmt numFmtId="171" formatCode="&quot;Day&quot;\\ 0.00"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/>'
        '<xf numFmtId="171"/></cellXfs></styleSheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>',
        "xl/worksheets/data.xml": f'<worksheet xmlns="{MAIN}">{dimension}<sheetData>'
        f"{sheet_data}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def text_cell(reference: str, value: str) -> str:
    """A cell holding its text inline (as some programs write it, not in the shared strings)."""
    return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'


def text_cells(row: int, values: list[str], letters: str = "ABCDEFG") -> str:
    """`values` as text cells of the row numbered `row`, in the columns `letters` name."""
    return "".join(
        text_cell(f"{letter}{row}", value) for letter, value in zip(letters, values, strict=False)
    )


SHEET = (
    '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>'
    '<c r="D2" t="inlineStr"><is><t>dateOfBirth</t></is></c></row>'
    '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>3</v></c><c r="C3" t="b"><v>1</v></c>'
    '<c r="D3" s="1"><v>32920</v></c><c r="E3" s="2"><v>45000.5</v></c>'
    '<c r="F3" s="3"><v>12.5</v></c><c r="G3" t="e"><v>#N/A</v></c></row>'
    '<row r="5"><c r="B5" s="3"/><c r="C5" t="str"><v>=1+1</v></c></row>'
)
SHARED = ["Kibera", "firstname", "Asha"]


def read(data: bytes) -> list[list]:
    return list(sheet_rows(zipfile.ZipFile(io.BytesIO(data))))


def calamine(data: bytes) -> list[list]:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).iter_rows()
    return [_trimmed(row) for row in rows]


def _trimmed(row: list) -> list:
    while row and row[-1] == "":
        row = row[:-1]
    return row


def test_an_excel_workbook_reads_as_calamine_reads_it():
    data = excel_workbook(SHEET, shared=SHARED)
    rows = read(data)
    assert rows == [
        [],  # row 1: not in the file (the lines keep their numbers)
        ["Kibera", "firstname", "", "dateOfBirth"],
        ["Asha", 3.0, True, datetime.date(1990, 2, 16),
         datetime.datetime(2023, 3, 15, 12, 0), 12.5, ""],  # G3 holds #N/A: blank, marked
        [],  # row 4: not in the file
        ["", "", "=1+1"],
    ]  # fmt: skip
    assert rows[2][6].shown == "#N/A"
    assert [_trimmed(row) for row in rows] == calamine(data)


def test_cells_without_references_keep_their_columns_past_an_empty_one():
    """A cell's reference is optional: an empty cell (a format only) still takes a column."""
    data = excel_workbook(
        '<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c s="1"/>'
        '<c t="inlineStr"><is><t>c</t></is></c></row>'
    )
    assert read(data) == [["a", "", "c"]] == calamine(data)


def test_days_count_from_1904_when_the_workbook_says_so():
    data = excel_workbook('<row r="1"><c r="A1" s="1"><v>366</v></c></row>', date1904=True)
    assert read(data) == [[datetime.date(1905, 1, 1)]] == calamine(data)


def test_a_date_cell_written_as_iso_text_reads_as_calamine_reads_it():
    """`t="d"`, as a strict Open XML workbook writes dates: the streamed reader gave the text,
    refused as no ISO date."""
    data = excel_workbook(
        '<row r="1"><c r="A1" t="d"><v>1990-05-17T00:00:00</v></c><c r="B1" t="d" s="1">'
        '<v>2024-01-10</v></c><c r="C1" t="d"><v>2023-03-15T12:30:00</v></c>'
        '<c r="D1" t="d"><v>no date</v></c><c r="E1" t="d"><v>12:30:00</v></c></row>'
    )
    assert read(data) == [[datetime.datetime(1990, 5, 17), datetime.date(2024, 1, 10),
                           datetime.datetime(2023, 3, 15, 12, 30), "no date",
                           datetime.time(12, 30)]]  # fmt: skip
    assert read(data) == calamine(data)


def test_a_time_of_day_in_a_date_cell_reads_as_a_time_as_calamine_reads_it():
    """A serial below one is a time without a day (12:30), in either epoch: the import then
    says it is no date, rather than taking 1899-12-31 (or 1904-01-01)."""
    for date1904 in (False, True):
        data = excel_workbook('<row r="1"><c r="A1" s="2"><v>0.5208333333333334</v></c></row>',
                              date1904=date1904)  # fmt: skip
        assert read(data) == [[datetime.time(12, 30)]] == calamine(data)


def test_an_exported_workbook_reads_as_calamine_reads_it():
    header = ["name", "dependents", "born", "note"]
    rows = [["Zoë <&>", 3, datetime.date(1899, 12, 31), "=cmd"], ["", 2.5, None, "\tx"]]
    data = b"".join(workbook.workbook_chunks(header, rows, ["text", "number", "date", "text"]))
    assert read(data) == calamine(data)


@pytest.mark.parametrize(
    ("code", "is_date"),
    [("yyyy\\-mm\\-dd", True), ("d/m/yy h:mm", True), ('"Day"\\ 0.00', False),
     ("[Red]0.00", False), ("#,##0", False), ("0.00_);(0.00)", False)],
)  # fmt: skip
def test_a_custom_number_format_is_a_date_when_it_shows_one(code, is_date):
    assert is_date_format(code) is is_date


@pytest.mark.parametrize(
    "sheet",
    ['<row r="1"><c r="A1"><v>1</v></c>', '<row r="1"><c r="1A" t="s"><v>0</v></c></row>',
     '<row r="1"><c r="A1" t="s"><v>9</v></c></row>'],
)  # fmt: skip
def test_a_malformed_sheet_is_unreadable_even_midway(sheet):
    with pytest.raises(SheetUnreadable):
        read(excel_workbook(f'<row r="1"><c r="A1"><v>1</v></c></row>{sheet}', shared=["a"]))


@pytest.mark.django_db
def test_a_workbook_above_calamines_bound_is_streamed_and_imports_the_same(
    monkeypatch, admin_user, kibera
):
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v>'
        '</c></row><row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c>'
        '<c r="C2" t="s"><v>7</v></c><c r="D2" s="1"><v>32920</v></c>'
        '<c r="E2" s="1"><v>45301</v></c></row>'
    )
    shared = ["office", "firstname", "lastname", "dateOfBirth", "submittedOnDate",
              "Kibera", "Asha", "Njeri"]  # fmt: skip
    data = excel_workbook(sheet, shared=shared)
    monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    streamed = read_table(io.BytesIO(data))
    assert streamed.header == ["office", "firstname", "lastname", "dateOfBirth",
                               "submittedOnDate"]  # fmt: skip
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported"], report.rows[0].errors
    asha = Client.objects.get()
    assert (asha.display_name, asha.date_of_birth) == ("Asha Njeri", datetime.date(1990, 2, 16))
    assert asha.submitted_on == datetime.date(2024, 1, 10)


def test_a_streamed_workbook_that_breaks_midway_is_refused_as_unreadable(monkeypatch):
    data = excel_workbook('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                          '</row><row r="2"><c r="A2"', shared=["office", "firstname"])  # fmt: skip
    monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    table = read_table(io.BytesIO(data))
    with pytest.raises(FileUnreadable):
        list(table.rows)


@pytest.mark.parametrize("markup", ["<!--{}-->", '<row r="9" spans="{}"/>'])
def test_markup_longer_than_the_bound_is_unreadable_before_the_parser_takes_it(markup):
    """Expat before 2.6 parses an unfinished piece of markup again at each 64 kB fed, and
    holds it: a 150 MB comment in a sheet (a 150 kB file) took five minutes and 600 MB."""
    long = markup.format("x" * 2 * sheet_stream.MOST_MARKUP_BYTES)
    with pytest.raises(SheetUnreadable, match="longer than 1,048,576 bytes"):
        read(excel_workbook(f'<row r="1"><c r="A1"><v>1</v></c></row>{long}'))


@pytest.mark.parametrize("cell", ['<c r="A2" t="inlineStr"><is><t>{}</t></is></c>', "<v>{}</v>"])
def test_a_text_longer_than_the_bound_is_unreadable_before_the_tree_holds_it(cell):
    """The tree holds a text whole until its end: one cell of 400 MB (a 400 kB file) would
    take as much memory."""
    long = cell.format("x" * 2 * sheet_stream.MOST_MARKUP_BYTES)
    with pytest.raises(SheetUnreadable, match="text longer than 1,048,576 bytes"):
        read(excel_workbook(f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2">{long}</row>'))


def test_a_sheets_height_is_its_stated_dimension(tmp_path):
    data = excel_workbook(SHEET, shared=SHARED, dimension='<dimension ref="A2:G5"/>')
    assert counting.count_rows(io.BytesIO(data)) == 3
    path = tmp_path / "source.xlsx"
    path.write_bytes(data)
    assert count_rows(path) == 3  # the progress bar's total: the rows under the header


def test_without_a_dimension_the_rows_are_counted_across_chunks(monkeypatch):
    header = ["name"]
    rows = [[f"client {n}"] for n in range(300)]
    data = b"".join(workbook.workbook_chunks(header, rows, ["text"]))  # it states no dimension
    monkeypatch.setattr(counting, "READ_BYTES", 1)  # tags cut at every chunk's end
    assert counting.count_rows(io.BytesIO(data)) == 300


def test_an_unreadable_workbooks_height_is_unknown():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")  # cut short
    # (From its start: at its end the zip was read as a CSV, of as many lines as the line
    # feeds its timestamps happened to hold.)
    assert counting.count_rows(io.BytesIO(buffer.getvalue())) == 0


def _understated(data: bytes, name: bytes, size: int) -> bytes:
    """`data` (a zip) with the inflated size of its part `name` stated as `size`, in the
    part's local header and in the central directory, as a forged file (a zip bomb) would."""
    forged = bytearray(data)
    for signature, size_at, name_length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46),
    ):  # fmt: skip
        start = forged.find(signature)
        while start != -1:
            length = int.from_bytes(
                forged[start + name_length_at : start + name_length_at + 2], "little"
            )
            if forged[start + name_at : start + name_at + length] == name:
                forged[start + size_at : start + size_at + 4] = size.to_bytes(4, "little")
            start = forged.find(signature, start + 1)
    return bytes(forged)


def test_a_workbook_that_understates_its_size_is_refused_before_calamine_reads_it(monkeypatch):
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
                   for n in range(1, 5000))  # fmt: skip
    data = _understated(excel_workbook(rows), b"xl/worksheets/data.xml", 100)

    def calamine_must_not_read(*args, **kwargs):
        raise AssertionError("calamine was given a forged workbook")

    monkeypatch.setattr(reading.CalamineWorkbook, "from_filelike", calamine_must_not_read)
    with pytest.raises(FileUnreadable):
        read_table(io.BytesIO(data))


# --- hostile workbooks: each refused, or read row by row, never given to what it would break


def _header_and(cells: str) -> bytes:
    return excel_workbook(
        f'<row r="1"><c r="A1" t="s"><v>0</v></c></row>{cells}', shared=["office"]
    )


def test_a_cell_far_out_sends_the_sheet_past_calamine(monkeypatch):
    """One cell at XFD1048576 would have calamine allocate the whole range (549 GB)."""

    def refused(*args, **kwargs):
        raise AssertionError("calamine was given the sheet")

    monkeypatch.setattr(reading.CalamineWorkbook, "from_filelike", refused)
    data = _header_and(
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    table = read_table(io.BytesIO(data))
    assert table.header == ["office"]
    rows = list(table.rows)
    assert len(rows) == 1_048_575 and rows[-1][16_383] == "x" and not any(rows[:-1])


def test_a_cell_reference_cut_between_two_chunks_still_counts(monkeypatch):
    monkeypatch.setattr(xlsx_range, "INFLATE_BYTES", 5)
    monkeypatch.setattr(reading, "CALAMINE_MOST_CELLS", 20_000)
    data = _header_and('<row r="30000"><c r="A30000" t="inlineStr"><is><t>x</t></is></c></row>')
    assert not reading._fits_calamine(io.BytesIO(data))
    assert reading._fits_calamine(io.BytesIO(_header_and("")))


@pytest.mark.parametrize(
    "cell",
    ["<c r='XFD1048576'><v>1</v></c>", '<c r = "XFD1048576"><v>1</v></c>',
     '<c r="xfd1048576"><v>1</v></c>', '<c r="$XFD$1048576"><v>1</v></c>'],
)  # fmt: skip
def test_a_far_cell_in_any_spelling_of_its_reference_keeps_the_sheet_from_calamine(cell):
    """calamine reads each of these as XFD1048576: 549 GB asked, the process aborted."""
    data = _header_and(f'<row r="1048576">{cell}</row>')
    assert not reading._fits_calamine(io.BytesIO(data))


def test_cells_without_a_reference_keep_the_sheet_from_calamine():
    """calamine places them where it counts: 33,000 rows of 200 such cells (a 258 kB file)
    made it hold 556 MB, past the 5,000,000 cells it may hold."""
    data = _header_and('<row r="2"><c><v>1</v></c><x:c xmlns:x="m"><v>2</v></x:c></row>')
    assert not reading._fits_calamine(io.BytesIO(data))
    rows = read(data)
    assert rows[1][:2] == [1.0, 2.0]


def test_cells_sharing_one_long_string_keep_the_sheet_from_calamine(monkeypatch):
    """calamine copies a shared string into each cell naming it: 9,000 cells naming one
    1 MB string (a 28 kB file) made it hold 9.3 GB."""
    monkeypatch.setattr(xlsx_range, "INFLATE_BYTES", 4096)  # the long item across chunks
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c><c r="B{r}" t="s"><v>1</v></c>'
                   "</row>" for r in range(2, 3002))  # fmt: skip
    sheet = f'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c></row>{rows}'
    data = excel_workbook(sheet, shared=["firstname", "A" * 300_000, "lastname"])
    assert not reading._fits_calamine(io.BytesIO(data))
    table = read_table(io.BytesIO(data))
    assert table.header == ["firstname", "lastname"]
    assert sum(1 for _row in table.rows) == 3000
    short = excel_workbook(sheet, shared=["firstname", "Asha", "lastname"])
    assert reading._fits_calamine(io.BytesIO(short))


def test_a_date_cell_calamine_cannot_convert_is_read_row_by_row():
    """-inf in a date cell made calamine panic (the file refused whole): a value below 0
    keeps the sheet from calamine (a date before 1900, test_dates_before_1900.py)."""
    data = _header_and('<row r="2"><c r="A2" s="1"><v>-inf</v></c></row>')  # s=1: a date
    assert not reading._fits_calamine(io.BytesIO(data))
    assert list(read_table(io.BytesIO(data)).rows) == [[float("-inf")]]


@pytest.mark.parametrize("serial", ["inf", "-inf", "NaN", "3000000", "1e300"])
def test_a_streamed_date_cell_that_is_no_day_reads_as_its_number(serial):
    rows = read(_header_and(f'<row r="2"><c r="A2" s="1"><v>{serial}</v></c></row>'))
    assert rows[1] == [float(serial)] or (serial == "NaN" and rows[1][0] != rows[1][0])


@pytest.mark.parametrize("serial", ["-700000", "-1", "-0.5"])
def test_a_streamed_date_cell_below_day_0_reads_as_a_date_before_1900(serial):
    rows = read(_header_and(f'<row r="2"><c r="A2" s="1"><v>{serial}</v></c></row>'))
    assert rows[1] == [""] and rows[1][0] is xlsx_dates.DATE_BEFORE_1900


@pytest.mark.parametrize(
    "cells",
    ['<row r="2"><c r="XFE2"><v>1</v></c></row>',
     '<row r="2"><c r="ZZZZZZZZZZ2"><v>1</v></c></row>',
     '<row r="1048577"><c r="A1048577"><v>1</v></c></row>'],
)  # fmt: skip
def test_a_streamed_cell_past_excels_last_column_or_row_is_unreadable(cells):
    with pytest.raises(SheetUnreadable):
        read(_header_and(cells))


def test_more_shared_strings_than_the_sheet_could_use_are_unreadable(monkeypatch):
    monkeypatch.setattr(sheet_stream, "MOST_SHARED_STRINGS_ANYWAY", 10)
    with pytest.raises(SheetUnreadable, match="too much text"):
        read(excel_workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                            shared=["office", *["ab"] * 20]))  # fmt: skip
    assert read(excel_workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                               shared=["office", *["ab"] * 9]))  # fmt: skip


@pytest.mark.parametrize(("flag_at", "value"), [(6, 1), (8, 99)])  # encrypted; AES compression
def test_an_encrypted_or_strangely_compressed_workbook_is_unreadable(flag_at, value):
    data = bytearray(_header_and(""))
    start = data.find(b"PK\x03\x04")
    while start != -1:
        data[start + flag_at : start + flag_at + 2] = value.to_bytes(2, "little")
        start = data.find(b"PK\x03\x04", start + 1)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        data[central + flag_at + 2 : central + flag_at + 4] = value.to_bytes(2, "little")
        central = data.find(b"PK\x01\x02", central + 1)
    with pytest.raises(FileUnreadable, match="cannot be read"):
        read_table(io.BytesIO(bytes(data)))


@pytest.mark.parametrize("streamed", [False, True])
def test_the_first_sheet_the_user_sees_is_read_not_a_hidden_one(monkeypatch, streamed):
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    hidden, shown = book.add_worksheet("Lists"), book.add_worksheet("Clients")
    hidden.write_row(0, 0, ["password", "secret"])
    shown.write_row(0, 0, ["office", "firstname"])
    shown.write_row(1, 0, ["Kibera", "Asha"])
    shown.activate()
    hidden.hide()
    book.close()
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    table = read_table(io.BytesIO(buffer.getvalue()))
    assert table.header == ["office", "firstname"]
    assert [list(row)[:2] for row in table.rows] == [["Kibera", "Asha"]]


@pytest.mark.django_db
@pytest.mark.parametrize("streamed", [False, True])
def test_a_workbook_showing_only_a_chart_imports_its_hidden_worksheet(
    monkeypatch, admin_user, kibera, streamed
):
    """A chart sheet shown, the clients' worksheet behind it hidden: the chart was read as
    the first sheet, and the workbook refused as unreadable."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    chart_sheet, data = book.add_chartsheet("Chart"), book.add_worksheet("Clients")
    data.write_row(0, 0, ["office", "firstname", "lastname", "externalId"])
    data.write_row(1, 0, ["Kibera", "Asha", "Njeri", "IMP-1"])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=Clients!$A$2:$A$2"})
    chart_sheet.set_chart(chart)
    chart_sheet.activate()
    data.hide()
    book.close()
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    report = import_clients(user=admin_user, data=buffer.getvalue())
    assert [(row.line, row.outcome) for row in report.rows] == [(2, "imported")]
    assert Client.objects.get().external_id == "IMP-1"


@pytest.mark.django_db
@pytest.mark.parametrize("streamed", [False, True])
def test_a_cell_merged_down_a_column_gives_its_value_to_each_row(
    monkeypatch, admin_user, kibera, streamed
):
    """A branch's name merged over its clients' rows, as the sheet shows it: the rows below
    the first were refused as having no office. A title merged across the columns is still
    one cell, left out above the header."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    sheet.merge_range(0, 0, 0, 3, "Kibera clients, March 2024")
    sheet.write_row(1, 0, ["office", "firstname", "lastname", "externalId"])
    sheet.merge_range(2, 0, 4, 0, "Kibera")
    for row, names in enumerate([["Asha", "Njeri"], ["Baraka", "Otieno"], ["Chao", "Wu"]], 2):
        sheet.write_row(row, 1, [*names, f"IMP-{row}"])
    sheet.write_row(5, 1, ["Dalia", "Wanjiru", "IMP-5"])  # below the merge: no office
    book.close()
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    report = import_clients(user=admin_user, data=buffer.getvalue())
    assert [(row.line, row.outcome) for row in report.rows] == [
        (3, "imported"), (4, "imported"), (5, "imported"), (6, "invalid")
    ]  # fmt: skip
    assert report.rows[3].errors[0][0] == "office"
    assert Client.objects.filter(office=kibera).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("streamed", [False, True])
def test_a_header_merged_down_two_rows_gives_no_row_its_names(
    monkeypatch, admin_user, kibera, streamed
):
    """A header two rows tall (each of its cells merged with the one below): the row below
    was read as a client named "firstname lastname" of the office "office"."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    for column, name in enumerate(["office", "firstname", "lastname"]):
        sheet.merge_range(0, column, 1, column, name)
    sheet.write_row(2, 0, ["Kibera", "Asha", "Njeri"])
    book.close()
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    report = import_clients(user=admin_user, data=buffer.getvalue())
    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [(3, "imported", [])]
    assert Client.objects.filter(office=kibera).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("streamed", [False, True])
def test_a_row_holding_nothing_but_a_merged_cell_is_blank(
    monkeypatch, admin_user, kibera, streamed
):
    """A branch's name merged, bordered, over more rows than it has clients: the rows below
    them (their merged cells saved, blank and bordered) were read row by row as clients of
    the branch without a name, and refused; calamine, its used range ending above them,
    left them out."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    sheet.write_row(0, 0, ["office", "firstname", "lastname"])
    sheet.merge_range(1, 0, 5, 0, "Kibera", book.add_format({"border": 1}))
    sheet.write_row(1, 1, ["Asha", "Njeri"])
    sheet.write_row(3, 1, ["Baraka", "Otieno"])  # a blank row above it, a spacer
    book.close()
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    report = import_clients(user=admin_user, data=buffer.getvalue())
    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [
        (2, "imported", []), (4, "imported", [])
    ]  # fmt: skip
    assert Client.objects.filter(office=kibera).count() == 2


def test_merges_forged_over_each_other_fill_a_row_at_a_look_a_column():
    """A forged sheet's 100,000 merges of A2:A1048576 (MOST_MERGES of them) each filled every
    row: 10 ms a row, 100 s for the 10,000 rows of an import at once, for each of its passes.
    Merges never overlap: each ends the one before it in its column."""

    class Looked(list):
        looks = 0

        def __getitem__(self, index):
            Looked.looks += 1
            return super().__getitem__(index)

    rows = [Looked(["Kibera", "Asha"])] + [Looked(["", f"Client {n}"]) for n in range(2_000)]
    merges = [(1, 1_048_575, 0)] * merged.MOST_MERGES
    filled = list(merged.filled_down(iter(rows), merges, 1))
    assert {row[0] for row in filled} == {"Kibera"}
    assert Looked.looks < 10 * len(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("first_sheet", [["How to fill in this file"], []])
def test_a_refused_header_names_the_sheet_read_when_the_user_sees_others(admin_user, first_sheet):
    """Instructions (or an empty Sheet1) before the clients' sheet: the refusal named
    columns, or no header row, the user could not find in the sheet they filled in."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    first, clients = book.add_worksheet("Instructions"), book.add_worksheet("Clients")
    first.write_row(0, 0, first_sheet)
    clients.write_row(0, 0, ["office", "firstname"])
    clients.activate()
    book.close()
    refusal = "Unknown columns: How to fill in this file." if first_sheet else (
        "The file has no header row."
    )  # fmt: skip
    note = (
        "The workbook's first sheet, “Instructions”, is the one read: move the clients' sheet "
        "first, or delete the other sheets."
    )
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=buffer.getvalue())
    assert str(refused.value) == f"{refusal} {note}"


@pytest.mark.django_db
@pytest.mark.parametrize("streamed", [False, True])
def test_a_header_below_blank_rows_is_found_and_the_lines_keep_their_numbers(
    monkeypatch, admin_user, kibera, streamed
):
    names = ["office", "firstname", "lastname", "externalId", "submittedOnDate"]
    header = text_cells(3, names, "CDEFG")
    row = (
        '<c r="C{n}" t="inlineStr"><is><t>Kibera</t></is></c>'
        '<c r="D{n}" t="inlineStr"><is><t>Asha</t></is></c>'
        '<c r="E{n}" t="inlineStr"><is><t>{last}</t></is></c>'
        '<c r="F{n}" t="inlineStr"><is><t>IMP-{n}</t></is></c><c r="G{n}" s="1"><v>45301</v></c>'
    )
    data = excel_workbook(
        '<row r="1"><c r="A1" s="3"/></row>'  # a formatted empty cell: a blank row still
        f'<row r="3">{header}</row><row r="4">{row.format(n=4, last="Njeri")}</row>'
        f'<row r="6">{row.format(n=6, last="")}</row>'
    )
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    table = read_table(io.BytesIO(data))
    assert (table.header[-5:], table.first_line) == (names, 4)
    report = import_clients(user=admin_user, data=data)
    assert report.rows[0].errors == []
    assert [(row.line, row.outcome) for row in report.rows] == [(4, "imported"), (6, "invalid")]
    assert report.rows[1].errors[0][0] == "lastname"


@pytest.mark.parametrize("streamed", [False, True])
def test_title_rows_of_one_cell_above_the_header_are_left_out(
    monkeypatch, admin_user, kibera, streamed
):
    """A sheet headed by its title and date, each in a cell of its own: the title was taken
    for the header, the file refused as "Unknown columns: Kibera clients, March 2024"."""

    names = ["office", "firstname", "lastname"]
    header = text_cells(4, names)
    data = excel_workbook(
        f'<row r="1">{text_cell("A1", "Kibera clients, March 2024")}</row>'
        f'<row r="2"><c r="B2" s="1"><v>45352</v></c></row>'
        f'<row r="4">{header}</row>'
        f'<row r="5">{text_cells(5, ["Kibera", "Asha", "Njeri"])}</row>'
        f'<row r="7">{text_cells(7, ["Kibera", "Baraka"])}</row>'
    )
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    table = read_table(io.BytesIO(data))
    assert (table.header, table.first_line) == (names, 5)
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome) for row in report.rows] == [(5, "imported"), (7, "invalid")]
    assert report.rows[1].errors[0][0] == "lastname"
    # A file of one column keeps its first row as its header, its rows below as they were.
    one_column = b"office\r\n\r\nKibera\r\nNairobi\r\n\r\nKibera\r\n"
    table = read_table(io.BytesIO(one_column))
    assert (table.header, table.first_line) == (["office"], 2)
    assert list(table.rows) == [[], ["Kibera"], ["Nairobi"], [], ["Kibera"]]


def test_a_workbook_unreadable_past_its_first_batch_is_refused_before_anything_is_written(
    admin_user, kibera
):
    def texts(line: int, *values: str) -> str:
        return f'<row r="{line}">{text_cells(line, values)}</row>'

    rows = [texts(1, "office", "firstname", "lastname")]
    rows += [texts(line, "Kibera", "Asha", f"Njeri{line}") for line in range(2, 603)]
    rows.append('<row r="603"><c r="XFE603"><v>1</v></c></row>')  # past Excel's last column
    with pytest.raises(FileUnreadable, match="cannot be read"):
        import_clients(user=admin_user, data=excel_workbook("".join(rows)))
    assert not Client.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(
    "spell",
    [str.lower, lambda ref: "$" + ref.replace("2", "$2")],  # "$A1", "$A$2"
    ids=["lower case", "dollars"],
)
def test_cell_references_in_lower_case_or_with_dollars_read_as_excels_spelling(
    monkeypatch, admin_user, kibera, streamed, spell
):
    """xlsx_range.py counts `r="a1"` and `r="$A$1"` as A1; the streamed reader reads them so
    (it refused them as "cannot be read", and it reads every header), and a sheet whose
    references carry a `$`, which calamine refuses, is read row by row."""

    def spelt(reference: str, value: str) -> str:
        return text_cell(spell(reference), value)

    names = ["office", "firstname", "lastname", "submittedOnDate"]
    header = "".join(spelt(f"{letter}1", name) for letter, name in zip("ABCD", names, strict=True))
    values = "".join(
        spelt(f"{letter}2", v) for letter, v in zip("ABC", ["Kibera", "Asha", "Njeri"], strict=True)
    )
    date = f'<c r="{spell("D2")}" s="1"><v>45301</v></c>'
    data = excel_workbook(f'<row r="1">{header}</row><row r="2">{values}{date}</row>')
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    table = read_table(io.BytesIO(data))
    assert table.header == names
    assert list(table.rows) == [["Kibera", "Asha", "Njeri", datetime.date(2024, 1, 10)]]
    (imported,) = import_clients(user=admin_user, data=data).rows
    assert imported.outcome == "imported", imported.errors


# --- formulas a program wrote without their values (no spreadsheet computed them)

FORMULA_CELLS = (
    '<c r="A2" t="inlineStr"><is><t>x</t></is></c>'
    '<c r="B2"><f>A2&amp;"y"</f></c>'  # no value kept: the file was never opened in Excel
    '<c r="C2"><f>1+1</f><v>2</v></c>'
    '<c r="D2" t="str"><f>A2&amp;""</f><v></v></c>'  # a formula whose value is empty text
    '<c r="E2"><f t="shared" si="0"/></c>'
)


def test_the_streamed_reader_tells_a_formula_without_its_value_from_an_empty_cell():
    (row,) = read(excel_workbook(f'<row r="2">{FORMULA_CELLS}</row>'))[1:]
    assert row == ["x", "", 2.0, "", ""]
    assert [cell is sheet_cells.FORMULA_WITHOUT_VALUE for cell in row] == [
        False, True, False, False, True
    ]  # fmt: skip


# Small chunks: formulas and their values cut between chunks everywhere.
@pytest.mark.parametrize("inflate_bytes", [1 << 20, *range(1, 24)])
def test_a_formula_without_its_value_keeps_the_sheet_from_calamine(monkeypatch, inflate_bytes):
    """calamine reads it as an empty cell: the streamed reader, which knows it, reads the
    sheet."""
    monkeypatch.setattr(xlsx_range, "INFLATE_BYTES", inflate_bytes)
    kept = '<c r="C2"><f>1+1</f><v>2</v></c><c r="D2"><f t="shared" si="0"/> <v>3</v></c>'
    for without_value in (
        '<c r="B2"><f>A2&amp;"y"</f></c>',
        '<c r="E2"><f t="shared" si="0"/></c>',
    ):
        for cells in (kept + without_value, without_value + kept):
            data = _header_and(f'<row r="2">{cells}</row>')
            assert not reading._fits_calamine(io.BytesIO(data)), cells
    assert reading._fits_calamine(io.BytesIO(_header_and(f'<row r="2">{kept}</row>')))


# openpyxl (and the scripts that write a migration's file with it) keeps an empty value after
# each formula, which has no type: no number, no text, only a place for Excel to fill.
OPENPYXL_FORMULAS = (
    '<c r="B2"><f>A2&amp;"y"</f><v /></c>',
    '<c r="B2"><f>A2&amp;"y"</f><v></v></c>',
)


@pytest.mark.parametrize("cell", OPENPYXL_FORMULAS)
def test_a_formula_openpyxl_wrote_is_without_its_value(cell):
    (row,) = read(
        excel_workbook(f'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c>{cell}</row>')
    )[1:]
    assert row[1] is sheet_cells.FORMULA_WITHOUT_VALUE


@pytest.mark.parametrize("inflate_bytes", [1 << 20, *range(1, 24)])
@pytest.mark.parametrize("cell", OPENPYXL_FORMULAS)
def test_a_formula_openpyxl_wrote_keeps_the_sheet_from_calamine(monkeypatch, inflate_bytes, cell):
    monkeypatch.setattr(xlsx_range, "INFLATE_BYTES", inflate_bytes)
    kept = '<c r="C2"><f>1+1</f><v>2</v></c>'
    for cells in (kept + cell, cell + kept):
        assert not reading._fits_calamine(io.BytesIO(_header_and(f'<row r="2">{cells}</row>')))


@pytest.mark.django_db
@pytest.mark.parametrize("streamed", [False, True])
def test_a_formula_without_its_value_refuses_its_row_by_its_column(
    monkeypatch, admin_user, kibera, streamed
):
    """It was read as blank: the client imported without the value the file meant."""

    names = ["office", "firstname", "lastname", "externalId", "displayName"]
    header = text_cells(1, names)
    asha = text_cells(2, ["Kibera", "Asha", "Njeri"])
    data = excel_workbook(
        f'<row r="1">{header}</row>'
        f'<row r="2">{asha}<c r="D2"><f>"IMP-"&amp;ROW()</f></c></row>'
        # An export's information, which the client does not take, is no loss.
        f'<row r="3">{asha.replace("2", "3")}{text_cell("D3", "IMP-3")}'
        '<c r="E3"><f>B3</f></c></row>'
        '<row r="4"><c r="A4"><f>A3</f></c><c r="B4"><f>B3</f></c></row>'  # no value at all
        # As openpyxl writes a formula: an empty value of no type.
        f'<row r="5">{text_cell("A5", "Kibera")}<c r="B5"><f>B3</f><v /></c>'
        f"{text_cell('C5', 'Njeri')}{text_cell('D5', 'IMP-5')}</row>"
    )
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    report = import_clients(user=admin_user, data=data)
    message = (
        "This cell holds a formula without its value: open the file in a spreadsheet and save "
        "it again."
    )
    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [
        (2, "invalid", [("externalId", message)]),
        (3, "imported", []),
        (4, "invalid", [("office", message), ("firstname", message)]),
        (5, "invalid", [("firstname", message)]),
    ]
    assert list(Client.objects.values_list("external_id", flat=True)) == ["IMP-3"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["xlsx", "xlsx streamed", "csv"])
def test_a_cell_showing_a_formulas_error_refuses_its_row_by_its_column(
    monkeypatch, admin_user, kibera, kind
):
    """An error cell was read as blank (the client imported without its external id or
    mobile number), and a CSV's "#N/A" as the value itself."""

    def error(reference: str, shown: str) -> str:
        return f'<c r="{reference}" t="e"><f>VLOOKUP(B2,Sheet2!A:B,2,0)</f><v>{shown}</v></c>'

    names = ["office", "firstname", "lastname", "externalId", "mobileNo"]
    header = text_cells(1, names)
    asha = text_cells(2, ["Kibera", "Asha", "Njeri"])
    baraka = text_cells(3, ["Kibera", "Baraka", "Otieno"])
    rows = [
        f'<row r="2">{asha}{error("D2", "#N/A")}{error("E2", "#REF!")}</row>',
        f'<row r="3">{baraka}{text_cell("D3", "IMP-3")}{error("E3", "#N/A")}</row>',
        f'<row r="4">{error("A4", "#N/A")}</row>',  # a formula dragged below the clients
    ]
    data = excel_workbook(f'<row r="1">{header}</row>' + "".join(rows))
    if kind == "csv":  # as a spreadsheet saves it: the errors as text
        lines = ["office,firstname,lastname,externalId,mobileNo", "Kibera,Asha,Njeri,#N/A,#REF!",
                 "Kibera,Baraka,Otieno,IMP-3, #n/a ", "#N/A"]  # fmt: skip
        data = "\r\n".join(lines).encode()
    if kind == "xlsx streamed":
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    else:
        assert reading.file_kind(io.BytesIO(data)) != "xlsx" or not reading._fits_calamine(
            io.BytesIO(data)
        )
    report = import_clients(user=admin_user, data=data)

    def shows(error: str) -> str:
        return f"This cell shows the error {error}: correct its formula in the spreadsheet, or " \
            "clear the cell."  # fmt: skip

    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [
        (2, "invalid", [("externalId", shows("#N/A")), ("mobileNo", shows("#REF!"))]),
        (3, "invalid", [("mobileNo", shows("#n/a" if kind == "csv" else "#N/A"))]),
        (4, "invalid", [("office", shows("#N/A"))]),
    ]
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_an_error_cell_in_a_column_past_the_header_is_not_read(admin_user, kibera):
    """A lookup dragged down a column the header leaves unnamed (a helper's, or notes') is
    not read, as any cell there: its error refused every row, naming no column."""
    header = text_cells(1, ["office", "firstname", "lastname"])
    asha = text_cells(2, ["Kibera", "Asha", "Njeri"])
    lookup = '<c r="F2" t="e"><f>VLOOKUP(B2,Sheet2!A:B,2,0)</f><v>#N/A</v></c>'
    data = excel_workbook(f'<row r="1">{header}</row><row r="2">{asha}{lookup}</row>')
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [(2, "imported", [])]
    assert Client.objects.filter(office=kibera).count() == 1


def test_a_header_holding_a_formula_without_its_value_is_refused():
    data = excel_workbook(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>office</t></is></c>'
        '<c r="B1"><f>"first"&amp;"name"</f></c></row>'
    )
    with pytest.raises(FileUnreadable, match="formula without its value"):
        read_table(io.BytesIO(data))


@pytest.mark.parametrize("streamed", [False, True])
def test_a_number_in_the_header_is_named_as_the_sheet_shows_it(monkeypatch, streamed):
    """A year typed above a column: "Unknown columns: 2024.0." named no column the user
    could find."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    sheet.write_row(0, 0, ["office", "firstname", 2024, 1.5])
    sheet.write_row(1, 0, ["Kibera", "Asha", "x", "y"])
    book.close()
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    assert read_table(io.BytesIO(buffer.getvalue())).header == [
        "office",
        "firstname",
        "2024",
        "1.5",
    ]
