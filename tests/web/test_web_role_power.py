"""Issue 9, item 1 through the pages: the services' power-and-place rules refuse with their
message at the top of the form or page, and the pages offer no button they would refuse."""

import pytest
from tests.support import PASSWORD

from mteja.users.models import AppUser, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch_boss(browse_as, make_office, make_user):
    """A branch user holding ALL_FUNCTIONS, browsing."""
    return browse_as(make_user(("ALL_FUNCTIONS",), office=make_office("Branch three")))


def page_text(response) -> str:
    return response.content.decode()


def test_a_branch_super_user_cannot_disable_the_super_user_role(
    branch_boss, head_admin, super_user_role, browse_as
):
    page = page_text(branch_boss.get(f"/roles/{super_user_role.pk}/"))
    assert "/disable/" not in page and "/edit/" not in page  # nothing offered
    response = branch_boss.post(f"/roles/{super_user_role.pk}/disable/", follow=True)
    assert "users outside your part of the organisation hold it" in page_text(response)
    assert not Role.objects.get(pk=super_user_role.pk).is_disabled
    assert browse_as(head_admin).get("/users/").status_code == 200


def test_a_branch_super_user_cannot_describe_a_head_office_role(branch_boss, make_user):
    role = make_user(("READ_CLIENT",), username="headclerk").roles.get()
    response = branch_boss.post(
        f"/roles/{role.pk}/edit/", {"name": role.name, "description": "Mine now"}
    )
    assert response.status_code == 200
    [message] = response.context["form"].non_field_errors()
    assert "users outside your part of the organisation hold it" in message
    assert Role.objects.get(pk=role.pk).description == ""


def test_the_super_user_role_cannot_be_disabled_or_stripped(browse_as, admin_user, super_user_role):
    admin = browse_as(admin_user)
    page = page_text(admin.get(f"/roles/{super_user_role.pk}/"))
    assert "/edit/" in page and "/disable/" not in page
    response = admin.post(f"/roles/{super_user_role.pk}/disable/", follow=True)
    assert "The super-user role “Super user” cannot be disabled." in page_text(response)
    assert not Role.objects.get(pk=super_user_role.pk).is_disabled

    response = admin.post(
        f"/roles/{super_user_role.pk}/edit/",
        {"name": "Super user", "permissions_portfolio": ["READ_CLIENT"]},
    )
    assert response.status_code == 200
    [message] = response.context["form"].non_field_errors()
    assert message == "The super-user role “Super user” keeps ALL_FUNCTIONS."
    codes = set(super_user_role.permissions.values_list("code", flat=True))
    assert codes == {"ALL_FUNCTIONS"}


def test_a_role_holding_more_than_the_user_offers_no_button_and_refuses_edits(browse_as, make_user):
    lenders = make_user(("CREATE_CLIENT",)).roles.get()
    role_admin = browse_as(
        make_user(("READ_ROLE", "UPDATE_ROLE", "PERMISSIONS_ROLE", "DISABLE_ROLE"))
    )
    page = page_text(role_admin.get(f"/roles/{lenders.pk}/"))
    assert "/disable/" not in page and "/edit/" not in page
    response = role_admin.post(f"/roles/{lenders.pk}/edit/", {"name": "Mine"})
    [message] = response.context["form"].non_field_errors()
    assert "holds permissions you do not hold yourself: CREATE_CLIENT" in message
    response = role_admin.post(f"/roles/{lenders.pk}/disable/", follow=True)
    assert "holds permissions you do not hold yourself" in page_text(response)
    lenders.refresh_from_db()
    assert lenders.name.startswith("role-") and not lenders.is_disabled


def test_nobody_changes_a_user_holding_more_than_they_hold(browse_as, make_user, admin_user):
    user_admin = make_user(("READ_USER", "UPDATE_USER", "DELETE_USER", "READ_OFFICE"))
    client = browse_as(user_admin)
    page = page_text(client.get(f"/users/{admin_user.pk}/"))
    assert f"/users/{admin_user.pk}/edit/" not in page
    assert f"/users/{admin_user.pk}/delete/" not in page
    response = client.post(
        f"/users/{admin_user.pk}/edit/",
        {
            "username": "root",
            "firstname": "Test",
            "lastname": "Root",
            "email": "root@example.org",
            "office": 1,
            "roles": [user_admin.roles.get().pk],
            "password": "Taken-over-2031",
            "password_repeat": "Taken-over-2031",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    [message] = response.context["form"].non_field_errors()
    assert "You cannot change the user root" in message
    response = client.post(f"/users/{admin_user.pk}/delete/", follow=True)
    assert "You cannot change the user root" in page_text(response)
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD) and admin_user.is_active
    assert admin_user.roles.filter(permissions__code="ALL_FUNCTIONS").exists()


def test_a_branch_administrator_sees_and_edits_only_users_of_their_subtree(
    branch_boss, make_user, admin_user
):
    page = page_text(branch_boss.get("/users/"))
    assert "root" not in page
    assert branch_boss.get(f"/users/{admin_user.pk}/").status_code == 404
    assert branch_boss.post(f"/users/{admin_user.pk}/edit/", {}).status_code in (403, 404)
    assert AppUser.objects.get(pk=admin_user.pk).is_active
