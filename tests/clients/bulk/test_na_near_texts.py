"""Texts near NA as the API stores them — a leading or trailing space, other capitals, N/A,
an apostrophe — come back the same from an export (CSV, XLSX) imported into an empty
database. The API folds a text's spaces (a name, an external id, a street, a custom text
field) so it never stores " NA": it keeps "NA", which the export writes "'NA" (decision
231); nothing else near NA is read as missing (decision 248)."""

import pytest
from tests.clients.bulk.test_na_text_round_trip import COLUMNS, URL, stored

from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import custom_fields
from mteja.clients.models import Client
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

CLIENTS = "/fineract-provider/api/v1/clients"
NEAR_NA = [" NA", "NA ", "  NA  ", "na", "N/A", "'NA", " 'NA", "N A", "\tNA"]
# Each text as the API stores it, where not as typed.
STORED = {" NA": "NA", "NA ": "NA", "  NA  ": "NA", "\tNA": "NA", " 'NA": "'NA", "N A": "N A"}


def external_id(number: int, text: str) -> str:
    """The first client's is its text (" NA"): the others' would be the same once folded."""
    return text if number == 0 else f"X-{number}"


@pytest.fixture
def typed_through_the_api(api, kibera):
    definition = custom_fields.read_table_definition(
        {"datatableName": "notes", "columns": [{"name": "remark", "type": "String", "length": 20}]}
    )
    custom_fields.custom_table_create(actor=None, definition=definition)
    address_type = CodeValue.objects.filter(code__name="ADDRESS_TYPE").first()
    for number, text in enumerate(NEAR_NA):
        body = {
            "officeId": kibera.pk, "legalFormId": 1, "firstname": f"Asha{number}",
            "middlename": text, "lastname": text, "externalId": external_id(number, text),
            "submittedOnDate": "2024-01-10", "active": False,
            "address": [{"addressTypeId": address_type.pk, "street": text, "isActive": True}],
            "datatables": [{"registeredTableName": "notes", "data": {"remark": text}}],
        }  # fmt: skip
        response = api.post(CLIENTS, body, format="json")
        assert response.status_code == 200, response.json()


def test_the_api_stores_no_text_near_na_with_spaces_about_it(typed_through_the_api):
    assert stored() == [
        (kept, kept, STORED.get(identity, identity), kept, kept)
        for number, text in enumerate(NEAR_NA)
        for kept, identity in [(STORED.get(text, text), external_id(number, text))]
    ]  # fmt: skip


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_every_text_near_na_the_api_stores_round_trips(
    api, admin_user, typed_through_the_api, chosen
):
    before = stored()
    response = api.get(URL, {"format": chosen, "columns": COLUMNS})
    exported = b"".join(response.streaming_content)
    Client.objects.all().delete()
    fresh = import_clients(user=admin_user, data=exported)
    assert [(row.outcome, row.errors) for row in fresh.rows] == [("imported", [])] * len(NEAR_NA)
    assert stored() == before
