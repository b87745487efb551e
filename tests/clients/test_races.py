"""A write racing a delete, or a transfer that takes the client out of the user's offices,
answers 404 — never a 500 and never a 403 that would tell an id exists: the client is found
and locked in one statement, and its scope is checked again on the locked row."""

import json

import pytest

from mteja.clients import services
from mteja.clients.api import parts
from mteja.clients.models import Client, ClientIdentifier
from mteja.organisation.models import CodeValue

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db


def national_id() -> int:
    return CodeValue.objects.get(code__name="Customer Identifier", name="National ID").pk


@pytest.fixture
def after_the_lookup(monkeypatch):
    """Runs `meanwhile(client)` between the view's lookup of the client to change and the
    service's lock of it: what a concurrent request does in that instant."""

    def install(meanwhile):
        real = parts._client

        def lookup_then_race(find, request, client_id):
            client = real(find, request, client_id)
            if request.method != "GET":
                meanwhile(client)
            return client

        monkeypatch.setattr(parts, "_client", lookup_then_race)

    return install


def deleted(client):
    services.client_delete(actor=None, client=Client.objects.get(pk=client.pk))


def writes(client, identifier_id):
    url = f"{BASE}/clients/{client.pk}"
    body = {"documentTypeId": national_id(), "documentKey": "ZX998877"}
    return {
        "update": ("PUT", url, {"mobileNo": "0700000001"}),
        "command": ("POST", f"{url}?command=activate", {"activationDate": "2024-06-01"}),
        "delete": ("DELETE", url, None),
        "add identifier": ("POST", f"{url}/identifiers", body),
        "change identifier": ("PUT", f"{url}/identifiers/{identifier_id}", {"description": "x"}),
        "delete identifier": ("DELETE", f"{url}/identifiers/{identifier_id}", None),
        "add family member": ("POST", f"{url}/familymembers", {"firstName": "Baraka"}),
        "add address": ("POST", f"{BASE}/client/{client.pk}/addresses?type=0", {}),
    }


WRITES = [
    "update", "command", "delete", "add identifier", "change identifier",
    "delete identifier", "add family member", "add address",
]  # fmt: skip


def pending_client_with_identifier(make_client, api):
    client = make_client()
    body = {"documentTypeId": national_id(), "documentKey": "AB123456"}
    response = api.post(f"{BASE}/clients/{client.pk}/identifiers", body, "json")
    return client, response.json()["resourceId"]


def send(api, method, url, body):
    return api.generic(method, url, json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize("write", WRITES)
def test_a_write_racing_a_delete_is_a_404(api, make_client, after_the_lookup, code_value, write):
    client, identifier_id = pending_client_with_identifier(make_client, api)
    method, url, body = writes(client, identifier_id)[write]
    url = url.replace("type=0", f"type={code_value('ADDRESS_TYPE')}")
    after_the_lookup(deleted)
    response = send(api, method, url, body)
    assert response.status_code == 404, response.content[:300]
    assert codes_of(response)[0].endswith(".id.invalid")
    assert not Client.objects.filter(pk=client.pk).exists()
    assert not ClientIdentifier.objects.exists()


@pytest.mark.parametrize("write", WRITES)
def test_a_write_racing_a_transfer_out_of_the_users_offices_is_a_404(
    api, api_as, branch_user, branch_a, branch_b, make_client, after_the_lookup, code_value, write
):
    client, identifier_id = pending_client_with_identifier(make_client, api)
    client = Client.objects.get(pk=client.pk)
    method, url, body = writes(client, identifier_id)[write]
    url = url.replace("type=0", f"type={code_value('ADDRESS_TYPE')}")

    def moved_away(found):
        services.client_activate(
            actor=None, client=Client.objects.get(pk=found.pk), activation_date=found.submitted_on
        )
        services.client_propose_and_accept_transfer(
            actor=None, client=Client.objects.get(pk=found.pk), destination=branch_b
        )

    after_the_lookup(moved_away)
    response = send(api_as(branch_user(branch_a)), method, url, body)
    assert response.status_code == 404, response.content[:300]
    assert codes_of(response) == ["error.msg.client.id.invalid"]
    assert Client.objects.get(pk=client.pk).office_id == branch_b.pk
