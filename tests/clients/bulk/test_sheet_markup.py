"""A forged .xlsx whose parts hold empty elements besides their cells (a 100 kB file whose
sheet inflated to 100 MB of them kept the streamed reader a minute and 2 GB): the reader
holds none of them and refuses the file once they outnumber what its cells account for
(clients/bulk/sheet_markup.py); the counting of its rows holds none either."""

import io
import tracemalloc
import zipfile

import pytest
from tests.clients.bulk.test_import_xls_ods import ods_file, ods_rows
from tests.clients.bulk.test_sheet_stream import SHARED, SHEET, excel_workbook, read

from mteja.clients.bulk import counting, ods_range, sheet_markup
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable, read_header, read_table
from mteja.clients.bulk.sheet_stream import SheetUnreadable

SHEET_PART = "xl/worksheets/data.xml"
STRINGS_PART = "xl/sharedStrings.xml"


def forged(part: str, before: str, filler: str) -> bytes:
    """The test workbook, `filler` put into `part` before the first `before`."""
    return forged_from(excel_workbook(SHEET, shared=SHARED), part, before, filler)


def forged_from(workbook: bytes, part: str, before: str, filler: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            xml = source.read(name).decode()
            if name == part:
                at = xml.index(before)
                xml = xml[:at] + filler + xml[at:]
            archive.writestr(name, xml)
    return buffer.getvalue()


WHERE = [
    (SHEET_PART, "<sheetData>"),  # before the cells
    (SHEET_PART, '<row r="3">'),  # between two rows
    (SHEET_PART, "</sheetData>"),  # after the cells
    (SHEET_PART, '<c r="B3">'),  # in a row
    (SHEET_PART, "<v>32920</v>"),  # in a cell
    (STRINGS_PART, "<si>"),  # among the texts
    (STRINGS_PART, "<t>firstname</t>"),  # in a text
]


@pytest.mark.parametrize(("part", "before"), WHERE)
def test_empty_elements_past_what_the_cells_account_for_make_the_workbook_unreadable(
    monkeypatch, part, before
):
    monkeypatch.setattr(sheet_markup, "MOST_ELEMENTS_ANYWAY", 100)
    assert len(read(forged(part, before, "<a/>" * 50))) == 5  # within the bound: read
    with pytest.raises(SheetUnreadable, match="elements for"):
        read(forged(part, before, "<a/>" * 5_000))
    data = forged(part, before, "<a/>" * 5_000)
    monkeypatch.setattr("mteja.clients.bulk.reading.CALAMINE_MOST_SHEET_BYTES", 0)
    with pytest.raises(FileUnreadable):
        list(read_table(io.BytesIO(data)).rows)


def _peak_bytes(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("part", "before"), [(SHEET_PART, '<row r="3">'), (SHEET_PART, "</sheetData>")]
)
def test_the_streamed_reader_holds_no_element_outside_the_row_it_reads(part, before):
    data = forged(part, before, "<a/>" * 200_000)  # within the bound: read
    assert _peak_bytes(lambda: read(data)) < 5 * 2**20  # 200,000 elements held took 16 MB+


def test_the_count_of_a_sheets_rows_holds_no_element_before_its_cells(monkeypatch):
    monkeypatch.setattr(sheet_markup, "MOST_INFLATE_RATIO", 10**6)  # (no zip bomb's)
    data = forged(SHEET_PART, "<sheetData>", "<a/>" * 400_000)
    assert _peak_bytes(lambda: counting.count_rows(io.BytesIO(data))) < 20 * 2**20


def test_the_count_of_a_sheets_rows_reads_no_more_than_its_budget_of_inflated_bytes(
    monkeypatch,
):
    """A sheet inflating to tens of gigabytes held the upload's request past its timeout
    while its row tags were counted: the count is then of the rows in the budget."""
    data = forged(SHEET_PART, '<row r="5">', "<a/>" * 100_000)
    assert counting.count_rows(io.BytesIO(data)) == 2
    monkeypatch.setattr(counting, "MOST_COUNTED_BYTES", 100_000)
    assert counting.count_rows(io.BytesIO(data)) == 1  # the rows before the filler


SMALL_PARTS = [
    ("xl/workbook.xml", "<sheets>"),
    ("xl/_rels/workbook.xml.rels", "<Relationship "),
    ("xl/styles.xml", "<cellXfs"),
]


@pytest.mark.parametrize(("part", "before"), SMALL_PARTS)
def test_a_small_part_of_too_many_elements_makes_the_workbook_unreadable(monkeypatch, part, before):
    monkeypatch.setattr(sheet_markup, "MOST_PART_ELEMENTS", 100)
    assert read(forged(part, before, "<a/>" * 50)) == read(forged(part, before, ""))
    with pytest.raises(SheetUnreadable, match="elements"):
        read(forged(part, before, "<a/>" * 5_000))


@pytest.mark.parametrize(("part", "before"), SMALL_PARTS)
def test_a_small_parts_tree_holds_only_the_elements_read(part, before):
    data = forged(part, before, "<a/>" * 200_000)  # within the bound: read
    assert _peak_bytes(lambda: read(data)) < 5 * 2**20  # the whole tree took 16 MB+


def test_a_part_inflating_more_than_a_hundredfold_is_a_zip_bomb_refused_before_it_is_read():
    data = forged(SHEET_PART, "</sheetData>", "<a/>" * 300_000)  # 1.2 MB, a few kB deflated
    with pytest.raises(SheetUnreadable, match="inflates more than 100-fold"):
        read(data)
    assert counting.count_rows(io.BytesIO(data)) == 0  # (unknown)
    with pytest.raises(FileUnreadable):
        read_header(io.BytesIO(data))
    # A sheet's XML deflates about tenfold: 2 MB of rows of numbers are read.
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n * 7919}</v></c></row>' for n in range(6, 60_000)
    )
    assert len(read(forged(SHEET_PART, "</sheetData>", rows))) == 60_000 - 1


