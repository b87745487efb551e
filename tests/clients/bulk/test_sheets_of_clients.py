"""A workbook holding clients on several sheets the user sees (one per branch, each under the
same header): the import reads one sheet, and the clients of the others were left out without
a word. Such a workbook is refused before any job or client is written, naming the sheets;
a sheet of something else (instructions, a list, nothing) or a hidden one refuses nothing."""

import io
import re
import zipfile

import pytest
import xlsxwriter
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from tests.clients.bulk.test_import_xls_ods import ODS_NAMESPACES, ods_of, ods_rows
from tests.clients.bulk.test_job_api import upload
from tests.clients.bulk.xlsb_files import xlsb_book

from mteja.clients.bulk import other_sheets, reading, sheet_stream
from mteja.clients.bulk.importing import ClientImport, import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.bulk.workbook import column_letters
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

HEADER = ["office", "firstname", "lastname"]
BRANCHES = {
    "Kibera": [HEADER, ["Kibera", "Asha", "Njeri"]],
    "Kisumu": [HEADER, ["Kibera", "Baraka", "Otieno"]],
}
REFUSAL = (
    "The workbook holds clients on the sheets “Kibera”, “Kisumu”, and an import reads one "
    "sheet: import each sheet as a file of its own, or put all the clients on one sheet."
)
INSTRUCTIONS = [["How to fill in this file"], ["One client a row; dates as yyyy-MM-dd."]]


