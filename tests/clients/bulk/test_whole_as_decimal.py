"""A file written by a program that read a column of digits as numbers (pandas' `read_csv`
then `to_csv`, a column with a blank cell) holds its phone numbers, identity numbers and
external ids as "712345678.0": they were imported so, a client's mobile number then one digit
too long and without its leading zero (decision 188). Such a cell of a client's text column
is refused by its column; a count written so is its number."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mteja.clients.models import Client, ClientIdentifier

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
HEADER = "office,firstname,lastname,externalId,mobileNo,numberOfDependents,documentType,documentKey"


def imported(api, *rows: str) -> list[tuple[int, str, list]]:
    data = "\r\n".join([HEADER, *rows, ""]).encode()
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(URL, body, format="multipart")
    assert response.status_code == 200, response.json()
    return [
        (row["line"], row["status"], [(e["column"], e["message"]) for e in row["errors"]])
        for row in response.json()["rows"]
    ]


def refusal(value: str) -> str:
    return (
        f"“{value}” is a whole number written as a decimal, as a program that read the column "
        "as numbers writes it (its leading zeros lost too): read or format the column as "
        "text, type the numbers again, and save the file."
    )


def test_whole_numbers_written_as_decimals_are_refused_by_their_columns(api, kibera):
    rows = imported(
        api,
        "Kibera,Asha,Njeri,IMP-1,712345678.0,2.0,,",
        "Kibera,Baraka,Otieno,12345.0,,,National ID,289626.0",
        'Kibera,Chao,Wu,IMP-3,,,National ID,"289627,0"',
        "Kibera,Dalia,Wanjiru,IMP-4,0712345678,6.0,National ID,00289628",
        "Kibera,Eli,Kamau,IMP-5.0,+254 712.345.670,,,",
    )
    assert rows == [
        (2, "invalid", [("mobileNo", refusal("712345678.0"))]),
        (3, "invalid", [("externalId", refusal("12345.0")), ("documentKey", refusal("289626.0"))]),
        (4, "invalid", [("documentKey", refusal("289627,0"))]),
        (5, "imported", []),  # six dependents, written 6.0
        (6, "imported", []),  # text that only ends like one
    ]
    assert sorted(
        Client.objects.values_list("external_id", "mobile_no", "number_of_dependents")
    ) == [
        ("IMP-4", "0712345678", 6),
        ("IMP-5.0", "+254 712.345.670", None),
    ]
    assert list(ClientIdentifier.objects.values_list("document_key", flat=True)) == ["00289628"]


def test_the_same_text_after_an_apostrophe_is_taken_as_written(api, kibera):
    """As the export writes a client's external id typed so (sheets._spoilt_like)."""
    assert imported(api, "Kibera,Asha,Njeri,'12345.0,,,,") == [(2, "imported", [])]
    assert Client.objects.get().external_id == "12345.0"
