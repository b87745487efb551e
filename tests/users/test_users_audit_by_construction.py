"""Audit by construction: every field the user and role update services may change is
journalled in exactly one event holding that field, walked from the models' declarations."""

import pytest
from tests.support import new_value

from mteja.core.declarations import declaration_of
from mteja.core.models import AuditEvent
from mteja.users import services
from mteja.users.models import AppUser, Role
from mteja.users.services.roles import ROLE_UPDATABLE
from mteja.users.services.users import USER_UPDATABLE, service_keyword

pytestmark = pytest.mark.django_db
PASSWORD = "umoja-ni-nguvu-2024"

SPECIAL = {
    "email": "other@example.org",
    "username": "someone.else",
    "password": "mvua-ya-masika-inanyesha",
}


def assert_one_event_holds(name, changes, events_before):
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action_name == "UPDATE"
    assert name in event.changes
    assert name in changes


USER_FIELDS = [
    f for f in declaration_of(AppUser).fields() if service_keyword(f.name) in USER_UPDATABLE
]


@pytest.mark.parametrize("model_field", USER_FIELDS, ids=lambda f: f.name)
def test_each_user_field_is_audited(admin_user, make_office, make_staff, model_field):
    office = make_office()
    user = services.user_create(
        actor=admin_user,
        username="halima",
        firstname="Halima",
        lastname="Hassan",
        email="halima@example.org",
        office=office,
        password=PASSWORD,
        roles=[Role.objects.get(name="Auditor")],
    )
    if model_field.name == "office":
        value = make_office()
    elif model_field.name == "staff":
        value = make_staff(office=office)
    else:
        value = new_value(model_field, getattr(user, model_field.attname), special=SPECIAL)
    events = AuditEvent.objects.count()
    _, changes = services.user_update(
        actor=admin_user, user=user, **{service_keyword(model_field.name): value}
    )
    assert_one_event_holds(model_field.attname, changes, events)


@pytest.mark.parametrize(
    "model_field",
    [f for f in declaration_of(Role).fields() if f.name in ROLE_UPDATABLE],
    ids=lambda f: f.name,
)
def test_each_role_field_is_audited(admin_user, model_field):
    role = services.role_create(actor=admin_user, name="Cashier", description="Till")
    value = new_value(model_field, getattr(role, model_field.attname), special=SPECIAL)
    events = AuditEvent.objects.count()
    _, changes = services.role_update(actor=admin_user, role=role, **{model_field.name: value})
    assert_one_event_holds(model_field.attname, changes, events)


def test_every_user_and_role_column_is_audited_or_declared_otherwise():
    for model in (AppUser, Role):
        declaration = declaration_of(model)
        audited = set(declaration.audited_fields())
        for model_field in declaration.fields():
            assert model_field.attname in audited or not declaration.wire(model_field.name).audited
