"""An Excel 97-2003 workbook (.xls), the format Fineract's templates are downloaded in, and
an OpenDocument spreadsheet (.ods), LibreOffice's, are imported as an .xlsx is; one whose
sheets span more cells than calamine may hold is refused before calamine reads it."""

import datetime
import io
import zipfile
from collections import OrderedDict
from xml.sax.saxutils import escape

import pytest
import xlwt
from python_calamine import CalamineWorkbook
from tests.clients.bulk.test_import_fineract_template import PERSON
from tests.clients.bulk.test_job_api import API, upload

from mteja.clients.bulk import counted, ods_range, sheet_stream, xls_range
from mteja.clients.bulk.counting import count_rows
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.imports import files, running
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ClientStatus, ImportJob
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

DATES = xlwt.easyxf(num_format_str="dd mmmm yyyy")


def xls_workbook(header: list[str], rows: list[list], *, hidden_first: bool = False) -> bytes:
    """An .xls of `rows` under `header` (dates as date cells), in a sheet named as
    Fineract's; `hidden_first` puts a hidden sheet of lookups before it."""
    book = xlwt.Workbook()
    if hidden_first:
        lookups = book.add_sheet("Offices")
        lookups.write(0, 0, "Office*")
        lookups.write(1, 0, "Nowhere")
        lookups.visibility = 1
    sheet = book.add_sheet("ClientPerson")
    for column, name in enumerate(header):
        sheet.write(0, column, name)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(number, column, value, DATES)
            elif value is not None:
                sheet.write(number, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_fineracts_person_template_filled_in_as_xls_imports(admin_user, kibera, make_officer):
    officer = make_officer(kibera, lastname="Wanjiru")
    female = CodeValue.objects.get(code__name="Gender", name="Female")
    filled = [None] * len(PERSON)
    asha = list(filled)
    asha[:11] = ["Asha", "Njeri", "", "Kibera", officer.display_name, "FIN-1",
                 datetime.date(2024, 1, 10), datetime.date(2024, 1, 11), True, "0712000001",
                 datetime.date(1990, 5, 17)]  # fmt: skip
    asha[13] = f"Female-{female.pk}"
    baraka = list(filled)
    baraka[:9] = ["Baraka", "Otieno", "", "Nowhere", None, "FIN-2",
                  datetime.date(2024, 1, 10), None, False]  # fmt: skip
    data = xls_workbook(PERSON, [asha, baraka], hidden_first=True)
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome) for row in report.rows] == [(2, "imported"), (3, "invalid")]
    assert report.rows[1].errors[0][0] == "Office Name*"
    client = Client.objects.get(external_id="FIN-1")
    assert (client.office, client.staff, client.gender, client.mobile_no) == (
        kibera, officer, female, "0712000001"
    )  # fmt: skip
    assert (client.date_of_birth, client.activation_date, client.status) == (
        datetime.date(1990, 5, 17), datetime.date(2024, 1, 11), ClientStatus.ACTIVE
    )  # fmt: skip
    # The same file again: recognised, nothing created twice.
    again = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in again.rows] == ["already imported", "invalid"]
    assert Client.objects.count() == 1


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_workbook_uploaded_to_fineracts_import_api_runs_as_a_job(api_as, clerk, kibera, kind):
    header = ["office", "firstname", "lastname", "externalId"]
    rows = [[kibera.name, "Asha", "Njeri", "WB-1"], [kibera.name, "Baraka", None, "WB-2"]]
    data = xls_workbook(header, rows) if kind == "xls" else ods_file(ods_rows([header, *rows]))
    response = upload(api_as(clerk), data, name=f"clients.{kind}")
    assert response.status_code == 200, response.content
    job = ImportJob.objects.get(pk=response.json())
    assert (job.status, job.total_rows, job.rows_done) == ("completed", 2, 2)
    assert list(Client.objects.values_list("external_id", flat=True)) == ["WB-1"]
    result = api_as(clerk).get(f"{API}/imports/downloadOutputTemplate",
                               {"importDocumentId": job.pk})  # fmt: skip
    assert result.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(result.streaming_content)))
    sheet = book.get_sheet_by_index(0).to_python()
    assert sheet[0][-1] == "Status"
    assert sheet[1][-1].startswith("Imported")
    assert "lastname" in sheet[2][-1]


