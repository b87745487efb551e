"""A cell's value written with XML's other spellings — a character reference (`&#49;`), a
CDATA section, a comment inside it — is read as XML means it by both .xlsx readers
(decision 210). calamine read the text of such a `<v>` up to its first reference, section or
comment (`<v>&#49;</v>` empty, `<v>1&#50;</v>` 1), the streamed reader the whole: the look
before calamine now sends such a workbook to the streamed reader."""

import io
import zipfile

import pytest
from tests.clients.bulk.test_forged_sheet_cells import row_of
from tests.clients.bulk.test_forged_sheet_rows import cell, imported, workbook

from mteja.clients.bulk import xlsx_range
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "lastname",
    [
        '<c r="C2"><v>&#49;2</v></c>',
        '<c r="C2"><v>1&#50;</v></c>',
        '<c r="C2"><v>&#x31;&#x32;</v></c>',
        '<c r="C2"><v><![CDATA[12]]></v></c>',
        '<c r="C2"><v>1<!-- a comment -->2</v></c>',
        '<c r="C2" t="str"><v><![CDATA[12]]></v></c>',
        '<c r="C2" t="str"><v>1<![CDATA[2]]></v></c>',
        '<x:c r="C2" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<x:v>&#49;2</x:v></x:c>",
    ],
    ids=["reference first", "reference after", "hexadecimal", "cdata", "comment", "cdata text",
         "cdata after text", "prefixed"],
)  # fmt: skip
def test_a_value_spelt_otherwise_is_read_alike(api, kibera, xlsx_reader, lastname):
    sheet = row_of(2, cell("A2", "Kibera"), cell("B2", "Asha"), lastname)
    response = imported(api, workbook(sheet + "</sheetData>"))
    assert response.status_code == 200, response.json()
    assert list(Client.objects.values_list("firstname", "lastname")) == [("Asha", "12")]


def test_a_value_opened_at_a_chunks_end_is_read_alike(api, kibera, xlsx_reader, monkeypatch):
    """The look reads a sheet a megabyte at a time: a `<v>` ending one, its reference in
    the next, is looked at whole."""
    lastname = '<c r="C2"><v>&#49;2</v></c>'
    data = workbook(row_of(2, cell("A2", "Kibera"), cell("B2", "Asha"), lastname) + "</sheetData>")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    monkeypatch.setattr(xlsx_range, "INFLATE_BYTES", sheet.index(b"<v>&#49;") + len(b"<v>"))
    response = imported(api, data)
    assert response.status_code == 200, response.json()
    assert list(Client.objects.values_list("firstname", "lastname")) == [("Asha", "12")]
