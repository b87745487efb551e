"""A NUL or a lone surrogate (JSON's `\\u0000`, `\\ud800`) in a client's address or inline
identifier is refused as DRF refuses it in any other text field: a Fineract 400 naming the
field, and nothing written. Before, an address's fields and the identifiers given with a new
client were read by hand without that check: a lone surrogate failed the database driver (a
500, on either database), and a NUL was stored by SQLite (a 400 on PostgreSQL, naming no
field)."""

import json

import pytest

from clients.conftest import BASE, codes_of, params_of
from mteja.clients import services as client_services
from mteja.clients.models import Client, ClientAddress, ClientIdentifier
from mteja.core.errors import ValidationFailed
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

UNSTORABLE = {
    "a\x00b": "null_characters_not_allowed",
    "a\ud800b": "surrogate_characters_not_allowed",
}


def posted(api, url: str, body: dict):
    # json.dumps writes both as escapes, as an integrator's JSON library does.
    return api.post(url, json.dumps(body), content_type="application/json")


def new_client(**parts) -> dict:
    return {"officeId": 1, "legalFormId": 1, "firstname": "Asha", "lastname": "Njeri", **parts}


@pytest.fixture
def places(code_value, make_client):
    """Each place such text may be sent: its URL, its body with the text, its parameter."""
    home = code_value("ADDRESS_TYPE")
    voter_card = CodeValue.objects.get(code__name="Customer Identifier", name="Voter card").pk
    resident = make_client()
    return {
        "new client's street": lambda text: (
            f"{BASE}/clients",
            new_client(address=[{"addressTypeId": home, "street": text, "isActive": True}]),
            "address[0].street",
        ),
        "new client's postal code": lambda text: (
            f"{BASE}/clients",
            new_client(address=[{"addressTypeId": home, "postalCode": text}]),
            "address[0].postalCode",
        ),
        "new client's document number": lambda text: (
            f"{BASE}/clients",
            new_client(identifiers=[{"documentTypeId": voter_card, "documentKey": f"AB{text}12"}]),
            "identifiers[0].documentKey",
        ),
        "new client's document description": lambda text: (
            f"{BASE}/clients",
            new_client(
                identifiers=[
                    {"documentTypeId": voter_card, "documentKey": "AB12345", "description": text}
                ]
            ),
            "identifiers[0].description",
        ),
        "a client's new address": lambda text: (
            f"{BASE}/client/{resident.pk}/addresses?type={home}",
            {"city": text, "isActive": True},
            "city",
        ),
    }


@pytest.mark.parametrize("text", UNSTORABLE)
@pytest.mark.parametrize(
    "place",
    [
        "new client's street",
        "new client's postal code",
        "new client's document number",
        "new client's document description",
        "a client's new address",
    ],
)
def test_text_no_database_stores_is_a_400_naming_its_field(api, places, place, text):
    url, body, param = places[place](text)
    clients = Client.objects.count()
    response = posted(api, url, body)
    assert response.status_code == 400, response.content[:300]
    assert params_of(response) == [param]
    assert codes_of(response)[0].endswith(UNSTORABLE[text])
    assert response.json()["errors"][0]["defaultUserMessage"]
    assert Client.objects.count() == clients
    assert not ClientAddress.objects.exists() and not ClientIdentifier.objects.exists()


@pytest.mark.parametrize("param", ["firstname", "middlename", "lastname"])
def test_a_name_with_a_lone_surrogate_is_refused_by_the_service(head_office, param):
    # The API's serializer refuses it before; the service is every writer's (an import, the
    # shell, another app's service), and the surrogate failed the database driver.
    fields = {"firstname": "Asha", "lastname": "Njeri", param: "Ki\udfffbera"}
    with pytest.raises(ValidationFailed) as refused:
        client_services.client_create(actor=None, office=head_office, fields=fields)
    assert refused.value.first.param == param
    assert refused.value.first.code.endswith("surrogate_characters_not_allowed")
    assert not Client.objects.exists()
