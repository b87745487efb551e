"""Issue 9, item 1: role and user administration respects power and place.

Power: nobody grants, assigns, takes away, edits, enables or disables a role holding a
permission they do not hold, nor changes a user holding one. Place: a branch administrator
changes only roles whose users all work in their subtree, and only users of their subtree.
The super-user role keeps ALL_FUNCTIONS and stays enabled; the head office always keeps an
active user holding ALL_FUNCTIONS.
"""

import pytest
from tests.support import PASSWORD

from mteja.core.errors import DomainError
from mteja.users import services
from mteja.users.models import AppUser, Role

pytestmark = pytest.mark.django_db
API = "/fineract-provider/api/v1"
ROLES = f"{API}/roles"
USERS = f"{API}/users"


def code_of(response) -> str:
    return response.json()["errors"][0]["userMessageGlobalisationCode"]


def role_codes(role) -> set[str]:
    return set(Role.objects.get(pk=role.pk).permissions.values_list("code", flat=True))


@pytest.fixture
def branch_super_user(make_office, make_user):
    """A user of a branch (not the head office) holding ALL_FUNCTIONS through a role of
    their own."""
    branch = make_office("Branch three")
    return make_user(("ALL_FUNCTIONS",), office=branch, username="branchboss")


# --- The findings, as found ---------------------------------------------------------------


def test_a_branch_super_user_cannot_disable_the_super_user_role(
    api_as, head_admin, branch_super_user, super_user_role
):
    response = api_as(branch_super_user).post(f"{ROLES}/{super_user_role.pk}?command=disable")
    assert response.status_code == 403
    assert code_of(response) == "error.msg.role.used.outside.office"
    assert not Role.objects.get(pk=super_user_role.pk).is_disabled
    assert api_as(head_admin).get(USERS).status_code == 200


def test_a_branch_super_user_cannot_edit_the_super_user_roles_permissions(
    api_as, head_admin, branch_super_user, super_user_role
):
    client = api_as(branch_super_user)
    url = f"{ROLES}/{super_user_role.pk}/permissions"
    for permissions in ({"ALL_FUNCTIONS": False}, {"READ_CLIENT": True}):
        response = client.put(url, {"permissions": permissions}, format="json")
        assert response.status_code == 403, response.json()
        assert code_of(response) == "error.msg.role.used.outside.office"
    assert role_codes(super_user_role) == {"ALL_FUNCTIONS"}


def test_a_branch_super_user_cannot_describe_or_disable_a_head_office_role(
    api_as, make_user, branch_super_user
):
    head_clerk = make_user(("READ_CLIENT",), username="headclerk")
    role = head_clerk.roles.get()
    client = api_as(branch_super_user)
    response = client.put(f"{ROLES}/{role.pk}", {"description": "Mine now"}, format="json")
    assert response.status_code == 403
    assert code_of(response) == "error.msg.role.used.outside.office"
    response = client.post(f"{ROLES}/{role.pk}?command=disable")
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.description == "" and not role.is_disabled
    assert api_as(head_clerk).get(f"{API}/clients").status_code == 200


def test_a_branch_administrator_changes_roles_used_only_in_their_subtree(
    api_as, make_office, make_user, branch_super_user
):
    below = make_office("Below three", parent=branch_super_user.office)
    teller = make_user(("READ_CLIENT",), office=below, username="teller")
    role = teller.roles.get()
    client = api_as(branch_super_user)
    response = client.put(f"{ROLES}/{role.pk}", {"description": "Tellers"}, format="json")
    assert response.status_code == 200
    assert client.post(f"{ROLES}/{role.pk}?command=disable").status_code == 200
    assert client.post(f"{ROLES}/{role.pk}?command=enable").status_code == 200
    response = client.put(
        f"{ROLES}/{role.pk}/permissions", {"permissions": {"CREATE_CLIENT": True}}, format="json"
    )
    assert response.status_code == 200
    # Once a user of another office holds it, the role is out of the branch's reach.
    make_user(("READ_CLIENT",), username="elsewhere").roles.add(role)
    response = client.post(f"{ROLES}/{role.pk}?command=disable")
    assert code_of(response) == "error.msg.role.used.outside.office"


# --- Power over roles ---------------------------------------------------------------------

ROLE_ADMIN = ("READ_ROLE", "UPDATE_ROLE", "PERMISSIONS_ROLE", "ENABLE_ROLE", "DISABLE_ROLE")


