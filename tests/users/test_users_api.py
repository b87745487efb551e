import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from mteja.core.models import AuditEvent
from mteja.users.models import AppUser, Role

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/users"
NEW_PASSWORD = "kilimanjaro-sunrise-42"


@pytest.fixture
def clerk_role(db):
    from mteja.users.models import Permission

    role = Role.objects.create(name="Clerk", description="Front desk")
    role.permissions.set(Permission.objects.filter(code__in=["READ_CLIENT", "CREATE_CLIENT"]))
    return role


def new_user_body(role, **overrides):
    body = {
        "username": "njeri",
        "firstname": "Njeri",
        "lastname": "Mwangi",
        "email": "njeri@example.org",
        "officeId": 1,
        "roles": [role.pk],
        "password": NEW_PASSWORD,
        "repeatPassword": NEW_PASSWORD,
        "sendPasswordToEmail": False,
    }
    body.update(overrides)
    return body


def create(api, role, **overrides):
    return api.post(URL, new_user_body(role, **overrides), format="json")


def test_create_user_then_read_it_and_log_in_with_the_password(api, clerk_role):
    response = create(api, clerk_role)
    assert response.status_code == 200, response.json()
    user_id = response.json()["resourceId"]
    assert response.json()["officeId"] == 1
    body = api.get(f"{URL}/{user_id}").json()
    assert body["username"] == "njeri"
    assert body["firstname"] == "Njeri"
    assert body["lastname"] == "Mwangi"
    assert body["officeName"] == "Head Office"
    assert body["selectedRoles"] == [
        {
            "id": clerk_role.pk,
            "name": "Clerk",
            "description": "Front desk",
            "disabled": False,
            "requiresTwoFactor": False,
        }
    ]
    assert clerk_role.pk not in [r["id"] for r in body["availableRoles"]]
    assert "Super user" in [r["name"] for r in body["availableRoles"]]
    assert body["isSelfServiceUser"] is False
    assert body["passwordNeverExpires"] is False
    assert "staff" not in body
    login = APIClient().post(
        "/fineract-provider/api/v1/authentication",
        {"username": "njeri", "password": NEW_PASSWORD},
        format="json",
    )
    assert login.status_code == 200
    assert login.json()["permissions"] == ["CREATE_CLIENT", "READ_CLIENT"]


def test_no_answer_ever_carries_a_password_or_hash(api, clerk_role):
    user_id = create(api, clerk_role).json()["resourceId"]
    stored_hash = AppUser.objects.get(pk=user_id).password
    answers = [
        api.get(URL).content,
        api.get(f"{URL}/{user_id}").content,
        api.put(
            f"{URL}/{user_id}",
            {"password": "another-long-secret-7", "repeatPassword": "another-long-secret-7"},
            format="json",
        ).content,
        api.get("/fineract-provider/api/v1/audits").content,
    ]
    for answer in answers:
        text = answer.decode()
        assert NEW_PASSWORD not in text
        assert "another-long-secret-7" not in text
        assert stored_hash not in text
        assert "md5$" not in text and "pbkdf2" not in text


def test_create_is_audited_without_the_password(api, clerk_role):
    user_id = create(api, clerk_role).json()["resourceId"]
    event = AuditEvent.objects.get(entity_name="USER", action_name="CREATE")
    assert event.resource_id == user_id
    assert event.office_id == 1
    assert event.changes["username"] == [None, "njeri"]
    assert event.changes["roles"] == [None, [clerk_role.pk]]
    assert event.changes["password"] == [None, "***"]
    assert NEW_PASSWORD not in json.dumps(event.changes)