def test_a_row_is_bounded_on_its_own_not_by_the_cells_read_before_it(monkeypatch):
    """A row (or a shared text) is held whole until it ends: the elements the cells before
    it allow are no room for one row to hold them all."""
    monkeypatch.setattr(sheet_markup, "MOST_ELEMENTS_ANYWAY", 10_000)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(6, 3_006))
    stuffed = '<row r="3006"><c r="A3006"><v>1</v>' + "<a/>" * 50_000 + "</c></row>"
    assert len(read(forged(SHEET_PART, "</sheetData>", rows))) == 3_005  # read
    with pytest.raises(SheetUnreadable, match="a row of more than 10,000 elements"):
        read(forged(SHEET_PART, "</sheetData>", rows + stuffed))
    item = "<si><t>a</t>" + "<a/>" * 50_000 + "</si>"
    with pytest.raises(SheetUnreadable, match="an? si of more than"):
        read(forged(STRINGS_PART, "</sst>", "<si><t>a</t></si>" * 3_000 + item))


def test_an_ods_cell_is_bounded_on_its_own_too(monkeypatch):
    monkeypatch.setattr(ods_range, "MOST_CELL_ELEMENTS", 10_000)
    rows = ods_rows([[str(n)] for n in range(5_000)])
    stuffed = '<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p>'
    stuffed += "<a/>" * 200_000 + "</table:table-cell></table:table-row>"
    assert ods_range.sheet_ranges(zipfile.ZipFile(io.BytesIO(ods_file(rows))), 10**9)
    with pytest.raises(ods_range.OdsUnreadable, match="a cell of more than 10,000 elements"):
        ods_range.sheet_ranges(zipfile.ZipFile(io.BytesIO(ods_file(stuffed + rows))), 10**9)


def _with_part(workbook: bytes, name: str, data: bytes) -> bytes:
    buffer = io.BytesIO(workbook)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def test_a_part_no_reader_inflates_is_no_zip_bomb_however_far_it_inflates():
    """XlsxWriter keeps a .bmp as it is: a flat logo of 1000x800, 2.4 MB, deflates to 2.4 kB."""
    workbook = excel_workbook(SHEET, shared=SHARED)
    data = _with_part(workbook, "xl/media/image1.bmp", b"BM" + b"\xff" * 2_400_000)
    assert read(data) == read(workbook)
    assert read_header(io.BytesIO(data)) == read_header(io.BytesIO(workbook))
    assert counting.count_rows(io.BytesIO(data)) == counting.count_rows(io.BytesIO(workbook))
    # A pivot table's cache of sorted categories (office, gender, status): 2.4 MB, 300-fold.
    records = "".join(
        f'<r><x v="{n // 3000}"/><x v="{n // 1500 % 2}"/><x v="{n // 500 % 3}"/></r>'
        for n in range(60_000)
    )
    cache = _with_part(workbook, "xl/pivotCache/pivotCacheRecords1.xml", records.encode())
    assert read(cache) == read(workbook)


def test_a_sheet_under_a_name_no_xml_part_has_is_still_checked_for_its_inflation():
    workbook = forged(SHEET_PART, "</sheetData>", "<a/>" * 300_000)
    source, buffer = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            part = source.read(name).replace(b"worksheets/data.xml", b"media/image1.bmp")
            archive.writestr(name.replace("worksheets/data.xml", "media/image1.bmp"), part)
    with pytest.raises(SheetUnreadable, match="image1.bmp inflates more than 100-fold"):
        read(buffer.getvalue())
    assert counting.count_rows(io.BytesIO(buffer.getvalue())) == 0  # (unknown)


