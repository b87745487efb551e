"""Versions and uniqueness under concurrency: a stale write answers 409 and changes nothing;
two simultaneous creates with one external id make one client."""

import pytest
from tests.concurrent_transactions import in_threads, on_postgres

from mteja.clients import services
from mteja.clients.models import Client, ClientStatus
from mteja.core.errors import DomainError
from mteja.core.models import AuditEvent

from .conftest import BASE, TODAY, codes_of, iso

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients"


def _events(client):
    return AuditEvent.objects.filter(client_id=client.pk).count()


def test_get_serves_the_version_as_etag(api, make_client):
    client = make_client()
    response = api.get(f"{URL}/{client.pk}")
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1
    api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001"}, "json")
    assert api.get(f"{URL}/{client.pk}")["ETag"] == '"2"'


def test_put_with_the_current_version_succeeds(api, make_client):
    client = make_client()
    response = api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001", "version": 1}, "json")
    assert response.status_code == 200, response.json()
    response = api.put(
        f"{URL}/{client.pk}", {"mobileNo": "0700000002"}, "json", HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 200, response.json()


def test_put_with_a_stale_version_in_the_body_is_a_409(api, make_client):
    client = make_client()
    api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001"}, "json")
    events = _events(client)
    response = api.put(f"{URL}/{client.pk}", {"mobileNo": "0799999999", "version": 1}, "json")
    assert response.status_code == 409
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.stale.version"
    assert codes_of(response) == ["error.msg.stale.version"]
    client.refresh_from_db()
    assert (client.mobile_no, client.version) == ("0700000001", 2)
    assert _events(client) == events


@pytest.mark.parametrize("header", ['"1"', "1", 'W/"1"'])
def test_put_with_a_stale_if_match_is_a_409(api, make_client, header):
    client = make_client()
    api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001"}, "json")
    response = api.put(
        f"{URL}/{client.pk}", {"mobileNo": "0799999999"}, "json", HTTP_IF_MATCH=header
    )
    assert response.status_code == 409
    assert Client.objects.get(pk=client.pk).mobile_no == "0700000001"


def test_a_malformed_if_match_is_a_400(api, make_client):
    client = make_client()
    response = api.put(f"{URL}/{client.pk}", {"mobileNo": "07"}, "json", HTTP_IF_MATCH="abc")
    assert response.status_code == 400


def test_command_with_a_stale_version_is_a_409_and_changes_nothing(api, make_client):
    client = make_client()
    api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001"}, "json")
    events = _events(client)
    for kwargs, body in (
        ({}, {"activationDate": iso(TODAY), "version": 1}),
        ({"HTTP_IF_MATCH": '"1"'}, {"activationDate": iso(TODAY)}),
    ):
        response = api.post(f"{URL}/{client.pk}?command=activate", body, "json", **kwargs)
        assert response.status_code == 409
    client.refresh_from_db()
    assert (client.status, client.version) == (ClientStatus.PENDING, 2)
    assert _events(client) == events
    response = api.post(
        f"{URL}/{client.pk}?command=activate", {"activationDate": iso(TODAY), "version": 2}, "json"
    )
    assert response.status_code == 200


def test_delete_with_a_stale_if_match_is_a_409(api, make_client):
    client = make_client()
    api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001"}, "json")
    response = api.delete(f"{URL}/{client.pk}", HTTP_IF_MATCH='"1"')
    assert response.status_code == 409
    assert Client.objects.filter(pk=client.pk).exists()


def test_every_write_bumps_the_version_once(api, client_in, code_value):
    client = client_in(ClientStatus.PENDING)
    versions = [client.version]
    steps = [
        ("activate", {"activationDate": iso(TODAY)}),
        (
            "close",
            {"closureDate": iso(TODAY), "closureReasonId": code_value("ClientClosureReason")},
        ),
        ("reactivate", {"reactivationDate": iso(TODAY)}),
    ]
    for name, body in steps:
        response = api.post(f"{URL}/{client.pk}?command={name}", body, "json")
        assert response.status_code == 200, response.json()
        versions.append(Client.objects.get(pk=client.pk).version)
    assert versions == [client.version + n for n in range(4)]


# --- on PostgreSQL: real concurrent transactions --------------------------------------------


@pytest.mark.postgres
@on_postgres
# serialized_rollback: the flush after a transactional test would take the head office
# and code lists that migrations seed with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_creates_with_one_external_id_make_one_client(head_office):
    def create(n):
        return services.client_create(
            actor=None,
            office=head_office,
            fields={"firstname": f"Twin{n}", "lastname": "Race", "external_id": "RACE-1"},
        ).client.pk

    results = in_threads(2, create)
    created = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(created) == 1, results
    assert len(refused) == 1, results
    assert refused[0].status == 403
    assert refused[0].first.code == "error.msg.client.duplicate.externalId"
    assert Client.objects.filter(external_id="RACE-1").count() == 1


@pytest.mark.postgres
@on_postgres
# serialized_rollback: the flush after a transactional test would take the head office
# and code lists that migrations seed with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_creates_through_the_api(api_as, make_user):
    user = make_user(("ALL_FUNCTIONS",))

    def create(n):
        response = api_as(user).post(
            URL,
            {
                "officeId": 1,
                "legalFormId": 1,
                "firstname": f"Twin{n}",
                "lastname": "Race",
                "externalId": "RACE-2",
            },
            "json",
        )
        return response.status_code, response.json()

    results = in_threads(2, create)
    assert sorted(status for status, _ in results) == [200, 403], results
    (refusal,) = [body for status, body in results if status == 403]
    assert refusal["userMessageGlobalisationCode"] == "error.msg.client.duplicate.externalId"
    assert Client.objects.filter(external_id="RACE-2").count() == 1


@pytest.mark.postgres
@on_postgres
# serialized_rollback: the flush after a transactional test would take the head office
# and code lists that migrations seed with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_commands_on_one_version_let_one_through(make_client, code_value):
    client = make_client()

    def activate(n):
        return services.client_activate(
            actor=None, client=client, activation_date=TODAY, expected_version=1
        )

    results = in_threads(2, activate)
    stale = [r for r in results if isinstance(r, DomainError)]
    assert len(stale) == 1 and stale[0].status == 409, results
    client.refresh_from_db()
    assert (client.status, client.version) == (ClientStatus.ACTIVE, 2)
    assert AuditEvent.objects.filter(client_id=client.pk, action_name="ACTIVATE").count() == 1
