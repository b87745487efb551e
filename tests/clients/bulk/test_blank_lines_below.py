"""Blank lines below a CSV's rows (a spreadsheet's "save as" of a sheet once scrolled far
down, millions of them): the header is found without reading them, and every row below
them is reported at its own line."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mteja.clients.bulk.reading import read_head
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
HEADER = "office,firstname,lastname\r\n"


class CountedBytes(io.BytesIO):
    """A file's bytes, those read counted."""

    taken = 0

    def read(self, size=-1):
        data = super().read(size)
        self.taken += len(data)
        return data

    def read1(self, size=-1):
        data = super().read1(size)
        self.taken += len(data)
        return data


@pytest.mark.parametrize("titles", ["", "Clients of Kibera branch\r\n"])
def test_the_header_above_blank_lines_is_read_without_them(titles):
    stream = CountedBytes((titles + HEADER + "Kibera,Asha,Njeri\r\n" + "\r\n" * 200_000).encode())
    assert read_head(stream).header == ["office", "firstname", "lastname"]
    assert stream.taken < 100_000  # of 400 kB


def test_a_header_of_one_column_is_still_read_below_titles():
    """(the titles' rule reads on while the rows read hold one cell each)"""
    text = "Clients\r\nof Kibera\r\nfirstname\r\nAsha\r\n\r\n\r\nNjeri\r\n"
    assert read_head(io.BytesIO(text.encode())).header == ["Clients"]


def test_rows_below_blank_lines_are_reported_at_their_own_lines(api, kibera):
    text = (
        HEADER
        + "Kibera,Asha,Njeri\r\n"
        + "\r\n" * 30_000
        + "Kibera,Ali\r\n"  # line 30,003: no last name
        + ",,\r\n" * 5
        + "\r\n" * 20_000
        + "Kibera,Neema,Otieno\r\n"  # line 50,009
        + "\r\n" * 1_000
    )
    body = {"file": SimpleUploadedFile("clients.csv", text.encode(), "text/csv")}
    response = api.post(URL, body, format="multipart")
    assert response.status_code == 200, response.json()
    rows = [(row["line"], row["status"]) for row in response.json()["rows"]]
    assert rows == [(2, "imported"), (30_003, "invalid"), (50_009, "imported")]
    assert Client.objects.count() == 2
