import pytest

from mteja.core.models import AuditEvent
from mteja.users.models import Permission, Role
from mteja.users.permission_codes import all_codes

pytestmark = pytest.mark.django_db
ROLES = "/fineract-provider/api/v1/roles"
PERMISSIONS = "/fineract-provider/api/v1/permissions"


def make_role(api, name="Field agent", description="Field staff"):
    response = api.post(ROLES, {"name": name, "description": description}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["resourceId"]


def test_create_and_read_a_role(api):
    role_id = make_role(api)
    assert api.get(f"{ROLES}/{role_id}").json() == {
        "id": role_id,
        "name": "Field agent",
        "description": "Field staff",
        "disabled": False,
        "requiresTwoFactor": False,
    }
    names = [r["name"] for r in api.get(ROLES).json()]
    assert {"Field agent", "Super user", "Auditor"} <= set(names)
    event = AuditEvent.objects.get(entity_name="ROLE", action_name="CREATE")
    assert event.resource_id == role_id
    assert event.office_id is None
    assert event.changes == {"name": [None, "Field agent"], "description": [None, "Field staff"]}


def test_description_is_optional(api):
    response = api.post(ROLES, {"name": "Teller"}, format="json")
    assert response.status_code == 200
    assert api.get(f"{ROLES}/{response.json()['resourceId']}").json()["description"] == ""


def test_role_name_is_required_unique_and_bounded(api):
    make_role(api, "Teller")
    response = api.post(ROLES, {"name": "Teller"}, format="json")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.role.duplicate.name"
    response = api.post(ROLES, {"description": "no name"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "validation.msg.role.name.cannot.be.blank"
    )
    response = api.post(ROLES, {"name": "x" * 101}, format="json")
    assert response.status_code == 400
    assert Role.objects.filter(name="Teller").count() == 1


def test_update_role_returns_changes(api):
    role_id = make_role(api)
    response = api.put(f"{ROLES}/{role_id}", {"description": "Visits clients"}, format="json")
    assert response.status_code == 200
    assert response.json()["changes"] == {"description": "Visits clients"}
    event = AuditEvent.objects.get(entity_name="ROLE", action_name="UPDATE")
    assert event.changes == {"description": ["Field staff", "Visits clients"]}


def test_unknown_role_is_404(api):
    response = api.get(f"{ROLES}/999999")
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.role.id.invalid"
    )
    assert api.put(f"{ROLES}/999999", {"name": "X"}, format="json").status_code == 404
    assert api.get(f"{ROLES}/999999/permissions").status_code == 404


def test_disable_and_enable_a_role_switches_its_permissions_off_and_on(api, api_as, make_user):
    holder = make_user(("READ_OFFICE",), username="holder")
    role = holder.roles.get()
    client = api_as(holder)
    assert client.get("/fineract-provider/api/v1/offices").status_code == 200

    response = api.post(f"{ROLES}/{role.pk}?command=disable")
    assert response.status_code == 200
    assert response.json()["changes"] == {"disabled": True}
    assert api.get(f"{ROLES}/{role.pk}").json()["disabled"] is True
    assert api_as(holder).get("/fineract-provider/api/v1/offices").status_code == 403

    response = api.post(f"{ROLES}/{role.pk}?command=ENABLE")
    assert response.status_code == 200
    assert api_as(holder).get("/fineract-provider/api/v1/offices").status_code == 200
    actions = list(
        AuditEvent.objects.filter(entity_name="ROLE", resource_id=role.pk)
        .order_by("id")
        .values_list("action_name", flat=True)
    )
    assert actions == ["DISABLE", "ENABLE"]


def test_enabling_an_enabled_role_changes_nothing(api):
    role_id = make_role(api)
    response = api.post(f"{ROLES}/{role_id}?command=enable")
    assert response.status_code == 200
    assert "changes" not in response.json()
    assert not AuditEvent.objects.filter(action_name="ENABLE").exists()


@pytest.mark.parametrize("query", ["", "?command=", "?command=delete"])
def test_unknown_role_command_is_400(api, query):
    role_id = make_role(api)
    response = api.post(f"{ROLES}/{role_id}{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.query.parameter.value.unsupported"
    )


def test_the_role_holding_the_last_super_user_cannot_be_disabled(api, admin_user):
    role = admin_user.roles.get()
    response = api.post(f"{ROLES}/{role.pk}?command=disable")
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.user.last.super.user"
    )
    role.refresh_from_db()
    assert not role.is_disabled


def test_permissions_catalogue_in_fineract_shape(api):
    body = api.get(PERMISSIONS).json()
    assert len(body) == len(all_codes())
    read_client = next(p for p in body if p["code"] == "READ_CLIENT")
    assert read_client == {
        "grouping": "portfolio",
        "code": "READ_CLIENT",
        "entityName": "CLIENT",
        "actionName": "READ",
        "selected": False,
    }


