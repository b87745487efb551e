"""An identity document's issuing country and description, which `POST /clients` takes in
`identifiers`, are columns of the template, read by the import as the API reads them (the
country by its name in the list, checked) and written back by the export, so that a file
exported and imported again keeps them (decision 272)."""

import csv
import io

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client, ClientIdentifier

pytestmark = pytest.mark.django_db

TEMPLATE = "/fineract-provider/api/v1/clients/downloadtemplate"
EXPORT = "/fineract-provider/api/v1/clients/export"
HEADER = (
    "office,firstname,lastname,documentType,documentKey,documentIssuingCountry,documentDescription"
)
DETAILS = ("documentIssuingCountry", "documentDescription")


@pytest.mark.parametrize("legal_form", ["CLIENTS_PERSON", "CLIENTS_ENTITY"])
def test_the_templates_offer_the_documents_country_and_description(api, legal_form):
    response = api.get(TEMPLATE, {"format": "csv", "legalFormType": legal_form})
    header = response.content.decode("utf-8-sig").strip().split(",")
    assert header.index("documentExpiryDate") < header.index("documentIssuingCountry")
    assert set(DETAILS) <= set(header)


def test_a_row_brings_its_documents_country_and_description_and_the_export_gives_them_back(
    api, admin_user, kibera
):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,National ID,12345678,Uganda,Renewed at Entebbe")
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.outcome == "imported", row.errors
    document = ClientIdentifier.objects.get(client=Client.objects.get())
    assert (document.issuing_country.name, document.description) == (
        "Uganda",
        "Renewed at Entebbe",
    )
    response = api.get(EXPORT, {"columns": "displayName,documentKey," + ",".join(DETAILS)})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (exported,) = csv.DictReader(io.StringIO(text))
    assert {name: exported[name] for name in ("documentKey", *DETAILS)} == {
        "documentKey": "12345678",
        "documentIssuingCountry": "Uganda",
        "documentDescription": "Renewed at Entebbe",
    }


def test_a_country_not_in_the_list_fails_the_row_by_its_column(admin_user, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,National ID,12345678,Atlantis,")
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.outcome == "invalid"
    assert [column for column, _ in row.errors] == ["documentIssuingCountry"]
    assert "Atlantis" in row.errors[0][1]
    assert not Client.objects.exists()


def test_a_description_too_long_is_refused_by_its_column_with_the_apis_message(admin_user, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,National ID,12345678,Kenya," + "d" * 1001)
    (row,) = import_clients(user=admin_user, data=data, dry_run=True).rows
    assert row.errors == [
        ("documentDescription", "The description can be at most 1000 characters long.")
    ]
