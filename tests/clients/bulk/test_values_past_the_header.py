"""A row's value past the header's last column is refused by its place ("a value in column
E (number 5), whose header cell is blank"; a CSV line of more cells than the header's
columns), but the result file dropped it: the user could not see the value they were told
of. The result keeps the row's cells past the header after its Status, up to the last
holding a value, under no header, in the CSV and the XLSX alike (decision 298)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_nameless_columns import (
    without_a_column,
    xlsx_merged_past_the_header,
    xlsx_with_a_gap,
)

pytestmark = pytest.mark.django_db

IMPORT_AT_ONCE = "/fineract-provider/api/v1/clients/import"


def table(data: bytes, chosen: str) -> list[list[str]]:
    """A result file's rows as text, each without the blanks it ends with."""
    if chosen == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = [[str(cell) for cell in row] for row in sheet.to_python(skip_empty_area=False)]
    for row in rows:
        while row and row[-1] == "":
            row.pop()
    return rows


def job_result(api, data: bytes, name: str, chosen: str) -> list[list[str]]:
    body = {"file": SimpleUploadedFile(name, data, "application/octet-stream"), "locale": "en"}
    job_id = api.post(f"{API}/clients/uploadtemplate", body, format="multipart").json()
    result = api.get(f"{API}/imports/downloadOutputTemplate",
                     {"importDocumentId": job_id, "format": chosen})  # fmt: skip
    assert result.status_code == 200
    return table(b"".join(result.streaming_content), chosen)


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_a_workbooks_value_past_the_header_follows_the_status(api, kibera, xlsx_reader, chosen):
    rows = job_result(api, xlsx_with_a_gap(), "clients.xlsx", chosen)
    assert rows[0] == ["office", "firstname", "", "lastname", "Status"]
    assert rows[2] == ["Kibera", "Baraka", "", "Otieno", without_a_column("E", 5), "call back"]
    assert rows[3][:4] == ["Kibera", "Chao", "", "Wu"] and len(rows[3]) == 5
    assert rows[3][4].startswith("Imported as ")


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_a_merge_past_the_header_shows_its_value(api, kibera, xlsx_reader, chosen):
    rows = job_result(api, xlsx_merged_past_the_header(), "clients.xlsx", chosen)
    assert rows[1] == ["Kibera", "Asha", "", "Njeri", without_a_column("E", 5), "call back"]


SHIFTED = csv_file(
    "office,firstname,lastname",
    "Kibera,Njeri, Asha,Wanjiru,=1+2",  # a name with a comma, unquoted: two cells more
    "Kibera,Baraka,Otieno,,,",  # more delimiters than the header, nothing past it
)


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_a_csv_lines_cells_past_the_header_are_kept_and_neutralised(api, kibera, chosen):
    """The result file of an import at once; a cell past the header that a spreadsheet would
    run as a formula is neutralised as the others are."""
    response = api.post(
        IMPORT_AT_ONCE,
        {
            "file": SimpleUploadedFile("clients.csv", SHIFTED, "text/csv"),
            "dryRun": "true",
            "output": chosen,
        },
        format="multipart",
    )
    assert response.status_code == 200
    header, shifted, blank_past = table(response.content, chosen)
    assert header == ["office", "firstname", "lastname", "Status"]
    assert shifted[:3] == ["Kibera", "Njeri", " Asha"]
    assert shifted[3].startswith("This line has 5 cells, more than the header's 3 columns")
    assert shifted[4:] == ["Wanjiru", "'=1+2"]
    assert blank_past[:3] == ["Kibera", "Baraka", "Otieno"]
    assert blank_past[3].startswith("This line has 6 cells, more than the header's 3 columns")
    assert len(blank_past) == 4  # its blank cells past the header add nothing