def test_an_xls_spanning_too_many_cells_is_refused_before_it_is_read(admin_user):
    """One cell at IV65536 (a 6 kB file) made calamine hold 1 GB."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Clients")
    sheet.write(0, 0, "firstname")
    sheet.write(65535, 255, "far")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileUnreadable, match=r"spans 16,777,216 cells, more than the 2,000,000"):
        import_clients(user=admin_user, data=buffer.getvalue())


def test_a_compound_file_that_is_no_workbook_is_refused(admin_user):
    with pytest.raises(FileUnreadable, match="The Excel workbook cannot be read"):
        import_clients(user=admin_user, data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def password_protected_xlsx() -> bytes:
    """What Excel saves of an .xlsx given a password to open: a compound file holding the
    encrypted package (here an .xls's compound file, its one stream renamed so)."""
    data = xls_workbook(["firstname"], [["Asha"]])
    old, new = "Workbook".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le")
    at = data.index(old)  # the directory entry: the name (64 bytes), then its length
    entry = new.ljust(64, b"\0") + (len(new) + 2).to_bytes(2, "little")
    return data[:at] + entry + data[at + 66 :]


def password_protected_xls() -> bytes:
    """An .xls saved with a password: its globals begin with a FILEPASS record (here in
    place of the INTERFACEHDR after the BOF, of the same length)."""
    data = xls_workbook(["firstname"], [["Asha"]])
    at = data.index(b"\xe1\x00\x02\x00")
    return data[:at] + b"\x2f\x00" + data[at + 2 :]


def password_protected_ods() -> bytes:
    """An .ods saved with a password: its manifest gives each part's encryption, and
    content.xml is ciphered bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", bytes(range(256)) * 4)
        archive.writestr(
            "META-INF/manifest.xml",
            ODS_MANIFEST.replace(
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
                'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                '<manifest:encryption-data manifest:checksum-type="SHA1/1K" '
                'manifest:checksum="x"/></manifest:file-entry>',
            ),
        )
    return buffer.getvalue()


@pytest.mark.parametrize(
    "protected", [password_protected_xlsx, password_protected_xls, password_protected_ods]
)
def test_a_workbook_protected_by_a_password_is_refused_saying_so(
    api_as, clerk, admin_user, no_calamine, protected
):
    """It read as a broken workbook ("cannot be read"), which no one could mend."""
    data = protected()
    message = "The workbook is protected by a password: open it, save it again without"
    with pytest.raises(FileUnreadable, match=message):
        import_clients(user=admin_user, data=data)
    response = upload(api_as(clerk), data, name="clients.xlsx")
    assert response.status_code == 400
    assert response.json()["errors"][0]["defaultUserMessage"].startswith(message)
    assert not ImportJob.objects.exists()


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
# What LibreOffice writes after a sheet's last cell and last row: empty cells to its edge.
ODS_ROW_END = '<table:table-cell table:number-columns-repeated="1020"/>'
ODS_SHEET_END = (
    '<table:table-row table:number-rows-repeated="1048570">'
    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
)


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
    'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>'
)


def ods_cell(value) -> str:
    if isinstance(value, datetime.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>")  # fmt: skip
    if value is None:
        return "<table:table-cell/>"
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
            "</table:table-cell>")  # fmt: skip


def ods_file(sheet_xml: str) -> bytes:
    """An .ods as LibreOffice lays one out, of one sheet's rows (`sheet_xml`)."""
    return ods_of(
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Clients">{sheet_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )


def ods_of(content: str) -> bytes:
    """An .ods archive of this content.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)  # fmt: skip
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
    return buffer.getvalue()


def ods_rows(rows: list[list]) -> str:
    return (
        "".join(
            f"<table:table-row>{''.join(ods_cell(value) for value in row)}{ODS_ROW_END}"
            "</table:table-row>"
            for row in rows
        )
        + ODS_SHEET_END
    )


def test_a_libreoffice_spreadsheet_imports(admin_user, kibera):
    rows = [["office", "firstname", "lastname", "externalId", "dateOfBirth"],
            [kibera.name, "Asha", "Njeri", "ODS-1", datetime.date(1990, 5, 17)],
            [kibera.name, "Baraka", None, "ODS-2", None]]  # fmt: skip
    data = ods_file(ods_rows(rows))
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome) for row in report.rows] == [(2, "imported"), (3, "invalid")]
    assert report.rows[1].errors[0][0] == "lastname"
    assert Client.objects.get(external_id="ODS-1").date_of_birth == datetime.date(1990, 5, 17)
    assert [row.outcome for row in import_clients(user=admin_user, data=data).rows] == [
        "already imported", "invalid"
    ]  # fmt: skip


def test_an_ods_repeating_a_cell_past_the_bound_is_refused_before_calamine_reads_it(
    admin_user, no_calamine
):
    """A 1 kB file repeating one cell 20 million times made calamine hold 2.5 GB."""

    repeated = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="20" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    data = ods_file(ods_rows([["firstname"]]).replace(ODS_SHEET_END, repeated))
    with pytest.raises(FileUnreadable, match=r"\(\.ods\) spans 20,000,020 cells"):
        import_clients(user=admin_user, data=data)


def test_an_ods_holding_a_comment_longer_than_markup_may_be_cannot_be_read(admin_user, no_calamine):
    """Its cells were counted by a parser (expat before 2.6) that read an unfinished comment
    again at each 64 kB fed it, and held it: 150 MB of one (a 150 kB file) took minutes."""
    comment = f"<!--{'x' * 2 * sheet_stream.MOST_MARKUP_BYTES}-->"
    data = ods_file(comment + ods_rows([["firstname", "lastname"], ["Asha", "Njeri"]]))
    with pytest.raises(FileUnreadable, match="The Excel workbook cannot be read"):
        import_clients(user=admin_user, data=data)


@pytest.mark.parametrize(
    "content",
    [b"<office:document-content unbound:prefix='1'/>", b"not xml at all", b""],
)
def test_an_ods_whose_content_is_no_xml_cannot_be_read(admin_user, content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    with pytest.raises(FileUnreadable, match="The Excel workbook cannot be read"):
        import_clients(user=admin_user, data=buffer.getvalue())


@pytest.mark.parametrize("other_part", ["xl/workbook.xml", "xl/workbook.bin"])
def test_a_zip_holding_an_ods_and_an_excel_workbook_is_refused(admin_user, no_calamine,
                                                              other_part):  # fmt: skip
    """calamine tries .xlsx, then .xlsb, then .ods: a zip of two kinds would be read as one
    while its cells were counted as the other."""

    with zipfile.ZipFile(io.BytesIO(ods_file(ods_rows([["firstname"], ["Asha"]])))) as ods:
        parts = {name: ods.read(name) for name in ods.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in {**parts, other_part: b"<workbook/>"}.items():
            archive.writestr(name, data)
    with pytest.raises(FileUnreadable, match="The Excel workbook cannot be read"):
        import_clients(user=admin_user, data=buffer.getvalue())


def test_an_xls_naming_one_long_text_in_many_cells_is_refused_before_it_is_read(
    admin_user, no_calamine
):
    """calamine writes a shared string out in each cell naming it: 2,000 cells of one
    30,000-letter text (a string running over several records) would be 60 million."""

    book = xlwt.Workbook()
    sheet = book.add_sheet("Clients")
    sheet.write(0, 0, "firstname")
    for row in range(1, 2001):
        sheet.write(row, 0, "é" + "A" * 29_999)  # (a wide string: two bytes a letter)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileUnreadable, match=r"would hold 60,000,009 characters of text"):
        import_clients(user=admin_user, data=buffer.getvalue())


def test_an_ods_repeating_a_long_text_is_refused_before_calamine_reads_it(admin_user, no_calamine):
    repeated = (
        '<table:table-row table:number-rows-repeated="100">'
        '<table:table-cell table:number-columns-repeated="100" office:value-type="string">'
        f"<text:p>{'x' * 5_000}<text:s/>{'y' * 5_000}</text:p></table:table-cell>"
        "</table:table-row>"
    )
    data = ods_file(ods_rows([["firstname"]]).replace(ODS_SHEET_END, repeated))
    with pytest.raises(FileUnreadable, match=r"would hold 100,010,009 characters of text"):
        import_clients(user=admin_user, data=data)


@pytest.fixture
def countings(monkeypatch) -> list[str]:
    """The countings of an .xls's or .ods's cells, from now on in this process (which forgets
    the counts it made before)."""
    made = []
    for module in (xls_range, ods_range):

        def counting(*args, count=module.sheet_ranges, kind=module.__name__, **kwargs):
            made.append(kind)
            return count(*args, **kwargs)

        monkeypatch.setattr(module, "sheet_ranges", counting)
    monkeypatch.setattr(counted, "_remembered", OrderedDict())
    return made


def _workbook(kind: str, kibera) -> bytes:
    header = ["office", "firstname", "lastname", "externalId"]
    rows = [[kibera.name, "Asha", "Njeri", "WB-1"], [kibera.name, "Baraka", None, "WB-2"]]
    return xls_workbook(header, rows) if kind == "xls" else ods_file(ods_rows([header, *rows]))


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_workbook_imported_at_once_is_counted_once(admin_user, kibera, countings, kind):
    """Counted for its rows, its header, its read through and its pass: up to 5.6 s each
    for 65,000 rows of 30 columns."""
    data = _workbook(kind, kibera)
    assert count_rows(io.BytesIO(data)) == 2
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "invalid"]
    assert len(countings) == 1


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_jobs_workbook_is_counted_once_whichever_process_reads_it(
    admin_user, kibera, countings, kind
):
    job = import_job_create(actor=admin_user, data=_workbook(kind, kibera), file_name="c." + kind)
    assert len(countings) == 1
    counted._remembered.clear()  # the worker: another process
    job = running.run_job(job.pk)
    assert (job.status, job.outcomes) == ("completed", {"imported": 1, "invalid": 1})
    counted._remembered.clear()  # the web process that serves the result
    result = b"".join(files.job_result(job, "csv", job.created_by).streaming_content).decode(
        "utf-8-sig"
    )
    assert "Imported as" in result
    assert len(countings) == 1


def test_a_workbook_changed_since_it_was_counted_is_counted_again(tmp_path, countings, kibera):
    path = tmp_path / "clients.xls"
    path.write_bytes(_workbook("xls", kibera))
    notes = tmp_path / "counts.json"
    with path.open("rb") as stream:
        assert count_rows(stream) == 2
    counted.write_down(path, notes)
    counted._remembered.clear()
    path.write_bytes(xls_workbook(["firstname"], [["Asha"]] * 5))
    counted.read_back(path, notes)
    with path.open("rb") as stream:
        assert count_rows(stream) == 5
    assert len(countings) == 2
