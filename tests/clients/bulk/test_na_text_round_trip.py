"""A client's text exactly "NA" — a middle name, a street, an external id, a custom text
field, as the API stores it — was exported as NA and read back as a missing value (decision
212): the export of an institution imported into an empty database lost it. The export now
writes it "'NA", as it writes a text an import would take for a spoilt cell, and the import
reads that back as NA; a text "'NA" is written "''NA" (decision 231). Each writer: the Python
CSV and XLSX, PostgreSQL's COPY and SQLite's lines (test_database_written_csv.py compares
the files)."""

import pytest
from tests.clients.bulk.test_export import read_csv

from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import custom_fields
from mteja.clients.models import Client, ClientAddress, CustomRow
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/export"
COLUMNS = "office,firstname,middlename,lastname,externalId,addressType,address.street,notes.remark"
# (middle name, last name, external id, street, remark) as typed
TYPED = [
    ("NA", "Njeri", "NA", "NA", "NA"),
    ("'NA", "NA", "X-2", "'NA", "'NA"),
    ("Na", "Otieno", "X-3", "N A", "na"),
    ("", "Wu", "X-4", "NAB", "''NA"),
]


@pytest.fixture
def typed_clients(make_client, kibera):
    definition = custom_fields.read_table_definition(
        {"datatableName": "notes", "columns": [{"name": "remark", "type": "String", "length": 20}]}
    )
    table = custom_fields.custom_table_create(actor=None, definition=definition)
    address_type = CodeValue.objects.filter(code__name="ADDRESS_TYPE").first()
    for number, (middlename, lastname, external_id, street, remark) in enumerate(TYPED):
        client = make_client(
            office=kibera,
            firstname=f"Asha{number}",
            middlename=middlename,
            lastname=lastname,
            external_id=external_id,
        )
        ClientAddress.objects.create(client=client, address_type=address_type, street=street)
        custom_fields.custom_row_create(
            actor=None, table=table, client=client, values={"remark": remark}, date_format=None
        )


def stored() -> list[tuple]:
    clients = Client.objects.order_by("firstname")
    return [
        (
            client.middlename,
            client.lastname,
            client.external_id,
            ClientAddress.objects.get(client=client).street,
            CustomRow.objects.get(client=client).values.get("remark"),
        )
        for client in clients
    ]


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_a_text_na_exports_so_as_to_import_again_as_na(api, admin_user, typed_clients, chosen):
    before = stored()
    assert [row[0] for row in before] == ["NA", "'NA", "Na", ""]  # (as the API keeps them)
    response = api.get(URL, {"format": chosen, "columns": COLUMNS})
    exported = b"".join(response.streaming_content)
    again = import_clients(user=admin_user, data=exported)
    assert [row.outcome for row in again.rows] == ["already imported"] * len(TYPED)
    Client.objects.all().delete()
    fresh = import_clients(user=admin_user, data=exported)
    assert [(row.outcome, row.errors) for row in fresh.rows] == [("imported", [])] * len(TYPED)
    assert stored() == before


def test_the_csv_shows_na_with_an_apostrophe(api, typed_clients):
    response = api.get(URL, {"format": "csv", "columns": COLUMNS})
    rows = read_csv(response)
    assert [row["middlename"] for row in rows] == ["'NA", "''NA", "Na", ""]
    assert [row["externalId"] for row in rows] == ["'NA", "X-2", "X-3", "X-4"]
    assert [row["notes.remark"] for row in rows] == ["'NA", "''NA", "na", "'''NA"]