def test_staff_member_is_shown_and_must_work_in_the_users_office(
    api, clerk_role, make_office, make_staff
):
    branch = make_office("Thika")
    at_head_office = make_staff(firstname="Achieng", lastname="Odhiambo")
    at_branch = make_staff(office=branch, firstname="Baraka", lastname="Kiprop")
    user_id = create(api, clerk_role, staffId=at_head_office.pk).json()["resourceId"]
    assert api.get(f"{URL}/{user_id}").json()["staff"] == {
        "id": at_head_office.pk,
        "displayName": at_head_office.display_name,
    }
    response = create(api, clerk_role, username="other", staffId=at_branch.pk)
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.user.staff.office.mismatch"
    )
    assert response.json()["errors"][0]["parameterName"] == "staffId"
    # Moving the user without also changing the staff member would break the rule too.
    response = api.put(f"{URL}/{user_id}", {"officeId": branch.pk}, format="json")
    assert response.status_code == 403
    response = api.put(
        f"{URL}/{user_id}", {"officeId": branch.pk, "staffId": at_branch.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"officeId": branch.pk, "staffId": at_branch.pk}


def test_unknown_staff_and_role_are_404(api, clerk_role):
    response = create(api, clerk_role, staffId=999999)
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.staff.id.invalid"
    )
    response = create(api, clerk_role, roles=[clerk_role.pk, 999999])
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.role.id.invalid"
    )
    assert not AppUser.objects.filter(username="njeri").exists()


def test_repeat_password_must_match(api, clerk_role):
    response = create(api, clerk_role, repeatPassword="something-else-entirely")
    assert response.status_code == 400
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "validation.msg.user.repeatPassword.not.equal.to.password"
    )
    assert not AppUser.objects.filter(username="njeri").exists()


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("short-1", "validation.msg.user.password.is.less.than.min.length"),
        ("1234567890123", "validation.msg.user.password.is.entirely.numeric"),
        ("password1234", "validation.msg.user.password.is.too.common"),
    ],
)
def test_weak_passwords_are_400_on_the_password_parameter(api, clerk_role, password, rule):
    response = create(api, clerk_role, password=password, repeatPassword=password)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {e["parameterName"] for e in errors} == {"password"}
    assert rule in {e["userMessageGlobalisationCode"] for e in errors}
    assert all(password not in json.dumps(e) for e in errors)


def test_missing_fields_are_all_reported_at_once(api):
    response = api.post(URL, {}, format="json")
    assert response.status_code == 400
    params = {e["parameterName"] for e in response.json()["errors"]}
    assert params == {"username", "firstname", "lastname", "officeId", "roles", "password"}


def test_roles_cannot_be_empty(api):
    response = create(api, Role(pk=0), roles=[])
    assert response.status_code == 400
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "validation.msg.user.roles.cannot.be.blank"
    )


def test_self_service_users_are_refused(api, clerk_role):
    response = create(api, clerk_role, isSelfServiceUser=True)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "isSelfServiceUser"
    assert create(api, clerk_role, isSelfServiceUser=False).status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("username", "has space", "validation.msg.user.username.is.invalid"),
        ("username", "colon:name", "validation.msg.user.username.is.invalid"),
        ("email", "not-an-email", "validation.msg.user.email.is.invalid"),
        ("firstname", "x" * 101, "validation.msg.user.firstname.exceeds.max.length"),
        ("officeId", "one", "validation.msg.user.officeId.is.invalid"),
    ],
)
def test_bad_fields_are_400(api, clerk_role, field, value, code):
    response = create(api, clerk_role, **{field: value})
    assert response.status_code == 400
    assert code in {e["userMessageGlobalisationCode"] for e in response.json()["errors"]}


def test_unknown_parameter_is_refused(api, clerk_role):
    response = create(api, clerk_role, favouriteColour="blue")
    assert response.status_code == 400
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.parameter.unsupported"
    )


def test_duplicate_username_is_403_whatever_the_case(api, clerk_role):
    assert create(api, clerk_role).status_code == 200
    for name in ("njeri", "NJERI"):
        response = create(api, clerk_role, username=name)
        assert response.status_code == 403
        assert response.json()["userMessageGlobalisationCode"] == (
            "error.msg.user.duplicate.username"
        )
    assert AppUser.objects.filter(username__iexact="njeri").count() == 1


