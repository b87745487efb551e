from unittest.mock import patch

import pytest
from django.db.models import ProtectedError

from mteja.core.errors import DomainError, UniquenessViolation, ValidationFailed
from mteja.core.models import AuditEvent
from mteja.organisation import selectors, services
from mteja.organisation.models import Code, CodeValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def purposes():
    return services.code_create(actor=None, name="Loan purpose")


def test_code_create_update_delete_each_record_one_event(purposes):
    code, changes = services.code_update(actor=None, code=purposes, name="Purpose")
    assert changes == {"name": ["Loan purpose", "Purpose"]}
    assert Code.objects.get(pk=code.pk).name == "Purpose"
    services.code_delete(actor=None, code=code)
    assert not Code.objects.filter(pk=code.pk).exists()
    events = list(
        AuditEvent.objects.filter(entity_name="CODE", resource_id=code.pk).values_list(
            "action_name", flat=True
        )
    )
    assert sorted(events) == ["CREATE", "DELETE", "UPDATE"]


def test_code_names_are_checked(purposes):
    with pytest.raises(ValidationFailed) as caught:
        services.code_create(actor=None, name="  ")
    assert caught.value.first.code == "validation.msg.code.name.cannot.be.blank"
    with pytest.raises(ValidationFailed):
        services.code_update(actor=None, code=purposes, name="N" * 101)
    with pytest.raises(UniquenessViolation) as caught:
        services.code_create(actor=None, name="Loan purpose")
    assert caught.value.top_code == "error.msg.code.duplicate.name"


def test_system_codes_are_protected():
    gender = Code.objects.get(name="Gender")
    for attempt in (
        lambda: services.code_update(actor=None, code=gender, name="Sex"),
        lambda: services.code_delete(actor=None, code=gender),
    ):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.first.code == "error.msg.code.systemdefined"
    assert Code.objects.get(pk=gender.pk).name == "Gender"


def test_code_delete_refused_when_a_value_is_in_use_changes_nothing(purposes):
    services.code_value_create(actor=None, code=purposes, name="School fees")
    with (
        patch.object(Code, "delete", side_effect=ProtectedError("in use", set())),
        pytest.raises(DomainError) as caught,
    ):
        services.code_delete(actor=None, code=purposes)
    assert caught.value.top_code == "error.msg.code.in.use"
    assert caught.value.status == 403
    assert purposes.values.count() == 1
    assert not AuditEvent.objects.filter(action_name="DELETE").exists()


def test_code_value_lifecycle(purposes):
    value = services.code_value_create(
        actor=None, code=purposes, name=" Stock ", description=" Shop stock ", position=4
    )
    assert (value.name, value.description, value.position, value.is_active) == (
        "Stock",
        "Shop stock",
        4,
        True,
    )
    value, changes = services.code_value_update(
        actor=None, code_value=value, is_active=False, position=4
    )
    assert changes == {"is_active": [True, False]}
    _, changes = services.code_value_update(actor=None, code_value=value, is_active=False)
    assert changes == {}
    services.code_value_delete(actor=None, code_value=value)
    assert not CodeValue.objects.filter(pk=value.pk).exists()
    events = AuditEvent.objects.filter(entity_name="CODEVALUE", resource_id=value.pk)
    assert sorted(events.values_list("action_name", flat=True)) == ["CREATE", "DELETE", "UPDATE"]


def test_code_value_rules(purposes):
    services.code_value_create(actor=None, code=purposes, name="Stock")
    with pytest.raises(ValidationFailed) as caught:
        services.code_value_create(actor=None, code=purposes, name="", description="D" * 501)
    assert {e.code for e in caught.value.errors} == {
        "validation.msg.code.value.name.cannot.be.blank",
        "validation.msg.code.value.description.exceeds.max.length",
    }
    with pytest.raises(UniquenessViolation) as caught:
        services.code_value_create(actor=None, code=purposes, name="Stock")
    assert caught.value.top_code == "error.msg.codevalue.duplicate.label"
    with pytest.raises(TypeError):
        services.code_value_update(
            actor=None, code_value=purposes.values.get(), code=Code.objects.first()
        )


def test_code_value_in_use_is_refused_with_advice(purposes):
    value = services.code_value_create(actor=None, code=purposes, name="Stock")
    with (
        patch.object(CodeValue, "delete", side_effect=ProtectedError("in use", set())),
        pytest.raises(DomainError) as caught,
    ):
        services.code_value_delete(actor=None, code_value=value)
    assert caught.value.top_code == "error.msg.codevalue.in.use"
    assert "deactivate it instead" in caught.value.first.message
    assert CodeValue.objects.filter(pk=value.pk).exists()


def test_code_values_for_gives_active_options_in_order():
    gender = Code.objects.get(name="Gender")
    male = gender.values.get(name="Male")
    services.code_value_update(actor=None, code_value=male, is_active=False)
    other = gender.values.get(name="Other")
    services.code_value_update(actor=None, code_value=other, position=0)
    assert [v.name for v in selectors.code_values_for("Gender")] == ["Other", "Female"]
    assert [v.name for v in selectors.code_values_for("Gender", active_only=False)] == [
        "Other",
        "Female",
        "Male",
    ]
    assert list(selectors.code_values_for("No such code")) == []
