"""A number cell (`t="n"`, or no type) whose value is no number as calamine parses one (Rust's
`f64`: ASCII digits, no spaces, no `_`) is read as its text by both .xlsx readers
(decision 210). calamine read it as text; the streamed reader parsed it as Python's `float`
does (" 12 ", "1_0", Arabic-Indic digits: 12.0, 10.0, 12.0) or refused the workbook ("abc",
"0x10")."""

import pytest
from tests.clients.bulk.test_forged_sheet_cells import row_of
from tests.clients.bulk.test_forged_sheet_rows import cell, imported, workbook

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "lastname"),
    [("abc", "abc"), ("0x10", "0x10"), ("1_0", "1_0"), ("\u0661\u0662", "\u0661\u0662"),
     ("+5", "5"), (".5", "0.5")],
)  # fmt: skip
def test_a_number_cells_text_is_read_alike(api, kibera, xlsx_reader, value, lastname):
    sheet = row_of(2, cell("A2", "Kibera"), cell("B2", "Asha"), f'<c r="C2"><v>{value}</v></c>')
    response = imported(api, workbook(sheet + "</sheetData>"))
    assert response.status_code == 200, response.json()
    assert list(Client.objects.values_list("firstname", "lastname")) == [("Asha", lastname)]
