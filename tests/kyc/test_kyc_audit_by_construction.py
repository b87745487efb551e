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
NOT_FIELDS = {"read_problems"}


def input_fields(input_class):
    return [f.name for f in dataclasses.fields(input_class) if f.name not in NOT_FIELDS]


def first_value(code_name):
    return CodeValue.objects.filter(code__name=code_name).order_by("position", "id").first().pk


@pytest.mark.parametrize(
    ("input_class", "declaration"),
    [
        (family.FamilyMemberInput, FAMILY_MEMBER),
        (addresses.AddressInput, ADDRESS),
        (identifiers.IdentifierInput, IDENTIFIER),
    ],
)
def test_every_input_field_is_an_audited_field(input_class, declaration):
    audited = set(declaration.audited_fields())
    assert set(input_fields(input_class)) <= audited


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


@pytest.mark.parametrize("name", input_fields(family.FamilyMemberInput))
def test_each_family_member_field_is_audited(make_client, name):
    client = make_client()
    member = family.family_member_create(
        actor=None,
        client=client,
        data=family.FamilyMemberInput(
            firstname="Amina", lastname="Otieno", relationship_id=first_value("RELATIONSHIP")
        ),
    )
    member = member[0] if isinstance(member, tuple) else member

    def update(record, data):
        return family.family_member_update(actor=None, member=record, data=data)

    _change(FAMILY_MEMBER, member, update, family.FamilyMemberInput, name)


@pytest.mark.parametrize("name", input_fields(addresses.AddressInput))
def test_each_address_field_is_audited(make_client, name):
    client = make_client()
    address = addresses.address_create(
        actor=None,
        client=client,
        data=addresses.AddressInput(
            address_type_id=first_value("ADDRESS_TYPE"), street="Moi Avenue 1", city="Nairobi"
        ),
    )
    address = address[0] if isinstance(address, tuple) else address

    def update(record, data):
        return addresses.address_update(actor=None, address=record, data=data)

    _change(ADDRESS, address, update, addresses.AddressInput, name)


@pytest.mark.parametrize("name", input_fields(identifiers.IdentifierInput))
def test_each_identifier_field_is_audited(make_client, name):
    client = make_client()
    document = identifiers.identifier_create(
        actor=None,
        client=client,
        data=identifiers.IdentifierInput(
            document_type_id=first_value("Customer Identifier"), document_key="A1234567"
        ),
    )
    document = document[0] if isinstance(document, tuple) else document

    def update(record, data):
        return identifiers.identifier_update(actor=None, identifier=record, data=data)

    _change(IDENTIFIER, document, update, identifiers.IdentifierInput, name)