def _with_parts(data: bytes, count: int) -> bytes:
    """The workbook `data` holding `count` more empty parts besides its own."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
        for number in range(count):
            archive.writestr(f"x/{number}", b"")
    return buffer.getvalue()


def test_a_zip_of_too_many_parts_is_refused_before_its_directory_is_read(monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("zipfile read the directory")

    data = _with_parts(excel_workbook(SHEET, shared=SHARED), 40_000)  # 2.3 MB of directory
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", must_not_open)
    for reading in (read_header, read_table):
        with pytest.raises(FileUnreadable):
            reading(io.BytesIO(data))
    assert counting.count_rows(io.BytesIO(data)) == 0
    monkeypatch.undo()
    workbook = _with_parts(excel_workbook(SHEET, shared=SHARED), 1_000)  # 60 kB: read
    assert read_table(io.BytesIO(workbook)).header == ["Kibera", "firstname", "", "dateOfBirth"]


def test_a_zip64_end_record_stating_the_directory_is_not_passed_over(monkeypatch):
    """zipfile takes the directory's size from a zip64 end record where there is one: the
    end record's own, forged small, let 70,000 parts through."""
    data = bytearray(_with_parts(excel_workbook(SHEET, shared=SHARED), 70_000))
    end = data.rfind(b"PK\x05\x06")  # (past 65,535 parts, zipfile wrote zip64's records)
    data[end + 12 : end + 16] = (100).to_bytes(4, "little")

    def must_not_open(*args, **kwargs):
        raise AssertionError("zipfile read the directory")

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", must_not_open)
    with pytest.raises(FileUnreadable):
        read_header(io.BytesIO(bytes(data)))
    assert counting.count_rows(io.BytesIO(bytes(data))) == 0


HEADER_AND_ONE = [["office", "firstname", "lastname"], ["Kibera", "Asha", "Njeri"]]


@pytest.mark.django_db
@pytest.mark.usefixtures("no_calamine")
def test_an_ods_inflating_more_than_a_hundredfold_is_refused_before_it_is_parsed(
    admin_user, monkeypatch
):
    """A 97 kB .ods whose content.xml inflated to 95 MB of empty elements kept the upload
    past gunicorn's 120 s (a 500)."""
    parsed = []
    monkeypatch.setattr(ods_range, "part_events", lambda *a: parsed.append(a) or iter(()))
    data = ods_file(ods_rows(HEADER_AND_ONE) + "<a/>" * 300_000)  # 1.2 MB, a few kB deflated
    with pytest.raises(FileUnreadable, match="The Excel workbook cannot be read"):
        import_clients(user=admin_user, data=data)
    assert counting.count_rows(io.BytesIO(data)) == 0 and not parsed


@pytest.mark.django_db
@pytest.mark.usefixtures("no_calamine")
def test_an_ods_of_more_elements_than_its_cells_account_for_cannot_be_read(admin_user, monkeypatch):
    monkeypatch.setattr(sheet_markup, "MOST_ELEMENTS_ANYWAY", 1_000)
    data = ods_file(ods_rows(HEADER_AND_ONE) + "<a/>" * 140_000)  # past 65,536: checked
    with pytest.raises(FileUnreadable, match="The Excel workbook cannot be read"):
        import_clients(user=admin_user, data=data)


def test_a_zip_naming_a_part_twice_is_refused_not_read_as_two_sheets_by_two_readers():
    """zipfile reads the last part of a name (the header checked, the streamed rows),
    calamine the first (the rows read): the header came from one sheet, the rows another."""
    first = excel_workbook(SHEET, shared=SHARED)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(first)) as source, zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr(SHEET_PART, source.read(SHEET_PART).replace(b"<v>0</v>", b"<v>2</v>"))
    for reading in (read_header, read_table):
        with pytest.raises(FileUnreadable):
            reading(io.BytesIO(buffer.getvalue()))


RUN = '<r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr><t>{}</t></r>'  # noqa: E501


def test_texts_in_runs_of_fonts_as_excel_saves_them_are_read(monkeypatch):
    """Excel saves a text partly bold as runs, ten elements each: a workbook of nothing but
    such texts, six runs each, is no forged markup."""
    monkeypatch.setattr(sheet_markup, "MOST_ELEMENTS_ANYWAY", 100)
    texts = [["office", "firstname"], *([f"Kibera {n}", f"Asha {n}"] for n in range(200))]
    shared = "".join(f"<si>{RUN.format(text) * 6}</si>" for row in texts for text in row)
    cells = "".join(  # (numbered after the sheet's five rows: rows out of order are refused)
        f'<row r="{5 + line}"><c r="A{5 + line}" t="s"><v>{2 * line - 2}</v></c>'
        f'<c r="B{5 + line}" t="inlineStr"><is>{RUN.format("x") * 6}</is></c></row>'
        for line in range(1, len(texts) + 1)
    )
    data = forged(STRINGS_PART, "</sst>", shared)
    data = forged_from(data, SHEET_PART, "</sheetData>", cells)
    assert len(read(data)) == 5 + len(texts)
