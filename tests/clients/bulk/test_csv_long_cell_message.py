"""A CSV cell longer than the import reads is refused naming its line; "(a quote left open?)"
is said only when a quote is: a long cell whose quote closes (or that has none) is only
long, and a header line past a row's bound is said to be the header line. Before, every
such refusal asked about a quote left open."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.files import csv_file

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
MIB = 2**20


def refusal(api, *lines: str) -> str:
    return refused(api, csv_file("office,firstname,lastname", *lines, "Kibera,Juma,Otieno"))


def refused(api, data: bytes) -> str:
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(URL, body, format="multipart")
    assert response.status_code == 400, response.json()
    return response.json()["errors"][0]["defaultUserMessage"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (f'Kibera,"{"A" * MIB}",Njeri', "Line 2 is longer than 1,048,576 characters."),
        (f'Kibera,"{"A" * 200_000}",Njeri', "Line 2 has a cell longer than 131,072 characters."),
        (f"Kibera,{'A' * 200_000},Njeri", "Line 2 has a cell longer than 131,072 characters."),
        # Closed on a later line, a doubled quote inside it.
        (f'Kibera,"{"A" * 100_000}\r\n""{"B" * 100_000}",Njeri',
         "Line 2 has a cell longer than 131,072 characters."),
        # A quote left open is named.
        (f'Kibera,"{"A" * 200_000},Njeri',
         "Line 2 has a cell longer than 131,072 characters (a quote left open?)."),
        (f'Kibera,"{"A" * MIB},Njeri',
         "Line 2 is longer than 1,048,576 characters (a quote left open?)."),
    ],
)  # fmt: skip
def test_a_long_cell_is_refused_as_long_and_a_quote_left_open_named(api, kibera, line, message):
    assert refusal(api, line) == message


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        # A header of a column named at length, or of too many columns; below a blank line.
        ([f"office,firstname,{'A' * MIB}"],
         "The header line (line 1) is longer than 1,048,576 characters."),
        (["", "office,firstname,lastname" + ",x" * (MIB // 2)],
         "The header line (line 2) is longer than 1,048,576 characters."),
        # Its quotes closed.
        ([f'office,"first""name",{"A" * MIB}'],
         "The header line (line 1) is longer than 1,048,576 characters."),
    ],
)  # fmt: skip
def test_a_long_header_line_is_said_so_without_asking_about_a_quote(api, lines, message):
    data = csv_file(*lines, "Kibera,Juma,Otieno")
    assert refused(api, data) == message


def test_a_header_line_with_a_quote_left_open_is_asked_about(api):
    data = csv_file(f'office,"firstname,{"A" * MIB}', "Kibera,Juma,Otieno")
    assert refused(api, data) == (
        "Line 1 is longer than 1,048,576 characters (a quote left open?)."
    )
