"""The /clients/external-id/{externalId} twins behave like /clients/{id}."""

import pytest

from mteja.clients.models import Client, ClientStatus

from .conftest import BASE, TODAY, codes_of, iso

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients/external-id"


def test_get_by_external_id(api, make_client):
    client = make_client(external_id="EXT/7 Ä")
    response = api.get(f"{URL}/EXT%2F7%20%C3%84")
    # A slash cannot sit in a path segment; the other characters can.
    assert response.status_code == 404
    client.external_id = "EXT-7 Ä"
    client.save()
    response = api.get(f"{URL}/EXT-7%20%C3%84")
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == client.pk
    assert response["ETag"] == f'"{client.version}"'


def test_put_command_and_delete_by_external_id(api, make_client):
    client = make_client(external_id="EXT-8")
    response = api.put(f"{URL}/EXT-8", {"mobileNo": "0700000008"}, "json")
    assert response.status_code == 200, response.json()
    assert response.json()["resourceExternalId"] == "EXT-8"
    assert response.json()["changes"] == {"mobileNo": "0700000008"}

    response = api.post(f"{URL}/EXT-8?command=activate", {"activationDate": iso(TODAY)}, "json")
    assert response.status_code == 200, response.json()
    assert Client.objects.get(pk=client.pk).status == ClientStatus.ACTIVE

    response = api.delete(f"{URL}/EXT-8")
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.clients.cannot.be.deleted"]


def test_delete_a_pending_client_by_external_id(api, make_client):
    client = make_client(external_id="EXT-9")
    response = api.delete(f"{URL}/EXT-9")
    assert response.status_code == 200, response.json()
    assert response.json()["resourceId"] == client.pk
    assert not Client.objects.filter(pk=client.pk).exists()


@pytest.mark.parametrize("method", ["get", "put", "post", "delete"])
def test_unknown_external_id_is_a_404(api, method):
    path = f"{URL}/NOPE" + ("?command=activate" if method == "post" else "")
    body = {"mobileNo": "0700000000"} if method == "put" else {"activationDate": iso(TODAY)}
    response = (
        getattr(api, method)(path, body, "json")
        if method in ("put", "post")
        else (getattr(api, method)(path))
    )
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.client.external.id.invalid"]


def test_an_out_of_scope_external_id_answers_as_unknown(api_as, branch_user, make_client, branch_b):
    make_client(office=branch_b, external_id="THEIRS")
    outsider_office = make_client().office  # branch A
    outsider = api_as(branch_user(outsider_office))
    response = outsider.get(f"{URL}/THEIRS")
    assert response.status_code == 404
    # The 404 names the external id asked for, and reveals no internal id.
    assert codes_of(response) == ["error.msg.client.external.id.invalid"]
