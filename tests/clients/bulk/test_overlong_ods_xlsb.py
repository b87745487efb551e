"""A text longer than a spreadsheet's cell holds (32,767 characters) in an .ods or an .xlsb
(docs/decisions.md 183): cut and refused by its cell, as an .xlsx's is (decision 157), the
result file showing its start. Before, calamine's text was handed whole (a Text custom
field took 40,000 characters, the result echoed them); and an .ods's run of spaces
(`<text:s text:c="N"/>`), which calamine writes out, was not counted: a 1 kB file made it
hold half a gigabyte."""

import pytest
from tests.clients.bulk.test_import import upload
from tests.clients.bulk.test_import_xls_ods import ods_file, ods_rows
from tests.clients.bulk.xlsb_files import xlsb_book

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = ["office", "firstname", "lastname", "monthlyIncome"]
BEYOND = "This cell holds 40,000 characters, more than the import takes in a cell (32,767"
SPACED = '<text:p>b<text:s text:c="39998"/>b</text:p>'


def ods(income: str) -> bytes:
    """An .ods of one client whose monthly income (a column without a limit of its own) is
    the text `income` ("<spaces>": a b, a run of 39,998 spaces, a b)."""
    sheet = ods_rows([HEADER, ["Kibera", "Asha", "Njeri", "<spaces>"]])
    return ods_file(sheet.replace("<text:p>&lt;spaces&gt;</text:p>", income))


BOOKS = {
    "ods": lambda: ods(f"<text:p>{'b' * 40_000}</text:p>"),
    "ods, two paragraphs": lambda: ods(
        f"<text:p>{'b' * 20_000}</text:p><text:p>{'b' * 19_999}</text:p>"
    ),
    "ods, a run of spaces": lambda: ods(SPACED),
    "xlsb": lambda: xlsb_book({"Clients": [HEADER, ["Kibera", "Asha", "Njeri", "b" * 40_000]]}),
}


@pytest.mark.parametrize("book", BOOKS.values(), ids=BOOKS.keys())
def test_a_cell_beyond_a_spreadsheets_is_cut_and_refused_by_its_cell(api, kibera, book):
    data = book()
    response = upload(api, data, dryRun="true")
    assert response.status_code == 200, response.json()
    [row] = response.json()["rows"]
    [error] = row["errors"]
    assert error["column"] == "monthlyIncome" and error["message"].startswith(BEYOND)
    result = upload(api, data, output="csv").content.decode("utf-8-sig")
    assert len(result) < 2_000  # (the text was 40,000 characters)
    assert BEYOND in result and ",b" in result and "…" in result
    assert not Client.objects.exists()


def test_an_ods_whose_runs_of_spaces_calamine_would_write_out_is_refused_before(
    api, kibera, no_calamine
):
    many = '<text:p>b<text:s text:c="60000000"/>b</text:p>'
    response = upload(api, ods(many))
    assert response.status_code == 400, response.json()
    message = response.json()["errors"][0]["defaultUserMessage"]
    assert message.startswith("The workbook's cells would hold 60,000,0")
    assert not Client.objects.exists()
