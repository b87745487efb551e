"""A CSV row of more cells than the header has columns is refused by its line even when the
cells past the header are blank: a value holding the delimiter, unquoted, in a row whose last
column is blank shifts the cells after it with nothing past the header to show it
(decision 201)."""

import pytest
from django.utils import translation
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_import import upload

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,middlename,lastname,externalId"
SHIFTED = "Kibera,Asha,Mary, Ann,Njeri,"  # middlename "Mary, Ann", no external id
REFUSED = (
    "This line has 6 cells, more than the header's 5 columns, those past them blank: either a "
    "value holding the delimiter (a comma, a semicolon) is not in double quotes and the cells "
    "after it are shifted, or the line ends with more delimiters than the header line. Quote "
    "the value, or delete the extra delimiters."
)


def test_a_row_shifted_by_an_unquoted_comma_its_last_column_blank_is_refused(admin_user, kibera):
    """It was read as middle name "Mary", last name "Ann" and external id "Njeri"."""
    data = csv_file(HEADER, SHIFTED, 'Kibera,Baraka,"Li, Mei",Otieno,')
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [
        (2, "invalid", [("", REFUSED)]),
        (3, "imported", []),
    ]
    assert list(Client.objects.values_list("middlename", "lastname", "external_id")) == [
        ("Li, Mei", "Otieno", None)
    ]


def test_a_line_of_blank_cells_past_the_header_is_still_a_blank_line(admin_user, kibera):
    report = import_clients(user=admin_user, data=csv_file(HEADER, ",,,,,,,", "Kibera,Ali,,Omar,"))
    assert [(row.line, row.outcome) for row in report.rows] == [(3, "imported")]


def test_the_header_given_the_rows_delimiters_reads_them(admin_user, kibera):
    """A file whose lines each end with a delimiter reads when its header line does too."""
    data = csv_file(HEADER + ",", "Kibera,Ali,,Omar,,", "Kibera,Zawadi,,Achieng,Z-1,")
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "imported"]


def test_the_api_answers_the_refusal_by_its_line(api, kibera):
    body = upload(api, csv_file(HEADER, SHIFTED), dryRun="true").json()
    assert body["rows"] == [
        {"line": 2, "status": "invalid", "accountNo": "",
         "errors": [{"column": "", "message": REFUSED}]},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("fr", "Cette ligne a 6 cellules, plus que les 5 colonnes de l’en-tête, celles au-delà "
               "vides :"),
        ("es", "Esta línea tiene 6 celdas, más que las 5 columnas del encabezado, las que "
               "sobran vacías:"),
    ],
)  # fmt: skip
def test_the_refusal_is_translated(admin_user, kibera, language, start):
    with translation.override(language):
        (row,) = import_clients(user=admin_user, data=csv_file(HEADER, SHIFTED)).rows
        assert row.errors[0][1].startswith(start)
