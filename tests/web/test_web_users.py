"""User and role pages: the services' guards (grants, passwords) show by the fields."""

import pytest

from mteja.core.models import AuditEvent
from mteja.users.models import AppUser, Role

pytestmark = pytest.mark.django_db

STRONG = "Kilimanjaro-2031"


@pytest.fixture
def admin(browse_as, make_user):
    return browse_as(make_user(username="admin"))


def user_form(**overrides):
    data = {
        "username": "baraka",
        "firstname": "Baraka",
        "lastname": "Mwangi",
        "email": "baraka@example.org",
        "office": 1,
        "staff": "",
        "roles": [Role.objects.get(name="Auditor").pk],
        "password": STRONG,
        "password_repeat": STRONG,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def form_errors(response, field):
    return response.context["form"].errors.get(field, [])


class TestUsers:
    def test_create_then_edit(self, admin):
        response = admin.post("/users/new/", user_form())
        created = AppUser.objects.get(username="baraka")
        assert response["Location"] == f"/users/{created.pk}/"
        assert created.check_password(STRONG)
        assert list(created.roles.values_list("name", flat=True)) == ["Auditor"]

        page = admin.get(f"/users/{created.pk}/").content.decode()
        assert "Baraka Mwangi" in page and "Auditor" in page

        response = admin.post(
            f"/users/{created.pk}/edit/",
            user_form(lastname="Mwangi-Otieno", password="", password_repeat=""),
        )
        assert response.status_code == 302
        created.refresh_from_db()
        assert created.last_name == "Mwangi-Otieno"
        assert created.check_password(STRONG)  # empty password fields keep the password
        changes = AuditEvent.objects.get(entity_name="USER", action_name="UPDATE").changes
        assert changes == {"last_name": ["Mwangi", "Mwangi-Otieno"]}

    def test_the_passwords_must_match(self, admin):
        response = admin.post("/users/new/", user_form(password_repeat="something-else"))
        assert form_errors(response, "password_repeat") == ["The two passwords differ."]

    def test_a_weak_password_is_refused_by_the_password_field(self, admin):
        response = admin.post("/users/new/", user_form(password="12345", password_repeat="12345"))
        assert response.status_code == 200
        errors = " ".join(form_errors(response, "password"))
        assert "too short" in errors
        page = response.content.decode()
        assert 'value="baraka"' in page  # what was typed stays
        assert STRONG not in page and 'value="12345"' not in page  # passwords never echo
        assert not AppUser.objects.filter(username="baraka").exists()

    def test_a_duplicate_username_is_shown_by_the_username(self, admin, make_user):
        make_user(username="Baraka")
        response = admin.post("/users/new/", user_form())
        assert form_errors(response, "username") == ["User with username baraka already exists."]

    def test_nobody_grants_a_role_with_more_than_they_hold(self, browse_as, make_user):
        clerk = browse_as(make_user(("READ_USER", "CREATE_USER", "READ_OFFICE", "READ_STAFF")))
        super_user = Role.objects.get(name="Super user")
        page = clerk.get("/users/new/").content.decode()
        assert "Super user" not in page and "Auditor" not in page  # not offered
        response = clerk.post("/users/new/", user_form(roles=[super_user.pk]))
        [message] = form_errors(response, "roles")
        assert "not one of the available choices" in message
        assert not AppUser.objects.filter(username="baraka").exists()

    def test_the_staff_member_must_work_in_the_users_office(self, admin, make_office, make_staff):
        branch = make_office(name="Kisumu")
        elsewhere = make_staff(office=branch)
        response = admin.post("/users/new/", user_form(staff=elsewhere.pk))
        [message] = form_errors(response, "staff")
        assert "works in another office" in message

    def test_delete(self, admin, make_user):
        doomed = make_user(username="doomed")
        assert "Delete the user" in admin.get(f"/users/{doomed.pk}/delete/").content.decode()
        response = admin.post(f"/users/{doomed.pk}/delete/")
        assert response["Location"] == "/users/"
        doomed.refresh_from_db()
        assert doomed.is_deleted and not doomed.is_active
        assert admin.get(f"/users/{doomed.pk}/").status_code == 404
        assert "doomed" not in admin.get("/users/").content.decode()

    def test_nobody_deletes_themselves(self, browse_as, make_user):
        me = make_user(username="me")
        client = browse_as(me)
        response = client.post(f"/users/{me.pk}/delete/", follow=True)
        assert "You cannot delete your own user." in response.content.decode()
        me.refresh_from_db()
        assert not me.is_deleted

    def test_list_filters_and_scope(self, browse_as, east_and_west, make_user):
        make_user(office=east_and_west["west"], username="westerner")
        make_user(office=east_and_west["east"], username="easterner")
        manager = browse_as(east_and_west["manager"])
        page = manager.get("/users/").content.decode()
        assert "easterner" in page and "westerner" not in page
        page = manager.get("/users/?q=eastm").content.decode()
        assert "eastmanager" in page and "easterner" not in page


class TestRoles:
    def test_create_with_permissions_grouped_by_grouping(self, admin):
        page = admin.get("/roles/new/").content.decode()
        assert "<legend>Organisation</legend>" in page
        assert 'value="READ_OFFICE"' in page

        response = admin.post(
            "/roles/new/",
            {
                "name": "Branch clerk",
                "description": "Front desk",
                "permissions_organisation": ["READ_OFFICE", "READ_STAFF"],
                "permissions_portfolio": ["READ_CLIENT"],
            },
        )
        role = Role.objects.get(name="Branch clerk")
        assert response["Location"] == f"/roles/{role.pk}/"
        codes = set(role.permissions.values_list("code", flat=True))
        assert codes == {"READ_OFFICE", "READ_STAFF", "READ_CLIENT"}

    def test_edit_grants_and_revokes(self, admin):
        role = Role.objects.create(name="Clerk")
        admin.post(
            f"/roles/{role.pk}/edit/",
            {"name": "Clerk", "permissions_organisation": ["READ_OFFICE"]},
        )
        response = admin.post(
            f"/roles/{role.pk}/edit/",
            {"name": "Senior clerk", "permissions_organisation": ["READ_STAFF"]},
        )
        assert response.status_code == 302
        role.refresh_from_db()
        assert role.name == "Senior clerk"
        assert set(role.permissions.values_list("code", flat=True)) == {"READ_STAFF"}
        event = AuditEvent.objects.filter(entity_name="ROLE", action_name="PERMISSIONS").first()
        assert event.changes == {"READ_OFFICE": [True, False], "READ_STAFF": [False, True]}

    def test_granting_what_one_does_not_hold_is_refused_and_writes_nothing(
        self, browse_as, make_user
    ):
        manager = browse_as(make_user(("CREATE_ROLE", "PERMISSIONS_ROLE", "READ_ROLE")))
        page = manager.get("/roles/new/").content.decode()
        assert 'value="PERMISSIONS_ROLE"' in page
        assert 'value="ALL_FUNCTIONS"' not in page and 'value="DELETE_ROLE"' not in page
        response = manager.post(
            "/roles/new/", {"name": "Escalation", "permissions_authorisation": ["DELETE_ROLE"]}
        )
        assert response.status_code == 200
        [message] = form_errors(response, "permissions_authorisation")
        assert "DELETE_ROLE is not one of the available choices" in message
        assert not Role.objects.filter(name="Escalation").exists()

    def test_without_permissions_role_the_form_has_no_checkboxes(self, browse_as, make_user):
        client = browse_as(make_user(("CREATE_ROLE", "READ_ROLE")))
        assert "permissions_organisation" not in client.get("/roles/new/").content.decode()

    def test_disable_and_enable(self, admin):
        role = Role.objects.create(name="Temp")
        response = admin.post(f"/roles/{role.pk}/disable/", follow=True)
        assert "Role “Temp” disabled." in response.content.decode()
        role.refresh_from_db()
        assert role.is_disabled
        admin.post(f"/roles/{role.pk}/enable/")
        role.refresh_from_db()
        assert not role.is_disabled

    def test_the_last_super_users_role_cannot_be_disabled(self, admin):
        role = Role.objects.get(name="role-admin")  # the only role of the only super user
        response = admin.post(f"/roles/{role.pk}/disable/", follow=True)
        assert "ALL_FUNCTIONS" in response.content.decode()
        role.refresh_from_db()
        assert not role.is_disabled