def xlsx(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
        if name in hidden:
            sheet.hide()
    book.close()
    return buffer.getvalue()


def xls(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    book = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        sheet.visibility = int(name in hidden)
        for number, row in enumerate(rows):
            for column, value in enumerate(row):
                sheet.write(number, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ODS_HIDDEN_TABLE = (
    '<office:automatic-styles><style:style style:name="hidden" style:family="table">'
    '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
)


def ods(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    """An .ods of `sheets`, those named `hidden` hidden as LibreOffice hides one (a table
    style that does not display it)."""
    tables = "".join(
        f'<table:table table:name="{name}"'
        + (' table:style-name="hidden"' if name in hidden else "")
        + f">{ods_rows(rows)}</table:table>"
        for name, rows in sheets.items()
    )
    return ods_of(
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2">'
        f"{ODS_HIDDEN_TABLE}<office:body><office:spreadsheet>{tables}"
        "</office:spreadsheet></office:body></office:document-content>"
    )


@pytest.fixture(params=["calamine", "streamed"])
def reader(request, monkeypatch):
    """An .xlsx read by calamine (a small one), or row by row (one past
    CALAMINE_MOST_SHEET_BYTES: a large one)."""
    if request.param == "streamed":
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    return request.param


@pytest.fixture(params=["xlsx", "xlsx streamed", "xls", "ods"])
def made(request, monkeypatch):
    """What makes a workbook of sheets: an .xlsx read by calamine or row by row, an .xls, an
    .ods (both read by calamine, once counted)."""
    if request.param == "xlsx streamed":
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    return {"xlsx": xlsx, "xlsx streamed": xlsx, "xls": xls, "ods": ods}[request.param]


def test_a_workbook_of_clients_on_two_sheets_is_refused_naming_them(admin_user, kibera, made):
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=made(BRANCHES))
    assert str(refused.value) == REFUSAL
    assert not Client.objects.exists()


def test_the_api_answers_fineracts_400_and_makes_no_job(api_as, clerk, reader):
    response = upload(api_as(clerk), xlsx(BRANCHES), name="branches.xlsx")
    assert response.status_code == 400
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    assert [(error["parameterName"], error["defaultUserMessage"]) for error in body["errors"]] == [
        ("file", REFUSAL)
    ]
    assert not ImportJob.objects.exists() and not Client.objects.exists()


def test_the_api_import_at_once_answers_the_same_400(api_as, clerk):
    body = {"file": SimpleUploadedFile("branches.xlsx", xlsx(BRANCHES))}
    response = api_as(clerk).post(
        "/fineract-provider/api/v1/clients/import", body, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "file"
    assert response.json()["errors"][0]["defaultUserMessage"] == REFUSAL
    assert not Client.objects.exists()


def test_the_page_says_so_by_the_file_field(browse_as, clerk):
    body = {"file": SimpleUploadedFile("branches.ods", ods(BRANCHES))}
    page = browse_as(clerk).post("/clients/import/", body).content.decode()
    field_error = re.search(r'class="[^"]*field-error[^"]*"[^>]*>(.*?)</', page, re.DOTALL)
    assert field_error is not None, page
    assert "“Kibera”, “Kisumu”" in field_error.group(1).replace("&ldquo;", "“")
    assert not ImportJob.objects.exists() and not Client.objects.exists()


def test_the_cli_refuses_it_in_one_line(tmp_path, admin_user, kibera):
    source = tmp_path / "branches.xls"
    source.write_bytes(xls(BRANCHES))
    with pytest.raises(CommandError, match=re.escape(REFUSAL)):
        call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    assert not ImportJob.objects.exists() and not Client.objects.exists()


def test_only_the_sheets_holding_clients_are_named(admin_user, kibera):
    nairobi = [HEADER, ["Kibera", "Chausiku", "Wanjiru"]]
    sheets = {"Kibera": BRANCHES["Kibera"], "Read me": INSTRUCTIONS,
              "Kisumu": BRANCHES["Kisumu"], "Nairobi": nairobi}  # fmt: skip
    with pytest.raises(FileUnreadable, match="on the sheets “Kibera”, “Kisumu”, “Nairobi”, and"):
        import_clients(user=admin_user, data=xlsx(sheets))


def test_instructions_lists_and_empty_sheets_beside_the_clients_refuse_nothing(
    admin_user, kibera, made
):
    sheets = {
        "Clients": BRANCHES["Kibera"],
        "Instructions": INSTRUCTIONS,
        "Genders": [["Gender", "Meaning"], ["F", "Female"], ["M", "Male"]],
        "Offices": [["office", "gender"], ["Kibera", "Female"], ["Kisumu", "Male"]],  # to pick
        "Template": [HEADER],  # a header without a client below it
        "Empty": [],
    }
    report = import_clients(user=admin_user, data=made(sheets))
    assert [row.outcome for row in report.rows] == ["imported"]
    assert Client.objects.get().display_name == "Asha Njeri"


def test_a_hidden_sheet_of_clients_refuses_nothing(admin_user, kibera, made):
    """A hidden sheet holds the workbook's own lists or leftovers, not clients the user
    checked (a chart sheet holds no rows at all)."""
    sheets = {"Clients": BRANCHES["Kibera"], "Lookups": BRANCHES["Kisumu"]}
    report = import_clients(user=admin_user, data=made(sheets, hidden=("Lookups",)))
    assert [row.outcome for row in report.rows] == ["imported"]


@pytest.fixture(params=["xlsx", "xlsx streamed", "xls", "ods", "xlsb"])
def any_book(request, monkeypatch):
    """`made`'s, and an .xlsb's."""
    if request.param == "xlsx streamed":
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    return {"xlsx": xlsx, "xlsx streamed": xlsx, "xls": xls, "ods": ods, "xlsb": xlsb_sheets}[
        request.param
    ]


def xlsb_sheets(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    return xlsb_book(sheets, hidden_sheets=frozenset(hidden))


def test_clients_far_down_another_sheet_are_found(admin_user, kibera, any_book):
    """Below a preamble and blank rows (30 rows down): its first 20 rows were all looked at,
    and the file imported the first sheet's clients alone."""
    far_down = [["Kisumu branch"], *([] for _blank in range(25)), ["Prepared by:", "Jane"],
                *BRANCHES["Kisumu"]]  # fmt: skip
    data = any_book({"Kibera": BRANCHES["Kibera"], "Kisumu": far_down})
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=data)
    assert str(refused.value) == REFUSAL
    assert not Client.objects.exists()


def test_clients_on_a_twenty_second_sheet_are_found(admin_user, kibera, any_book):
    """The first 20 other sheets were looked at, the rest left unread."""
    notes = {f"Notes {number}": INSTRUCTIONS for number in range(1, 21)}
    data = any_book({"Kibera": BRANCHES["Kibera"], **notes, "Kisumu": BRANCHES["Kisumu"]})
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=data)
    assert str(refused.value) == REFUSAL


def test_other_sheets_past_what_is_looked_through_are_refused_saying_how_far(
    admin_user, kibera, any_book, monkeypatch
):
    # Genders' opening, its header's columns, 33 of its rows
    monkeypatch.setattr(other_sheets, "MOST_LOOKED", 200 + other_sheets.HEADER_UNITS)
    lists = [["Gender", "Meaning"], *(["F", "Female"] for _row in range(60))]
    data = any_book({"Kibera": BRANCHES["Kibera"], "Genders": lists, "Kisumu": BRANCHES["Kisumu"]})
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=data)
    assert str(refused.value) == (
        "The workbook's other sheets were looked through for clients, which an import of one "
        "sheet would leave out, as far as line 34 of the sheet “Genders” (1,000 rows and cells "
        "in all): delete the sheets that hold no clients, or save the clients' sheet as a "
        "workbook of its own, and import that."
    )


def test_a_thousand_empty_sheets_beside_the_clients_refuse_nothing(admin_user, kibera):
    sheets = {"Kibera": BRANCHES["Kibera"], **{f"S{number}": [] for number in range(1_000)}}
    report = import_clients(user=admin_user, data=xlsx(sheets))
    assert [row.outcome for row in report.rows] == ["imported"]


@pytest.mark.parametrize(
    ("language", "sheets"),
    [
        ("fr", "sur les feuilles « Kibera », « Kisumu », et"),
        ("es", "en las hojas «Kibera», «Kisumu», y"),
    ],
)
def test_the_refusal_is_in_the_users_language(admin_user, kibera, language, sheets):
    with translation.override(language), pytest.raises(FileUnreadable, match=sheets):
        import_clients(user=admin_user, data=xlsx(BRANCHES))


def test_another_sheets_clients_below_a_million_blank_rows_are_found(admin_user, kibera, reader):
    """Its rows numbered from 1,000,001: a million blank rows before the first row it gives
    (rows out of order, which this test forged before, refuse a sheet: decision 164). Blank
    rows cost their reading only."""
    data = xlsx({"Kibera": BRANCHES["Kibera"], "Far": BRANCHES["Kisumu"]})
    with pytest.raises(FileUnreadable, match="on the sheets “Kibera”, “Far”, and"):
        import_clients(user=admin_user, data=_sheet_two_moved_down(data, 1_000_000))


def _sheet_two_moved_down(data: bytes, rows: int) -> bytes:
    """The second sheet's rows and cells numbered `rows` further down."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            content = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet2.xml":
                moved = rb' r="([A-Z]*)([0-9]+)"'
                content = re.sub(moved, lambda m: b' r="%s%d"' % (m[1], int(m[2]) + rows), content)
            archive.writestr(part.filename, content)
    return buffer.getvalue()


def _sheet_two_starting_with(data: bytes, forged: bytes, compression=zipfile.ZIP_DEFLATED):
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            content = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet2.xml":
                content = content.replace(b"<sheetData>", b"<sheetData>" + forged)
                archive.writestr(part.filename, content, compress_type=compression)
            else:
                archive.writestr(part.filename, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("forged", "compression"),
    [
        # markup longer than the reader's bound, stored as it is (no zip bomb)
        (b"<!--" + b"x" * (3 * 2**20) + b"-->", zipfile.ZIP_STORED),
        (b"<a/>" * 1_500_000, zipfile.ZIP_DEFLATED),  # inflating a thousandfold: a zip bomb
    ],
)
def test_a_forged_other_sheet_is_looked_at_no_further(
    admin_user, kibera, reader, forged, compression
):
    """The other sheet is read within the streamed reader's bounds (a zip bomb not at all):
    it shows no clients, and the read sheet's import goes on."""
    data = xlsx({"Kibera": BRANCHES["Kibera"], "Forged": BRANCHES["Kisumu"]})
    data = _sheet_two_starting_with(data, forged, compression)
    tables = other_sheets.other_sheet_tables(io.BytesIO(data), other_sheets.Looking())
    assert list(tables) == []
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported"]


def test_mteja_s_own_template_filled_in_imports_beside_its_lists_sheet(api, admin_user, kibera):
    """The template's "Lists" sheet, shown, holds the drop-downs' values under the columns'
    own names (office, gender…): values picked from lists, no client typed in."""
    template = "/fineract-provider/api/v1/clients/downloadtemplate"
    header = api.get(template, {"format": "csv"}).content.decode("utf-8-sig").strip().split(",")
    response = api.get(template)
    data = b"".join(response.streaming_content) if response.streaming else response.content
    row = {
        "office": "Kibera",
        "firstname": "Asha",
        "lastname": "Njeri",
        "submittedOnDate": "2024-01-10",
    }
    cells = "".join(
        f'<c r="{letter}2" t="inlineStr"><is><t>{row[name]}</t></is></c>'
        for letter, name in zip(column_letters(len(header)), header, strict=True)
        if name in row
    )
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            content = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</row>", f'</row><row r="2">{cells}</row>'.encode(), 1)
            archive.writestr(part.filename, content)
    assert [
        name
        for name, _table in other_sheets.other_sheet_tables(
            io.BytesIO(buffer.getvalue()), other_sheets.Looking()
        )
    ] == ["Lists"]
    report = import_clients(user=admin_user, data=buffer.getvalue())
    assert [row.outcome for row in report.rows] == ["imported"], report.rows[0].errors


def test_the_shared_texts_are_read_once_for_the_header_and_the_other_sheets(
    admin_user, kibera, monkeypatch
):
    """An .xlsx's table of texts (a million rows: millions of them, seconds of reading) is
    read once when an import is made, for its header and the look at its other sheets."""
    read = []

    def counted(archive, name):
        read.append(name)
        return fed_events(archive, name)

    fed_events = sheet_stream._fed_events
    monkeypatch.setattr(sheet_stream, "_fed_events", counted)
    data = xlsx({"Kibera": BRANCHES["Kibera"], "Lists": [["office"], ["Kibera"]]})
    assert "xl/sharedStrings.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    ClientImport(user=admin_user, source=data)
    assert read.count("xl/sharedStrings.xml") == 1
    with pytest.raises(FileUnreadable, match="on the sheets “Kibera”, “Kisumu”, and"):
        ClientImport(user=admin_user, source=xlsx(BRANCHES))


def test_a_first_sheet_without_clients_is_not_said_to_hold_some(admin_user, kibera, made):
    """The sheet read holds a header alone (a copy of the template), the clients are on
    another: the refusal says so, and names as holding clients only the sheets that do."""
    template = {"Template": [HEADER, [], ["", "", ""]]}
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=made({**template, "Kisumu": BRANCHES["Kisumu"]}))
    assert str(refused.value) == (
        "The workbook's first sheet, “Template”, is the one read and holds no clients; they "
        "are on the sheet “Kisumu”: move it first, or delete the other sheets."
    )
    with pytest.raises(FileUnreadable, match="on the sheets “Kibera”, “Kisumu”, and an"):
        import_clients(user=admin_user, data=made({**template, **BRANCHES}))
    with (
        translation.override("es"),
        pytest.raises(FileUnreadable, match="están en la hoja «Kisumu»"),
    ):
        import_clients(user=admin_user, data=made({**template, "Kisumu": BRANCHES["Kisumu"]}))
    assert not Client.objects.exists()
