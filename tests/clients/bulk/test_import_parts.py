"""A client file's identity document and address columns: filled in as the template names
them, checked as `POST /clients` checks its `identifiers` and `address`, and a client's
document recognises it when the file is imported again."""

import io
import zipfile

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

TEMPLATE = "/fineract-provider/api/v1/clients/downloadtemplate"
HEADER = (
    "office,firstname,lastname,documentType,documentKey,"
    "addressType,address.street,address.city,address.country"
)


def test_a_row_brings_its_identity_document_and_address(api, admin_user, kibera):
    data = csv_file(
        HEADER, "Kibera,Asha,Njeri,National ID,12 345 678,Residential,Moi Avenue 4,Nairobi,Kenya"
    )
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.outcome == "imported", row.errors
    asha = Client.objects.get()
    documents = api.get(f"/fineract-provider/api/v1/clients/{asha.pk}/identifiers").json()
    assert [(d["documentType"]["name"], d["documentKey"]) for d in documents] == [
        ("National ID", "12 345 678")
    ]
    (address,) = api.get(f"/fineract-provider/api/v1/client/{asha.pk}/addresses").json()
    assert address["isActive"] is True  # a migrated address is the current one
    assert (address["addressType"], address["street"], address["city"], address["countryName"]) == (
        "Residential",
        "Moi Avenue 4",
        "Nairobi",
        "Kenya",
    )

    again = csv_file(HEADER, "Kibera,Asha,Njeri,national id,12345678,,,,")
    (row,) = import_clients(user=admin_user, data=again).rows
    assert (row.outcome, row.account_no) == ("already imported", asha.account_no)
    assert Client.objects.count() == 1


def test_a_bad_document_or_address_value_is_named_by_its_column(admin_user, kibera):
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,Library card,123,,,,",
        "Kibera,Neema,Juma,,,Holiday home,Beach Road,,",
        "Kibera,Zawadi,Achieng,National ID,,,,,",
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["invalid", "invalid", "invalid"]
    assert report.rows[0].errors == [
        ("documentType", "“Library card” is not a value of the list Customer Identifier.")
    ]
    assert report.rows[1].errors[0][0] == "addressType"
    assert [column for column, _message in report.rows[2].errors] == ["documentKey"]
    assert not Client.objects.exists()


def test_another_offices_clients_document_fails_the_row(
    make_user, make_office, make_client, kibera
):
    import_clients(
        user=make_user(("ALL_FUNCTIONS",)),
        data=csv_file(HEADER, f"{make_office(name='Nakuru').name},Old,Owner,National ID,999,,,,"),
    )
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    (row,) = import_clients(
        user=clerk, data=csv_file(HEADER, "Kibera,Asha,Njeri,National ID,999,,,,")
    ).rows
    assert row.outcome == "invalid" and row.errors[0][0] == "documentKey"
    assert Client.objects.filter(office=kibera).count() == 0


def test_the_templates_offer_the_document_and_address_columns(api):
    header = api.get(TEMPLATE, {"format": "csv"}).content.decode("utf-8-sig").strip().split(",")
    assert {
        "documentType",
        "documentKey",
        "addressType",
        "address.street",
        "address.country",
    } <= set(header)
    response = api.get(TEMPLATE, {"legalFormType": "CLIENTS_ENTITY"})
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    lists = book.read("xl/sharedStrings.xml").decode()
    assert "National ID" in lists and "Residential" in lists and "Kenya" in lists