def test_update_returns_changes_and_audits_old_and_new(api, clerk_role):
    user_id = create(api, clerk_role).json()["resourceId"]
    response = api.put(
        f"{URL}/{user_id}",
        {"firstname": "Wairimu", "email": "w@example.org", "passwordNeverExpires": True},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {
        "firstname": "Wairimu",
        "email": "w@example.org",
        "passwordNeverExpires": True,
    }
    event = AuditEvent.objects.get(entity_name="USER", action_name="UPDATE")
    assert event.changes == {
        "first_name": ["Njeri", "Wairimu"],
        "email": ["njeri@example.org", "w@example.org"],
        "password_never_expires": [False, True],
    }


def test_password_change_lets_the_user_log_in_with_the_new_one(api, clerk_role):
    user_id = create(api, clerk_role).json()["resourceId"]
    response = api.put(
        f"{URL}/{user_id}",
        {"password": "a-brand-new-secret-9", "repeatPassword": "a-brand-new-secret-9"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["changes"] == {"password": "***"}
    event = AuditEvent.objects.get(entity_name="USER", action_name="UPDATE")
    assert event.changes == {"password": ["***", "***"]}
    login = "/fineract-provider/api/v1/authentication"
    old = APIClient().post(login, {"username": "njeri", "password": NEW_PASSWORD}, format="json")
    assert old.status_code == 401
    new = {"username": "njeri", "password": "a-brand-new-secret-9"}
    assert APIClient().post(login, new, format="json").status_code == 200


def test_password_update_needs_the_repeat(api, clerk_role):
    user_id = create(api, clerk_role).json()["resourceId"]
    response = api.put(f"{URL}/{user_id}", {"password": "a-brand-new-secret-9"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "repeatPassword"


def test_empty_update_is_refused_and_a_no_op_update_writes_no_event(api, clerk_role):
    user_id = create(api, clerk_role).json()["resourceId"]
    assert api.put(f"{URL}/{user_id}", {}, format="json").status_code == 400
    response = api.put(f"{URL}/{user_id}", {"firstname": "Njeri"}, format="json")
    assert response.status_code == 200
    assert "changes" not in response.json()
    assert not AuditEvent.objects.filter(action_name="UPDATE").exists()


def test_delete_is_soft_hides_the_user_blocks_login_and_frees_the_name(api, clerk_role):
    user_id = create(api, clerk_role).json()["resourceId"]
    response = api.delete(f"{URL}/{user_id}")
    assert response.status_code == 200
    assert response.json()["resourceId"] == user_id
    assert api.get(f"{URL}/{user_id}").status_code == 404
    assert user_id not in [u["id"] for u in api.get(URL).json()]
    assert api.delete(f"{URL}/{user_id}").status_code == 404
    kept = AppUser.objects.get(pk=user_id)
    assert kept.is_deleted and not kept.is_active
    login = APIClient().post(
        "/fineract-provider/api/v1/authentication",
        {"username": "njeri", "password": NEW_PASSWORD},
        format="json",
    )
    assert login.status_code == 401
    event = AuditEvent.objects.get(entity_name="USER", action_name="DELETE")
    assert event.resource_id == user_id
    assert event.changes["is_deleted"] == [False, True]
    # The name is free again, and the old events still name their maker.
    assert create(api, clerk_role).status_code == 200


def test_deleting_a_user_keeps_the_events_they_made(api_as, make_user, api, clerk_role):
    maker = make_user(("ALL_FUNCTIONS",), username="maker")
    api_as(maker).post("/fineract-provider/api/v1/roles", {"name": "Made by maker"}, format="json")
    assert api.delete(f"{URL}/{maker.pk}").status_code == 200
    event = AuditEvent.objects.get(entity_name="ROLE", action_name="CREATE")
    assert event.maker_id == maker.pk
    listed = api.get("/fineract-provider/api/v1/audits?entityName=ROLE").json()
    assert listed[0]["maker"] == "maker"


def test_a_user_cannot_delete_themselves(api, admin_user):
    response = api.delete(f"{URL}/{admin_user.pk}")
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.user.cannot.delete.self"
    )
    assert AppUser.objects.get(pk=admin_user.pk).is_active


def test_branch_user_sees_and_manages_only_its_subtree(api_as, make_user, make_office, clerk_role):
    east = make_office("East")
    east_sub = make_office("East sub", parent=east)
    west = make_office("West")
    manager = make_user(
        ("READ_USER", "CREATE_USER", "UPDATE_USER", "DELETE_USER", "READ_CLIENT", "CREATE_CLIENT"),
        office=east,
        username="eastmanager",
    )
    below = make_user(("READ_CLIENT",), office=east_sub, username="eastclerk")
    outside = make_user(("READ_CLIENT",), office=west, username="westclerk")
    client = api_as(manager)
    listed = {u["username"] for u in client.get(URL).json()}
    assert listed == {"eastmanager", "eastclerk"}
    assert client.get(f"{URL}/{below.pk}").status_code == 200
    assert client.get(f"{URL}/{outside.pk}").status_code == 404
    assert client.put(f"{URL}/{outside.pk}", {"firstname": "X"}, format="json").status_code == 404
    assert client.delete(f"{URL}/{outside.pk}").status_code == 404
    response = create(client, clerk_role, officeId=west.pk)
    assert response.status_code == 404  # as a read of the office answers
    assert not AppUser.objects.filter(username="njeri").exists()
    response = client.put(f"{URL}/{below.pk}", {"officeId": west.pk}, format="json")
    assert response.status_code == 404
    assert AppUser.objects.get(pk=below.pk).office_id == east_sub.pk
    assert create(client, clerk_role, officeId=east_sub.pk).status_code == 200


def test_nobody_grants_a_role_with_permissions_they_do_not_hold(api_as, make_user, clerk_role):
    manager = make_user(("CREATE_USER", "UPDATE_USER", "READ_USER"), username="usermanager")
    client = api_as(manager)
    super_user = Role.objects.get(name="Super user")
    response = create(client, super_user)
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.permission.grant.not.held"
    )
    assert response.json()["errors"][0]["value"] == ["ALL_FUNCTIONS"]
    # Nor to themselves, by editing their own roles.
    response = client.put(
        f"{URL}/{manager.pk}", {"roles": [manager.roles.get().pk, super_user.pk]}, format="json"
    )
    assert response.status_code == 403
    assert not manager.roles.filter(name="Super user").exists()
    # The clerk role's permissions are not held either; a role within reach is fine.
    assert create(client, clerk_role).status_code == 403
    within_reach = Role.objects.create(name="Readers")
    within_reach.permissions.set(manager.roles.get().permissions.filter(code="READ_USER"))
    assert create(client, within_reach).status_code == 200


def test_a_disabled_role_cannot_be_given(api, clerk_role):
    clerk_role.is_disabled = True
    clerk_role.save()
    response = create(api, clerk_role)
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.role.is.disabled"
    )


def test_the_last_super_user_cannot_be_removed(api, api_as, make_user, admin_user):
    # admin_user is the only active holder of ALL_FUNCTIONS; a user administrator cannot
    # delete them (they do not hold what the super user holds).
    other_admin = make_user(("READ_USER", "UPDATE_USER", "DELETE_USER"), username="helper")
    helper = api_as(other_admin)
    response = helper.delete(f"{URL}/{admin_user.pk}")
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.user.permission.not.held"
    )
    assert AppUser.objects.get(pk=admin_user.pk).is_active
    reader = Role.objects.get(name="Auditor")
    response = api.put(f"{URL}/{admin_user.pk}", {"roles": [reader.pk]}, format="json")
    assert response.status_code == 403
    assert AppUser.objects.get(pk=admin_user.pk).roles.filter(name="role-root").exists()


def test_template_lists_offices_roles_and_staff(api, make_office, make_staff):
    branch = make_office("Machakos")
    staff = make_staff(office=branch, firstname="Mutua", lastname="Musyoka")
    body = api.get(f"{URL}/template?officeId={branch.pk}").json()
    assert [o["name"] for o in body["allowedOffices"]] == ["Head Office", "Machakos"]
    assert "Super user" in [r["name"] for r in body["availableRoles"]]
    assert body["selfServiceRoles"] == []
    assert body["staffOptions"] == [{"id": staff.pk, "displayName": staff.display_name}]


def test_list_runs_a_fixed_number_of_queries(api, make_user):
    make_user(username="first")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(URL).status_code == 200
        return len(queries)

    count(), count()  # the password verified, then the users, offices and roles kept
    few = count()
    for _ in range(5):
        make_user()
    count()  # a user changed: the kept users are read again, once
    assert count() == few