def test_grant_and_revoke_permissions_of_a_role(api, api_as, make_user):
    role_id = make_role(api)
    url = f"{ROLES}/{role_id}/permissions"
    response = api.put(
        url, {"permissions": {"READ_CLIENT": True, "CREATE_CLIENT": True}}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "resourceId": role_id,
        "changes": {"permissions": {"CREATE_CLIENT": True, "READ_CLIENT": True}},
    }
    body = api.get(url).json()
    assert body["id"] == role_id and body["name"] == "Field agent"
    selected = {p["code"] for p in body["permissionUsageData"] if p["selected"]}
    assert selected == {"READ_CLIENT", "CREATE_CLIENT"}
    assert len(body["permissionUsageData"]) == Permission.objects.count()

    # Only real changes are reported and audited.
    response = api.put(
        url, {"permissions": {"READ_CLIENT": True, "CREATE_CLIENT": False}}, format="json"
    )
    assert response.json()["changes"] == {"permissions": {"CREATE_CLIENT": False}}
    events = AuditEvent.objects.filter(action_name="PERMISSIONS").order_by("id")
    assert [e.changes for e in events] == [
        {"CREATE_CLIENT": [False, True], "READ_CLIENT": [False, True]},
        {"CREATE_CLIENT": [True, False]},
    ]


def test_unknown_permission_codes_are_400_and_change_nothing(api):
    role_id = make_role(api)
    response = api.put(
        f"{ROLES}/{role_id}/permissions",
        {"permissions": {"READ_CLIENT": True, "FLY_TO_MOON": True, "DANCE": False}},
        format="json",
    )
    assert response.status_code == 400
    values = [e["value"] for e in response.json()["errors"]]
    assert values == ["DANCE", "FLY_TO_MOON"]
    assert not Role.objects.get(pk=role_id).permissions.exists()


@pytest.mark.parametrize(
    "body",
    [{}, {"permissions": {}}, {"permissions": []}, {"permissions": {"READ_CLIENT": "maybe"}}],
)
def test_malformed_permission_bodies_are_400(api, body):
    role_id = make_role(api)
    response = api.put(f"{ROLES}/{role_id}/permissions", body, format="json")
    assert response.status_code == 400, response.content


def test_permissions_need_their_own_code(api_as, make_user, api):
    role_id = make_role(api)
    editor = make_user(("READ_ROLE", "UPDATE_ROLE", "READ_CLIENT"), username="editor")
    client = api_as(editor)
    url = f"{ROLES}/{role_id}/permissions"
    assert client.get(url).status_code == 200
    response = client.put(url, {"permissions": {"READ_CLIENT": True}}, format="json")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.not.authorized"


def test_nobody_grants_permissions_they_do_not_hold(api_as, make_user, api):
    role_id = make_role(api)
    granter = make_user(("PERMISSIONS_ROLE", "READ_CLIENT"), username="granter")
    client = api_as(granter)
    url = f"{ROLES}/{role_id}/permissions"
    response = client.put(url, {"permissions": {"ALL_FUNCTIONS": True}}, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["value"] == ["ALL_FUNCTIONS"]
    response = client.put(url, {"permissions": {"READ_CLIENT": True}}, format="json")
    assert response.status_code == 200
    response = client.put(url, {"permissions": {"READ_CLIENT": False}}, format="json")
    assert response.json()["changes"] == {"permissions": {"READ_CLIENT": False}}
    # A role holding more than they hold is out of their reach, for revoking too.
    api.put(url, {"permissions": {"DELETE_CLIENT": True}}, format="json")
    response = client.put(url, {"permissions": {"DELETE_CLIENT": False}}, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.role.permission.not.held"
    )
    assert Role.objects.get(pk=role_id).permissions.filter(code="DELETE_CLIENT").exists()


def test_the_last_super_user_keeps_all_functions(api, admin_user):
    role = admin_user.roles.get()
    response = api.put(
        f"{ROLES}/{role.pk}/permissions", {"permissions": {"ALL_FUNCTIONS": False}}, format="json"
    )
    assert response.status_code == 403
    assert role.permissions.filter(code="ALL_FUNCTIONS").exists()


def test_roles_are_global_a_branch_reader_sees_them_all(api_as, make_user, make_office):
    reader = make_user(("READ_ROLE", "READ_PERMISSION"), office=make_office("Far away"))
    client = api_as(reader)
    assert {"Super user", "Auditor"} <= {r["name"] for r in client.get(ROLES).json()}
    assert client.get(PERMISSIONS).status_code == 200
    assert client.post(ROLES, {"name": "Mine"}, format="json").status_code == 403
