"""Audit and version by construction: every editable field of a client (and of an entity's
details), changed through the update service alone, is journalled in exactly one event and
bumps the version. The fields are walked from the model's declaration, so a field added to the
model is covered without touching this test — and without touching any list in the services."""

import datetime

import pytest
from tests.support import new_value

from mteja.clients import services
from mteja.clients.models import CLIENT, NON_PERSON, Client, LegalForm
from mteja.core.declarations import BOOKKEEPING
from mteja.core.models import AuditEvent

# Values the services' own rules would refuse if generated blindly (age limits, dates that
# must not be in the future, a legal form that moves the names around).
SPECIAL = {
    "date_of_birth": datetime.date(1990, 5, 17),
    "submitted_on": datetime.date(2024, 1, 5),
    "incorp_validity_till": datetime.date(2030, 1, 1),
    "mobile_no": "+254 712 345 678",
    "email_address": "wanjiku@example.org",
}
# What must change with a field for the request to be valid: a person is named either by a
# full name or by first and last names.
COMPANIONS = {"fullname": {"firstname": "", "middlename": "", "lastname": ""}}
# Changed by their own commands, not by an update (see the lifecycle and transfer tests).
NOT_BY_UPDATE = {"staff", "legal_form"}


def update_fields():
    return [f for f in CLIENT.editable() if f.name not in NOT_BY_UPDATE]


@pytest.mark.parametrize("model_field", update_fields(), ids=lambda f: f.name)
def test_each_client_field_is_audited_and_versioned(make_client, model_field):
    client = make_client()
    version, events = client.version, AuditEvent.objects.count()
    value = new_value(model_field, getattr(client, model_field.attname), special=SPECIAL)

    result = services.client_update(
        actor=None,
        client=client,
        fields={model_field.attname: value, **COMPANIONS.get(model_field.name, {})},
    )

    client.refresh_from_db()
    assert getattr(client, model_field.attname) == value
    assert client.version == version + 1
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert event.action_name == "UPDATE"
    assert model_field.attname in event.changes
    assert model_field.attname in result.changes


@pytest.mark.parametrize("model_field", NON_PERSON.editable(), ids=lambda f: f.name)
def test_each_entity_detail_is_audited_and_versioned(make_client, model_field):
    client = make_client(
        legal_form=LegalForm.ENTITY, firstname="", lastname="", fullname="Umoja Traders"
    )
    version = client.version
    current = getattr(getattr(client, "non_person", None), model_field.attname, None)
    value = new_value(model_field, current, special=SPECIAL)

    services.client_update(
        actor=None, client=client, fields={"non_person": {model_field.attname: value}}
    )

    client = Client.objects.get(pk=client.pk)
    assert getattr(client.non_person, model_field.attname) == value
    assert client.version == version + 1
    event = AuditEvent.objects.latest("id")
    assert f"non_person.{model_field.attname}" in event.changes


def test_every_client_column_is_audited_or_declared_otherwise():
    """A new column is audited unless its declaration says why not."""
    audited = set(CLIENT.audited_fields())
    for model_field in Client._meta.concrete_fields:
        if model_field.name in BOOKKEEPING:
            continue
        assert model_field.attname in audited or not CLIENT.wire(model_field.name).audited


def test_an_unchanged_update_records_nothing(make_client):
    client = make_client()
    events = AuditEvent.objects.count()
    result = services.client_update(
        actor=None, client=client, fields={"firstname": client.firstname}
    )
    client.refresh_from_db()
    assert result.changes == {}
    assert AuditEvent.objects.count() == events
