"""A client file's identity document and address columns: filled in as the template names
them, checked as `POST /clients` checks its `identifiers` and `address`, and a client's
document recognises it when the file is imported again."""

import io
import zipfile

import pytest
from tests.clients.bulk.files import csv_file, queries_of_import

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client, ClientAddress, ClientIdentifier
from mteja.core.models import AuditEvent

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
        ("documentType", "“Library card” is not a value of the list “Identity document types”.")
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


def people_with_papers(count: int, start: int) -> list[str]:
    return [
        f"Kibera,Asha,Njeri{i},National ID,NID-{i:06d},Residential,Moi Avenue {i},Nairobi,Kenya"
        for i in range(start, start + count)
    ]


def test_documents_and_addresses_are_written_with_the_batch(admin_user, kibera):
    def queries(count: int, start: int) -> int:
        return queries_of_import(admin_user, HEADER, people_with_papers(count, start))

    queries(15, 0)  # the first import learns the names' words
    assert queries(5, 100) == queries(15, 200)

    client = Client.objects.get(lastname="Njeri101")
    document = ClientIdentifier.objects.get(client=client)
    assert (document.document_key, document.document_key_normalized) == ("NID-000101", "NID000101")
    events = AuditEvent.objects.filter(client_id=client.pk).order_by("id")
    assert [(event.entity_name, event.resource_id) for event in events] == [
        ("CLIENT", client.pk), ("CLIENTIDENTIFIER", document.pk)
    ]  # fmt: skip
    (address,) = events[0].changes["address"][1]
    assert address["street"] == "Moi Avenue 101"
    assert ClientAddress.objects.get(client=client).city == "Nairobi"


def test_a_number_twice_in_one_batch_fails_the_second_row_only(admin_user, kibera):
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,National ID,NID-10001,,,,",
        "Kibera,Neema,Juma,National ID,NID-10002,,,,",
        "Kibera,Zawadi,Achieng,National ID,nid 10001,,,,",
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "imported", "invalid"]
    assert report.rows[2].errors[0][0] == "documentKey"
    assert ClientIdentifier.objects.count() == 2
    assert not Client.objects.filter(firstname="Zawadi").exists()


def test_a_passport_comes_with_its_dates_in_the_templates_columns(api, admin_user, kibera):
    from mteja.clients.bulk.text_dates import TextDates

    header = api.get(TEMPLATE, {"format": "csv"}).content.decode("utf-8-sig").strip().split(",")
    assert {"documentIssueDate", "documentExpiryDate"} <= set(header)
    data = csv_file(
        "office,firstname,lastname,documentType,documentKey,documentIssueDate,documentExpiryDate",
        "Kibera,Asha,Njeri,Passport,AB1234567,02/03/2021,01/03/2031",
        "Kibera,Baraka,Otieno,Passport,AB7654321,,",
        "Kibera,Chao,Wu,Driving licence,DL-1,,1 March 2031",
    )
    report = import_clients(user=admin_user, data=data, dates=TextDates("dd/MM/yyyy", "en"))
    assert [row.outcome for row in report.rows] == ["imported", "invalid", "invalid"]
    assert report.rows[1].errors == [("documentExpiryDate", "A Passport needs its expiry date.")]
    assert report.rows[2].errors[0][0] == "documentExpiryDate"
    passport = ClientIdentifier.objects.get()
    assert (str(passport.issue_date), str(passport.expiry_date)) == ("2021-03-02", "2031-03-01")


def test_a_file_without_the_expiry_column_is_told_which_column_a_passport_needs(admin_user, kibera):
    data = csv_file("office,firstname,lastname,documentType,documentKey",
                    "Kibera,Asha,Njeri,Passport,AB1234567")  # fmt: skip
    (row,) = import_clients(user=admin_user, data=data, dry_run=True).rows
    assert row.errors == [("documentExpiryDate", "A Passport needs its expiry date.")]
