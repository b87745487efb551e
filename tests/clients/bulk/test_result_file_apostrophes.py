"""A result file gives back an exported file's cells as they were: the apostrophe an export
put before a formula-like text (a client's `=…` name, every `+254…` phone of a CSV export)
is not doubled, so a refused row, fixed in the result file and imported again, holds what
the export held."""

import pytest
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_import import upload

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,mobileNo"


def test_a_refused_row_fixed_in_the_result_file_imports_the_exported_values(api, kibera):
    exported = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,EXP-1,'+254712000001",
        "Kibera,'=HYPERLINK(1),,EXP-2,'+254712000002",  # no last name: refused
    )
    result = upload(api, exported, output="csv").content.decode("utf-8-sig")
    refused = result.splitlines()[2]
    assert refused.startswith("Kibera,'=HYPERLINK(1),,EXP-2,'+254712000002,"), refused
    fixed = refused.replace(",,EXP-2", ",Otieno,EXP-2")
    again = upload(api, csv_file(result.splitlines()[0], fixed), output="csv")
    assert again.status_code == 200, again.content
    status = again.content.decode("utf-8-sig").splitlines()[1]
    assert ",Imported as " in status, status
    second = Client.objects.get(external_id="EXP-2")
    assert (second.firstname, second.mobile_no) == ("=HYPERLINK(1)", "+254712000002")


@pytest.mark.parametrize(
    ("cell", "given_back"),
    [
        ("=1+1", "'=1+1"),  # a formula typed into the file: neutralised
        (" =1+1", "' =1+1"),  # behind the spaces a spreadsheet trims
        ("'=1+1", "'=1+1"),  # an export's neutralised formula: as it was
        ("''=1+1", "''=1+1"),  # an export's text typed '=1+1
        ("'+254712000003", "'+254712000003"),
        ("'#N/A", "'#N/A"),
    ],
)
def test_the_result_file_quotes_a_formula_once(api, kibera, cell, given_back):
    data = csv_file("office,firstname,lastname", f"Kibera,{cell},")
    text = upload(api, data, output="csv").content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith(f"Kibera,{given_back},,"), text


def test_the_workbook_result_file_gives_an_exported_phone_back_as_the_import_read_it(api, kibera):
    import io

    from python_calamine import CalamineWorkbook

    exported = csv_file(HEADER, "Kibera,'=HYPERLINK(1),,EXP-3,'+254712000004")
    result = upload(api, exported, output="xlsx").content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(result)).get_sheet_by_index(0)
    _header, refused = sheet.to_python()
    assert refused[1] == "'=HYPERLINK(1)"  # the file's cell, read as =HYPERLINK(1)
    assert refused[4] == "+254712000004"  # a phone's quote-prefix text cell
