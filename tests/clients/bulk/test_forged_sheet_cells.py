"""Cells no spreadsheet writes, read alike by both .xlsx readers (calamine, and the streamed
reader any workbook may be given: a large one), decision 182: a cell whose reference names
another row than the row it is in refuses the workbook (calamine would place it on that
row, the streamed reader on its own); an inline text (`<is>`) is read in a cell of any type,
a cell's last value being the one read; a boolean other than 0, 1, true or false refuses the
workbook. Before, the streamed reader read each of them otherwise than calamine."""

import pytest
from tests.clients.bulk.test_forged_sheet_rows import ASHA, JUMA, cell, imported, row, workbook

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    return response.status_code == 400 and response.json()["errors"][0]["defaultUserMessage"] == (
        "The Excel workbook cannot be read."
    )


def row_of(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


@pytest.mark.parametrize(
    "sheet",
    [
        # A cell naming the row below its own, then that row.
        row_of(2, cell("A2", "Kibera"), cell("B2", "Asha"), cell("C3", "Njeri")) + row(3, *JUMA),
        # ... naming the row above, which holds no cell in that column.
        row(2, *ASHA) + row_of(3, cell("A3", "Kibera"), cell("B3", "Juma"), cell("D2", "x")),
        # ... naming a row far below, no row of its own there.
        row(2, *ASHA) + row_of(3, cell("A3", "Kibera"), cell("B3", "Juma"), cell("C9", "O")),
        # ... naming no row at all.
        row_of(2, cell("A2", "Kibera"), cell("B2", "Asha"), cell("C", "Njeri")),
    ],
    ids=["row below", "row above", "row far below", "no row"],
)
def test_a_cell_naming_another_row_refuses_the_workbook(api, kibera, xlsx_reader, sheet):
    response = imported(api, workbook(sheet + "</sheetData>"))
    assert refused(response), response.json()
    assert not Client.objects.exists()


def test_rows_without_numbers_whose_cells_name_them_are_read(api, kibera, xlsx_reader):
    sheet = row(2, *ASHA).replace(' r="2">', ">") + row(3, *JUMA).replace(' r="3">', ">")
    response = imported(api, workbook(sheet + "</sheetData>"))
    assert response.status_code == 200, response.json()
    assert sorted(Client.objects.values_list("firstname", flat=True)) == ["Asha", "Juma"]


@pytest.mark.parametrize(
    "asha",
    [
        '<c r="B2"><is><t>Asha</t></is></c>',
        '<c r="B2" t="n"><is><t>Asha</t></is></c>',
        '<c r="B2" t="s"><is><t>Asha</t></is></c>',
        '<c r="B2" t="str"><is><r><t>As</t></r><r><t>ha</t></r></is></c>',
        '<c r="B2" t="e"><v>#N/A</v><is><t>Asha</t></is></c>',
        '<c r="B2" t="inlineStr"><is><t>Juma</t></is><is><t>Asha</t></is></c>',
        '<c r="B2" t="str"><v>Juma</v><v>Asha</v></c>',
    ],
    ids=["no type", "number", "shared", "formula text", "error", "two texts", "two values"],
)
def test_a_cells_last_value_is_read_whatever_its_type(api, kibera, xlsx_reader, asha):
    sheet = row_of(2, cell("A2", "Kibera"), asha, cell("C2", "Njeri"))
    response = imported(api, workbook(sheet + "</sheetData>"))
    assert response.status_code == 200, response.json()
    assert list(Client.objects.values_list("firstname", "lastname")) == [("Asha", "Njeri")]


@pytest.mark.parametrize("value", ["2", "-1", "yes", "01", "1.0"])
def test_a_boolean_other_than_0_1_true_false_refuses_the_workbook(api, kibera, xlsx_reader, value):
    sheet = row(2, *ASHA) + row_of(
        3, cell("A3", "Kibera"), cell("B3", "Juma"), f'<c r="C3" t="b"><v>{value}</v></c>'
    )
    response = imported(api, workbook(sheet + "</sheetData>"))
    assert refused(response), response.json()
    assert not Client.objects.exists()
