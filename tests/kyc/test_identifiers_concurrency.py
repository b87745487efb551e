"""Identifier uniqueness holds under concurrency: the database constraints decide, and the
loser of a race gets the same 403 as a request that came second.

The PostgreSQL tests run real concurrent transactions; the others replay the race on any
database by letting a write skip the pre-check, so the constraint itself refuses it.
"""

import pytest
from tests.concurrent_transactions import in_threads, on_postgres

from mteja.clients.kyc import identifiers
from mteja.clients.models import ClientIdentifier, IdentifierStatus
from mteja.core import uniqueness
from mteja.core.errors import DomainError
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

from .conftest import BASE


def national_id() -> CodeValue:
    return CodeValue.objects.get(code__name="Customer Identifier", name="National ID")


def _split(results):
    created = [r for r in results if isinstance(r, ClientIdentifier)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(created) == 1 and len(refused) == 1, results
    return created[0], refused[0]


# --- on PostgreSQL: real concurrent transactions --------------------------------------------


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_number_added_to_two_clients_at_once_goes_to_one(make_client):
    clients = [make_client(), make_client()]
    document_type = national_id()
    spellings = ["AB-123 456", "ab123456"]

    def add(n):
        return identifiers.identifier_create(
            actor=None,
            client=clients[n],
            data=identifiers.IdentifierInput(
                document_type_id=document_type.pk, document_key=spellings[n]
            ),
        )

    winner, loser = _split(in_threads(2, add))
    assert loser.status == 403
    assert loser.first.code == "error.msg.clientIdentifier.identityKey.duplicate"
    assert winner.client.account_no in loser.first.message
    assert loser.first.value == winner.client_id
    assert ClientIdentifier.objects.filter(document_key_normalized="AB123456").count() == 1
    assert AuditEvent.objects.filter(entity_name="CLIENTIDENTIFIER").count() == 1


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_number_posted_for_two_clients_at_once_through_the_api(api_as, make_user, make_client):
    user = make_user(("ALL_FUNCTIONS",))
    clients = [make_client(), make_client()]
    type_id = national_id().pk

    def post(n):
        response = api_as(user).post(
            f"{BASE}/clients/{clients[n].pk}/identifiers",
            {"documentTypeId": type_id, "documentKey": "CD 987 654"},
            "json",
        )
        return response.status_code, response.json()

    results = in_threads(2, post)
    assert sorted(status for status, _ in results) == [200, 403], results
    (refusal,) = [body for status, body in results if status == 403]
    assert refusal["userMessageGlobalisationCode"] == (
        "error.msg.clientIdentifier.identityKey.duplicate"
    )
    assert ClientIdentifier.objects.filter(document_key_normalized="CD987654").count() == 1


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_active_documents_of_one_type_at_once_leave_one(make_client):
    client = make_client()
    type_id = national_id().pk
    keys = ["AB123456", "CD987654"]

    def add(n):
        return identifiers.identifier_create(
            actor=None,
            client=client,
            data=identifiers.IdentifierInput(document_type_id=type_id, document_key=keys[n]),
        )

    _, loser = _split(in_threads(2, add))
    assert loser.status == 403
    assert loser.first.code == "error.msg.clientIdentifier.type.duplicate"
    assert (
        ClientIdentifier.objects.filter(client=client, status=IdentifierStatus.ACTIVE).count() == 1
    )


# --- on any database: the constraint refuses what a skipped pre-check let through ----------


@pytest.fixture
def race_lost(monkeypatch):
    """The next save_unique skips its pre-check once, as if a concurrent request had
    inserted its row between this request's check and its insert."""
    original = uniqueness.raise_first_conflict
    calls = {"n": 0}

    def skip_first(instance, checks):
        calls["n"] += 1
        if calls["n"] > 1:
            original(instance, checks)

    monkeypatch.setattr(uniqueness, "raise_first_conflict", skip_first)
    return calls


@pytest.mark.django_db
def test_the_key_constraint_answers_the_same_403(make_client, race_lost):
    owner, other = make_client(), make_client()
    type_id = national_id().pk
    # The owner's row is there first; the pre-check of the second write is skipped.
    race_lost["n"] = 1
    identifiers.identifier_create(
        actor=None,
        client=owner,
        data=identifiers.IdentifierInput(document_type_id=type_id, document_key="AB123456"),
    )
    race_lost["n"] = 0
    with pytest.raises(DomainError) as refused:
        identifiers.identifier_create(
            actor=None,
            client=other,
            data=identifiers.IdentifierInput(document_type_id=type_id, document_key="ab-123-456"),
        )
    assert refused.value.status == 403
    assert refused.value.first.code == "error.msg.clientIdentifier.identityKey.duplicate"
    assert owner.account_no in refused.value.first.message
    assert race_lost["n"] == 2  # refused by the constraint, then explained by the checks
    assert ClientIdentifier.objects.count() == 1


@pytest.mark.django_db
def test_the_active_type_constraint_answers_the_same_403(make_client, race_lost):
    client = make_client()
    type_id = national_id().pk
    race_lost["n"] = 1
    identifiers.identifier_create(
        actor=None,
        client=client,
        data=identifiers.IdentifierInput(document_type_id=type_id, document_key="AB123456"),
    )
    race_lost["n"] = 0
    with pytest.raises(DomainError) as refused:
        identifiers.identifier_create(
            actor=None,
            client=client,
            data=identifiers.IdentifierInput(document_type_id=type_id, document_key="CD987654"),
        )
    assert refused.value.first.code == "error.msg.clientIdentifier.type.duplicate"
    assert ClientIdentifier.objects.count() == 1
    assert AuditEvent.objects.filter(entity_name="CLIENTIDENTIFIER").count() == 1
