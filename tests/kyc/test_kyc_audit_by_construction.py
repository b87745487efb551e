"""Audit by construction for a client's parts: every field of a family member, an address and
an identity document that its typed input may carry, changed through the update service alone,
is journalled in exactly one event holding that field. The fields are walked from the typed
inputs, which are checked against the models' declarations, so a field added to a part is
covered here without editing this test."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from tests.support import new_value

from mteja.clients.kyc import addresses, family, identifiers
from mteja.clients.models import ADDRESS, FAMILY_MEMBER, IDENTIFIER
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

# Values the services' own rules would refuse if generated blindly.
SPECIAL = {
    "date_of_birth": datetime.date(1990, 5, 17),
    "issue_date": datetime.date(2020, 1, 1),
    "expiry_date": datetime.date(2035, 1, 1),
    "latitude": Decimal("-1.2920659"),
    "longitude": Decimal("36.8219462"),
    "mobile_number": "+254712345678",
    "document_key": "B7654321",
}
# What must change with a field for the request to be valid: some document types need an
# expiry date.
COMPANIONS = {"document_type_id": {"expiry_date": datetime.date(2035, 1, 1)}}
# Set by the service from another input, or not a field of the record.
NOT_FIELDS = {"read_problems", "inactive_unless_said"}


def input_fields(input_class):
    return [f.name for f in dataclasses.fields(input_class) if f.name not in NOT_FIELDS]


def first_value(code_name):
    return CodeValue.objects.filter(code__name=code_name).order_by("position", "id").first().pk


def _change(declaration, record, update, input_class, name):
    model_field = declaration.model._meta.get_field(name)
    value = new_value(model_field, getattr(record, name), special=SPECIAL)
    events = AuditEvent.objects.count()
    _, changes = update(record, input_class(**{name: value, **COMPANIONS.get(name, {})}))
    record.refresh_from_db()
    assert getattr(record, name) == value
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert event.action_name == "UPDATE"
    assert name in event.changes
    assert name in changes


def _seed_family_member(client):
    data = family.FamilyMemberInput(
        firstname="Amina", lastname="Otieno", relationship_id=first_value("RELATIONSHIP")
    )
    return family.family_member_create(actor=None, client=client, data=data)


def _seed_address(client):
    data = addresses.AddressInput(
        address_type_id=first_value("ADDRESS_TYPE"), street="Moi Avenue 1", city="Nairobi"
    )
    return addresses.address_create(actor=None, client=client, data=data)


def _seed_identifier(client):
    data = identifiers.IdentifierInput(
        document_type_id=first_value("Customer Identifier"), document_key="A1234567"
    )
    return identifiers.identifier_create(actor=None, client=client, data=data)


# Each part: its typed input, its declaration, a record to start from, its update service.
PARTS = {
    "family member": (
        family.FamilyMemberInput,
        FAMILY_MEMBER,
        _seed_family_member,
        lambda record, data: family.family_member_update(actor=None, member=record, data=data),
    ),
    "address": (
        addresses.AddressInput,
        ADDRESS,
        _seed_address,
        lambda record, data: addresses.address_update(actor=None, address=record, data=data),
    ),
    "identifier": (
        identifiers.IdentifierInput,
        IDENTIFIER,
        _seed_identifier,
        lambda record, data: identifiers.identifier_update(
            actor=None, identifier=record, data=data
        ),
    ),
}


@pytest.mark.parametrize("part", PARTS)
def test_every_input_field_is_an_audited_field(part):
    input_class, declaration, *_rest = PARTS[part]
    audited = set(declaration.audited_fields())
    assert set(input_fields(input_class)) <= audited


@pytest.mark.parametrize(
    ("part", "name"),
    [
        (part, name)
        for part, (input_class, *_rest) in PARTS.items()
        for name in input_fields(input_class)
    ],
)
def test_each_field_of_a_part_is_audited(make_client, part, name):
    input_class, declaration, seed, update = PARTS[part]
    record = seed(make_client())
    record = record[0] if isinstance(record, tuple) else record
    _change(declaration, record, update, input_class, name)
