"""Audit by construction: every field the update services of a center or a group may change
is journalled in exactly one event holding it. The fields are walked from the models'
declarations, so a field added to either is covered without editing this test."""

import datetime

import pytest
from tests.support import new_value

from mteja.core.declarations import BOOKKEEPING, declaration_of
from mteja.core.models import AuditEvent
from mteja.groups import services
from mteja.groups.models import Center, Group, GroupPolicy
from mteja.groups.services.records import editable

pytestmark = pytest.mark.django_db

SPECIAL = {
    "submitted_on": datetime.date(2024, 6, 2),
    "activation_date": datetime.date(2024, 6, 10),
    "meeting_time": datetime.time(9, 30),
}


def fields_of(model):
    return [f for f in declaration_of(model).fields() if f.name in editable(model)]


def related_for(model_field, branch, make_office, make_staff):
    def make():
        if model_field.name == "office":
            return make_office()
        if model_field.name == "staff":
            return make_staff(office=branch, is_loan_officer=True)
        return services.center_create(actor=None, office=branch, name="Another center")

    return make


@pytest.mark.parametrize("model", [Center, Group], ids=lambda m: m.__name__)
def test_each_editable_field_is_audited(model, branch, make_office, make_staff):
    for model_field in fields_of(model):
        create = services.center_create if model is Center else services.group_create
        record = create(
            actor=None, office=branch, name=f"R {model_field.name}",
            submitted_on=datetime.date(2024, 6, 1),
        )  # fmt: skip
        value = new_value(
            model_field,
            getattr(record, model_field.attname),
            special=SPECIAL,
            related=related_for(model_field, branch, make_office, make_staff),
        )
        events = AuditEvent.objects.count()
        update = services.center_update if model is Center else services.group_update
        keyword = "center" if model is Center else "group"
        _, changes = update(actor=None, **{keyword: record}, **{model_field.name: value})
        assert AuditEvent.objects.count() == events + 1, model_field.name
        event = AuditEvent.objects.latest("id")
        assert event.action_name == "UPDATE" and model_field.attname in event.changes
        assert model_field.attname in changes


@pytest.mark.parametrize("model", [Center, Group, GroupPolicy], ids=lambda m: m.__name__)
def test_every_column_is_audited_or_declared_otherwise(model):
    declaration = declaration_of(model)
    audited = set(declaration.audited_fields())
    for model_field in model._meta.concrete_fields:
        if model_field.name in BOOKKEEPING or model_field.primary_key:
            continue
        assert model_field.attname in audited or not declaration.wire(model_field.name).audited
