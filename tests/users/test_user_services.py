"""The services the web UI calls directly (the API tests cover them through HTTP)."""

import pytest

from mteja.core.errors import DomainError, NotAuthorized, ValidationFailed
from mteja.core.models import AuditEvent
from mteja.users import selectors, services
from mteja.users.models import AppUser, Role

pytestmark = pytest.mark.django_db
PASSWORD = "umoja-ni-nguvu-2024"


@pytest.fixture
def reader_role(db):
    return Role.objects.get(name="Auditor")


def new_user(actor, office, roles, **overrides):
    fields = {
        "actor": actor,
        "username": "halima",
        "firstname": "Halima",
        "lastname": "Hassan",
        "email": "halima@example.org",
        "office": office,
        "password": PASSWORD,
        "roles": roles,
    }
    fields.update(overrides)
    return services.user_create(**fields)


def test_each_write_records_exactly_one_event(admin_user, head_office, reader_role):
    user = new_user(admin_user, head_office, [reader_role])
    services.user_update(actor=admin_user, user=user, lastname="Abdi", password_never_expires=True)
    services.user_delete(actor=admin_user, user=user)
    role = services.role_create(actor=admin_user, name="Cashier")
    services.role_update(actor=admin_user, role=role, name="Head cashier")
    services.role_set_permissions(actor=admin_user, role=role, permissions={"READ_CLIENT": True})
    services.role_disable(actor=admin_user, role=role)
    services.role_enable(actor=admin_user, role=role)
    events = list(
        AuditEvent.objects.order_by("id").values_list("entity_name", "action_name", "maker_id")
    )
    assert events == [
        ("USER", "CREATE", admin_user.pk),
        ("USER", "UPDATE", admin_user.pk),
        ("USER", "DELETE", admin_user.pk),
        ("ROLE", "CREATE", admin_user.pk),
        ("ROLE", "UPDATE", admin_user.pk),
        ("ROLE", "PERMISSIONS", admin_user.pk),
        ("ROLE", "DISABLE", admin_user.pk),
        ("ROLE", "ENABLE", admin_user.pk),
    ]


def test_update_returns_model_field_changes(admin_user, head_office, reader_role, make_office):
    user = new_user(admin_user, head_office, [reader_role])
    branch = make_office("Mombasa")
    clerk = Role.objects.create(name="Clerk")
    user, changes = services.user_update(
        actor=admin_user, user=user, office=branch, roles=[reader_role, clerk], is_active=False
    )
    assert changes == {
        "office_id": [head_office.pk, branch.pk],
        "roles": [[reader_role.pk], sorted([reader_role.pk, clerk.pk])],
        "is_active": [True, False],
    }
    assert user.office == branch
    assert not AppUser.objects.get(pk=user.pk).is_active


def test_system_actor_can_create_users_anywhere(head_office, reader_role):
    user = new_user(None, head_office, [reader_role])
    event = AuditEvent.objects.get(entity_name="USER")
    assert event.maker is None
    assert event.maker_username == "system"
    assert user.check_password(PASSWORD)


def test_unknown_update_field_is_a_programming_error(admin_user, head_office, reader_role):
    user = new_user(admin_user, head_office, [reader_role])
    with pytest.raises(TypeError):
        services.user_update(actor=admin_user, user=user, first_name="Typo")


def test_a_user_cannot_disable_themselves(admin_user):
    with pytest.raises(DomainError) as caught:
        services.user_update(actor=admin_user, user=admin_user, is_active=False)
    assert caught.value.first.code == "error.msg.user.cannot.disable.self"
    assert AppUser.objects.get(pk=admin_user.pk).is_active


def test_validation_errors_come_all_at_once(admin_user, head_office):
    with pytest.raises(ValidationFailed) as caught:
        new_user(admin_user, head_office, [], username=" ", firstname="", password="")
    assert {e.param for e in caught.value.errors} == {"username", "firstname", "password", "roles"}
    assert not AppUser.objects.filter(first_name="").exists()


def test_password_similar_to_the_username_is_refused(admin_user, head_office, reader_role):
    with pytest.raises(ValidationFailed) as caught:
        new_user(
            admin_user,
            head_office,
            [reader_role],
            username="kipchoge.eliud",
            password="kipchoge.eliud",
        )
    assert "validation.msg.user.password.is.too.similar.to.user.attributes" in {
        e.code for e in caught.value.errors
    }


def test_out_of_scope_office_is_not_authorized(make_user, make_office, reader_role):
    east, west = make_office("East"), make_office("West")
    actor = make_user(("ALL_FUNCTIONS",), office=east)
    with pytest.raises(NotAuthorized):
        new_user(actor, west, [reader_role])


def test_user_list_leaves_out_deleted_users(admin_user, head_office, reader_role):
    user = new_user(admin_user, head_office, [reader_role])
    assert user in selectors.user_list(user=admin_user)
    services.user_delete(actor=admin_user, user=user)
    assert user not in selectors.user_list(user=admin_user)
    with pytest.raises(DomainError):  # 404: it is gone for every write too
        services.user_update(actor=admin_user, user=user, firstname="Back")
