"""Sheets no spreadsheet writes, read alike by both .xlsx readers (calamine, and the streamed
reader any workbook may be given: a large one): a second list of rows (`<sheetData>`) or rows
outside the first are not read; rows out of order or given twice, a cell of a type no
spreadsheet writes, a row numbered 0 or " 2" refuse the workbook. Before, the streamed reader
imported the second list's rows, numbered rows in the file's order and read what calamine
refuses."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ("office", "firstname", "lastname")


def cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number, *texts: str) -> str:
    cells = "".join(cell(f"{'ABC'[i]}{number}", text) for i, text in enumerate(texts))
    return f'<row r="{number}">{cells}</row>'


def workbook(sheet: str) -> bytes:
    """A workbook of one sheet whose XML after its header row is `sheet`, built by hand."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="'
        f'{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets><sheet '
        'name="Clients" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1"'
        f' Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{row(1, *HEADER)}'
        f"{sheet}</worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def imported(api, data: bytes):
    body = {"file": SimpleUploadedFile("clients.xlsx", data, "application/octet-stream")}
    return api.post(URL, body, format="multipart")


ASHA, JUMA = ("Kibera", "Asha", "Njeri"), ("Kibera", "Juma", "Otieno")


@pytest.mark.parametrize(
    "sheet",
    [
        # A second list of rows, after the first, or rows after the list in another element.
        row(2, *ASHA) + "</sheetData><sheetData>" + row(3, *JUMA) + "</sheetData>",
        row(2, *ASHA) + "</sheetData><sheetData>" + row(2, *JUMA) + "</sheetData>",
        row(2, *ASHA) + "</sheetData><extLst>" + row(3, *JUMA) + "</extLst>",
    ],
)
def test_rows_after_the_first_list_of_rows_are_not_read(api, kibera, xlsx_reader, sheet):
    response = imported(api, workbook(sheet))
    assert response.status_code == 200, response.json()
    assert list(Client.objects.values_list("firstname", flat=True)) == ["Asha"]


@pytest.mark.parametrize(
    "sheet",
    [
        row(5, *ASHA) + row(3, *JUMA),  # out of order
        row(3, *ASHA) + row(3, *JUMA),  # a row given twice
        row(2, *ASHA) + row(0, *JUMA),
        row(2, *ASHA) + '<row r=" 3">' + cell("A3", "Kibera") + cell("B3", "Juma") + "</row>",
        row(2, *ASHA)
        + row(3, "Kibera", "Juma").replace("</row>", '<c r="C3" t="zz"><v>5</v></c></row>'),
    ],
    ids=["out of order", "twice", "row 0", "row ' 3'", "type zz"],
)
def test_a_sheet_no_spreadsheet_writes_is_refused_by_either_reader(api, kibera, xlsx_reader, sheet):
    response = imported(api, workbook(sheet + "</sheetData>"))
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["defaultUserMessage"] == (
        "The Excel workbook cannot be read."
    )
    assert not Client.objects.exists()


def test_rows_in_order_with_gaps_are_read_by_either_reader(api, kibera, xlsx_reader):
    response = imported(api, workbook(row(3, *ASHA) + row(7, *JUMA) + "</sheetData>"))
    assert response.status_code == 200, response.json()
    assert sorted(Client.objects.values_list("firstname", flat=True)) == ["Asha", "Juma"]
