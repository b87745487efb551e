"""A workbook cell naming its text by an index into the shared strings that names none (below
0, not a whole number, past any count) is refused as one past the last string is: read, it
was another cell's text — the last string (Python's index from the end) or the first
(calamine's reading of what it cannot parse) — written as the client's name."""

import io
import re
import zipfile

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from mteja.clients.bulk import reading, xlsx_range
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
SHEET = "xl/worksheets/sheet1.xml"


def workbook_naming_asha_by(index: str) -> bytes:
    """Two clients; the first one's first name a shared string's cell holding `index`."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    rows = [["office", "firstname", "lastname"], ["Kibera", "Asha", "Njeri"],
            ["Kibera", "Juma", "Otieno"]]  # fmt: skip
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    book.close()
    made, forged = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in made.namelist():
            data = made.read(name)
            if name == SHEET:
                data = re.sub(rb'(<c r="B2" t="s"><v>)\d+', rb"\g<1>" + index.encode(), data)
            archive.writestr(name, data)
    return forged.getvalue()


def _imported(api, index: str):
    """The API's answer to the workbook whose cell B2 names its shared string by `index`."""
    data = workbook_naming_asha_by(index)
    body = {"file": SimpleUploadedFile("clients.xlsx", data, "application/octet-stream")}
    return api.post(URL, body, format="multipart")


@pytest.mark.parametrize("index", ["-1", "abc", "1.5", "99999999999999999999"])
def test_a_shared_string_index_naming_no_string_refuses_the_workbook(
    api, kibera, xlsx_reader, index
):
    response = _imported(api, index)
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["defaultUserMessage"] == (
        "The Excel workbook cannot be read."
    )
    assert not Client.objects.exists()


@pytest.mark.parametrize("index", ["0004", " 4 "])
def test_a_shared_string_index_of_zeros_or_spaces_around_is_its_string(
    api, kibera, xlsx_reader, index
):
    response = _imported(api, index)
    assert response.status_code == 200, response.json()
    assert sorted(Client.objects.values_list("firstname", flat=True)) == ["Asha", "Juma"]


def test_an_index_naming_no_string_is_found_wherever_a_chunk_ends(monkeypatch):
    """The look before calamine reads a part a chunk at a time: the cell's tag, its value
    and the value's end may come in different chunks."""
    data = workbook_naming_asha_by("4abc")
    for inflate_bytes in range(3, 120):
        monkeypatch.setattr(xlsx_range, "INFLATE_BYTES", inflate_bytes)
        assert not reading._fits_calamine(io.BytesIO(data)), inflate_bytes
    monkeypatch.setattr(xlsx_range, "INFLATE_BYTES", 7)
    assert reading._fits_calamine(io.BytesIO(workbook_naming_asha_by("4")))