def test_nobody_edits_enables_or_disables_a_role_holding_more_than_they_hold(api_as, make_user):
    stronger = Role.objects.create(name="Lenders")
    stronger.permissions.set(make_user(("CREATE_CLIENT",)).roles.get().permissions.all())
    role_admin = api_as(make_user(ROLE_ADMIN, username="roleadmin"))
    attempts = [
        role_admin.put(f"{ROLES}/{stronger.pk}", {"name": "Mine"}, format="json"),
        role_admin.post(f"{ROLES}/{stronger.pk}?command=disable"),
        role_admin.put(
            f"{ROLES}/{stronger.pk}/permissions",
            {"permissions": {"CREATE_CLIENT": False}},
            format="json",
        ),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert code_of(response) == "error.msg.role.permission.not.held"
        assert response.json()["errors"][0]["value"] == ["CREATE_CLIENT"]
    stronger.refresh_from_db()
    assert stronger.name == "Lenders" and not stronger.is_disabled
    assert role_codes(stronger) == {"CREATE_CLIENT"}
    stronger.is_disabled = True
    stronger.save()
    response = role_admin.post(f"{ROLES}/{stronger.pk}?command=enable")
    assert code_of(response) == "error.msg.role.permission.not.held"
    assert Role.objects.get(pk=stronger.pk).is_disabled


def test_all_functions_read_holds_every_read_code_and_nothing_more(api_as, make_user):
    reader_admin = api_as(make_user(("ALL_FUNCTIONS_READ", *ROLE_ADMIN), username="readadmin"))
    readers = Role.objects.create(name="Readers")
    url = f"{ROLES}/{readers.pk}/permissions"
    response = reader_admin.put(
        url, {"permissions": {"READ_CLIENT": True, "READ_AUDIT": True}}, format="json"
    )
    assert response.status_code == 200
    assert reader_admin.post(f"{ROLES}/{readers.pk}?command=disable").status_code == 200
    response = reader_admin.put(url, {"permissions": {"CREATE_CLIENT": True}}, format="json")
    assert code_of(response) == "error.msg.permission.grant.not.held"
    response = reader_admin.put(url, {"permissions": {"ALL_FUNCTIONS": True}}, format="json")
    assert response.json()["errors"][0]["value"] == ["ALL_FUNCTIONS"]


# --- The super-user role ------------------------------------------------------------------


def test_the_super_user_role_cannot_be_disabled_even_with_other_super_users(
    api, admin_user, super_user_role, head_admin
):
    # `root` (admin_user) stays a super user through a role of their own.
    response = api.post(f"{ROLES}/{super_user_role.pk}?command=disable")
    assert response.status_code == 403
    assert code_of(response) == "error.msg.role.super.user.cannot.be.disabled"
    assert response.json()["userMessageGlobalisationCode"] == "validation.msg.domain.rule.violation"
    assert not Role.objects.get(pk=super_user_role.pk).is_disabled


def test_the_super_user_role_keeps_all_functions_but_other_roles_may_lose_it(
    api, admin_user, make_user, super_user_role
):
    response = api.put(
        f"{ROLES}/{super_user_role.pk}/permissions",
        {"permissions": {"ALL_FUNCTIONS": False}},
        format="json",
    )
    assert response.status_code == 403
    assert code_of(response) == "error.msg.role.super.user.cannot.be.stripped"
    assert role_codes(super_user_role) == {"ALL_FUNCTIONS"}
    other = make_user(("ALL_FUNCTIONS",), username="deputy").roles.get()
    response = api.put(
        f"{ROLES}/{other.pk}/permissions", {"permissions": {"ALL_FUNCTIONS": False}}, format="json"
    )
    assert response.status_code == 200
    assert role_codes(other) == set()


def test_the_super_user_role_cannot_be_deleted(api, super_user_role):
    response = api.delete(f"{ROLES}/{super_user_role.pk}")
    assert response.status_code == 405
    assert response.json()["httpStatusCode"] == "405"
    assert Role.objects.filter(pk=super_user_role.pk, is_disabled=False).exists()


# --- The last super user of the head office -------------------------------------------------


@pytest.mark.parametrize("how", ["disable", "strip", "take"])
def test_a_branch_super_user_does_not_count_as_the_head_offices_last(
    api, admin_user, branch_super_user, how
):
    # root is the head office's only super user, through the role `role-root`.
    role = admin_user.roles.get()
    if how == "disable":
        response = api.post(f"{ROLES}/{role.pk}?command=disable")
    elif how == "strip":
        response = api.put(
            f"{ROLES}/{role.pk}/permissions",
            {"permissions": {"ALL_FUNCTIONS": False}},
            format="json",
        )
    else:
        auditor = Role.objects.get(name="Auditor")
        response = api.put(f"{USERS}/{admin_user.pk}", {"roles": [auditor.pk]}, format="json")
    assert response.status_code == 403
    assert code_of(response) == "error.msg.user.last.super.user"
    assert "head office" in response.json()["errors"][0]["defaultUserMessage"]
    assert admin_user.roles.filter(pk=role.pk, is_disabled=False).exists()
    assert role_codes(role) == {"ALL_FUNCTIONS"}


def test_the_system_cannot_delete_the_last_super_user_either(admin_user):
    with pytest.raises(DomainError) as refused:
        services.user_delete(actor=None, user=admin_user)
    assert refused.value.first.code == "error.msg.user.last.super.user"
    assert AppUser.objects.get(pk=admin_user.pk).is_active


# --- Power and place over users -------------------------------------------------------------

USER_ADMIN = ("READ_USER", "CREATE_USER", "UPDATE_USER", "DELETE_USER", "READ_CLIENT")


def test_nobody_changes_a_user_holding_more_than_they_hold(api_as, make_user, admin_user):
    user_admin = api_as(make_user(USER_ADMIN, username="useradmin"))
    attempts = [
        user_admin.put(
            f"{USERS}/{admin_user.pk}",
            {"password": "a-new-secret-of-mine-1", "repeatPassword": "a-new-secret-of-mine-1"},
            format="json",
        ),
        user_admin.put(f"{USERS}/{admin_user.pk}", {"email": "me@evil.test"}, format="json"),
        user_admin.delete(f"{USERS}/{admin_user.pk}"),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert code_of(response) == "error.msg.user.permission.not.held"
        assert response.json()["errors"][0]["value"] == ["ALL_FUNCTIONS"]
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD) and admin_user.is_active
    assert admin_user.email == "root@example.org"


def test_nobody_takes_away_a_role_they_could_not_give(api_as, make_user):
    user_admin_user = make_user(USER_ADMIN, username="useradmin")
    user_admin = api_as(user_admin_user)
    colleague = make_user(("READ_CLIENT",), username="colleague")
    lender = Role.objects.create(name="Lender")
    lender.permissions.set(make_user(("CREATE_CLIENT",)).roles.get().permissions.all())
    colleague.roles.add(lender)
    within_reach = colleague.roles.get(name="role-colleague")
    response = user_admin.put(
        f"{USERS}/{colleague.pk}", {"roles": [within_reach.pk]}, format="json"
    )
    assert response.status_code == 403
    assert code_of(response) == "error.msg.user.permission.not.held"
    assert colleague.roles.filter(pk=lender.pk).exists()
    colleague.roles.remove(lender)
    response = user_admin.put(
        f"{USERS}/{colleague.pk}", {"roles": [within_reach.pk, lender.pk]}, format="json"
    )
    assert code_of(response) == "error.msg.permission.grant.not.held"
    response = user_admin.put(
        f"{USERS}/{colleague.pk}", {"roles": [user_admin_user.roles.get().pk]}, format="json"
    )
    assert response.status_code == 200
    assert list(colleague.roles.values_list("name", flat=True)) == ["role-useradmin"]


def test_the_template_offers_only_roles_the_user_may_give(api_as, make_user):
    user_admin = api_as(make_user(USER_ADMIN, username="useradmin"))
    clerks = Role.objects.create(name="Clerks")
    clerks.permissions.set(make_user(("READ_CLIENT",)).roles.get().permissions.all())
    offered = {r["name"] for r in user_admin.get(f"{USERS}/template").json()["availableRoles"]}
    assert "Clerks" in offered and "role-useradmin" in offered
    assert not offered & {"Super user", "Auditor"}


def test_a_branch_administrator_manages_only_users_of_their_subtree(
    api_as, make_office, make_user, branch_super_user, admin_user
):
    below = make_office("Below", parent=branch_super_user.office)
    sibling = make_office("Sibling")
    mine = make_user(("READ_CLIENT",), office=below, username="mine")
    theirs = make_user(("READ_CLIENT",), office=sibling, username="theirs")
    client = api_as(branch_super_user)
    listed = {u["username"] for u in client.get(USERS).json()}
    assert listed == {"branchboss", "mine"}
    for user in (theirs, admin_user):
        assert client.get(f"{USERS}/{user.pk}").status_code == 404
        response = client.put(f"{USERS}/{user.pk}", {"firstname": "Taken"}, format="json")
        assert response.status_code in (403, 404)
        assert AppUser.objects.get(pk=user.pk).first_name == "Test"
    response = client.put(f"{USERS}/{mine.pk}", {"firstname": "Kept"}, format="json")
    assert response.status_code == 200
