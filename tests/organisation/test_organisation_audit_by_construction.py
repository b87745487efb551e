"""Audit by construction: every field an update service of an office, a staff member, a code or
a code value may change is journalled in exactly one event holding that field. The fields are
walked from the model's declaration (the services' updatable sets derive from it too), so a
field added to a model is covered without touching this test or any list in the services."""

import datetime

import pytest
from tests.support import new_value

from mteja.core import values
from mteja.core.declarations import BOOKKEEPING, declaration_of
from mteja.core.models import AuditEvent
from mteja.organisation import services
from mteja.organisation.models import Code, CodeValue, Office, Staff
from mteja.organisation.services.codes import CODE_VALUE_UPDATABLE

pytestmark = pytest.mark.django_db


def assert_one_event_holds(model_field, result_changes, events_before):
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action_name == "UPDATE"
    assert model_field.attname in event.changes
    assert model_field.attname in result_changes


def fields_of(model, updatable):
    return [f for f in declaration_of(model).fields() if f.name in updatable]


@pytest.mark.parametrize(
    "model_field", fields_of(Office, values.updatable(Office)), ids=lambda f: f.name
)
def test_each_office_field_is_audited(make_office, model_field):
    office = make_office(opening_date=datetime.date(2016, 1, 1))
    value = new_value(model_field, getattr(office, model_field.attname), related=make_office)
    events = AuditEvent.objects.count()
    _, changes = services.office_update(actor=None, office=office, **{model_field.name: value})
    assert_one_event_holds(model_field, changes, events)


@pytest.mark.parametrize(
    "model_field", fields_of(Staff, values.updatable(Staff)), ids=lambda f: f.name
)
def test_each_staff_field_is_audited(make_office, make_staff, model_field):
    staff = make_staff(office=make_office(opening_date=datetime.date(2016, 1, 1)))
    value = new_value(model_field, getattr(staff, model_field.attname), related=make_office)
    events = AuditEvent.objects.count()
    _, changes = services.staff_update(actor=None, staff=staff, **{model_field.name: value})
    assert_one_event_holds(model_field, changes, events)


@pytest.mark.parametrize("model_field", fields_of(CodeValue, CODE_VALUE_UPDATABLE), ids=str)
def test_each_code_value_field_is_audited(model_field):
    code = services.code_create(actor=None, name="Loan purpose")
    value = services.code_value_create(actor=None, code=code, name="Stock")
    new = new_value(model_field, getattr(value, model_field.attname), related=None)
    events = AuditEvent.objects.count()
    _, changes = services.code_value_update(actor=None, code_value=value, **{model_field.name: new})
    assert_one_event_holds(model_field, changes, events)


def test_a_code_name_is_audited():
    code = services.code_create(actor=None, name="Loan purpose")
    events = AuditEvent.objects.count()
    _, changes = services.code_update(actor=None, code=code, name="Purpose")
    assert_one_event_holds(Code._meta.get_field("name"), changes, events)


@pytest.mark.parametrize("model", [Office, Staff, Code, CodeValue], ids=lambda m: m.__name__)
def test_every_column_is_audited_or_declared_otherwise(model):
    """A new column is audited unless its declaration says why not."""
    declaration = declaration_of(model)
    audited = set(declaration.audited_fields())
    for model_field in model._meta.concrete_fields:
        if model_field.name in BOOKKEEPING or model_field.primary_key:
            continue
        assert model_field.attname in audited or not declaration.wire(model_field.name).audited
