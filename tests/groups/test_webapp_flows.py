"""The group and center screens of the Mifos X web-app, by the bodies they send: create with
blank optional fields, open (accounts, GLIM and GSIM lists), activate, manage members, assign
and unassign the officer, close; and what /groups/{id} answers when the id is a center's."""

import pytest

from mteja.core.models import AuditEvent
from mteja.groups.models import Center, Group

from .conftest import BASE, codes_of

FORMAT = {"dateFormat": "dd MMMM yyyy", "locale": "en"}


def post(api, url, body):
    return api.post(f"{BASE}/{url}", body, format="json")


def test_the_create_forms_blank_fields_read_as_absent(api, branch):
    # What create-center and create-group send when staff, external id and Active are left.
    blanks = {"staffId": "", "externalId": "", "active": "", "submittedOnDate": "14 June 2024"}
    center = post(api, "centers", {"name": "Lakeside", "officeId": branch.pk, **blanks,
                                    "groupMembers": [], **FORMAT})  # fmt: skip
    assert center.status_code == 200, center.json()
    group = post(api, "groups", {"name": "Umoja", "officeId": branch.pk, **blanks,
                                  "clientMembers": [], **FORMAT})  # fmt: skip
    assert group.status_code == 200, group.json()
    made = Group.objects.get(pk=group.json()["resourceId"])
    assert (made.staff_id, made.external_id, made.is_active) == (None, None, False)
    assert Center.objects.get(pk=center.json()["resourceId"]).name == "Lakeside"
    # Centers and groups share one id sequence: the two never collide.
    assert center.json()["resourceId"] != group.json()["resourceId"]


def test_a_groups_page_reads_empty_account_lists(api, new_group, new_center):
    group, center = new_group(), new_center()
    empty = {
        "loanAccounts": [],
        "savingsAccounts": [],
        "shareAccounts": [],
        "guarantorAccounts": [],
    }
    assert api.get(f"{BASE}/groups/{group.pk}/accounts").json() == empty
    assert api.get(f"{BASE}/centers/{center.pk}/accounts").json() == empty
    assert api.get(f"{BASE}/groups/{center.pk}/accounts").json() == empty  # one id sequence
    assert api.get(f"{BASE}/groups/{group.pk}/glimaccounts").json() == []
    assert api.get(f"{BASE}/groups/{group.pk}/gsimaccounts").json() == []
    missing = api.get(f"{BASE}/centers/{group.pk}/accounts")
    assert missing.status_code == 404 and codes_of(missing) == ["error.msg.center.id.invalid"]
    missing = api.get(f"{BASE}/groups/{group.pk + center.pk + 10}/accounts")
    assert missing.status_code == 404 and codes_of(missing) == ["error.msg.group.id.invalid"]


def test_accounts_are_scoped_and_need_the_kinds_read_permission(
    api_as, make_user, make_office, new_group, new_center
):
    group, center = new_group(), new_center()
    elsewhere = api_as(make_user(office=make_office(name="Far away")))
    assert elsewhere.get(f"{BASE}/groups/{group.pk}/accounts").status_code == 404
    assert elsewhere.get(f"{BASE}/groups/{group.pk}/glimaccounts").status_code == 404
    reader = api_as(make_user(("READ_GROUP",)))
    assert reader.get(f"{BASE}/groups/{group.pk}/accounts").status_code == 200
    assert reader.get(f"{BASE}/groups/{center.pk}/accounts").status_code == 403
    assert reader.get(f"{BASE}/centers/{center.pk}/accounts").status_code == 403


def test_a_group_is_activated_staffed_filled_emptied_and_closed_as_the_web_app_asks(
    api, new_group, member, officer, closure_reason
):
    group = new_group()
    first, second = member(), member()
    url = f"groups/{group.pk}?command="
    steps = [
        ("activate", {"activationDate": "14 June 2024", **FORMAT}),
        ("associateClients", {"clientMembers": [first.pk]}),
        ("associateClients", {"clientMembers": [second.pk]}),
        ("disassociateClients", {"clientMembers": [first.pk]}),
        ("assignStaff", {"staffId": officer.pk}),
        ("unassignStaff", {"staffId": officer.pk}),
        ("close", {"closureDate": "14 June 2024", "closureReasonId": closure_reason.pk,
                   **FORMAT}),
    ]  # fmt: skip
    for command, body in steps:
        response = post(api, url + command, body)
        assert response.status_code == 200, (command, response.json())
    body = api.get(f"{BASE}/groups/{group.pk}?associations=clientMembers").json()
    assert body["status"]["code"] == "groupingStatusType.closed"
    assert body["timeline"]["closedOnDate"] == [2024, 6, 14]
    assert body["staffId"] is None and body["clientMembers"] == []
    # Both stays ended, the first by its removal, the second by the closing.
    past = body["pastClientMembers"]
    assert sorted(m["clientId"] for m in past) == sorted([first.pk, second.pk])
    assert all(m["leftOn"] == [2024, 6, 14] for m in past)


def test_the_timeline_leaves_out_steps_not_taken_and_the_hierarchy_is_fineracts(
    api, new_group, new_center
):
    center = new_center()
    inside, alone = new_group("Umoja", center=center), new_group("Tumaini")
    body = api.get(f"{BASE}/groups/{alone.pk}").json()
    assert body["timeline"] == {"submittedOnDate": [2024, 6, 14]}
    assert body["hierarchy"] == f".{alone.pk}."
    assert api.get(f"{BASE}/groups/{inside.pk}").json()["hierarchy"] == f".{center.pk}.{inside.pk}."
    assert api.get(f"{BASE}/centers/{center.pk}").json()["hierarchy"] == f".{center.pk}."


def test_a_groups_command_on_a_centers_id_finds_no_group(api, new_center, member, officer):
    center = new_center()
    response = post(api, f"groups/{center.pk}?command=associateClients",
                    {"clientMembers": [member().pk]})  # fmt: skip
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.group.id.invalid"]
    assert not center.groups.exists()
    # What the web-app does to a center through /groups/{id} still works there.
    assigned = post(api, f"groups/{center.pk}?command=assignStaff", {"staffId": officer.pk})
    assert assigned.status_code == 200
    assert post(api, f"groups/{center.pk}?command=unassignStaff", {}).status_code == 200
    unknown = post(api, f"groups/{center.pk}?command=dance", {})
    assert codes_of(unknown) == ["error.msg.query.parameter.value.unsupported"]


def test_a_centers_command_on_a_groups_id_finds_no_center(api, new_group):
    group = new_group()
    response = post(api, f"centers/{group.pk}?command=activate", {})
    assert response.status_code == 404 and codes_of(response) == ["error.msg.center.id.invalid"]


def test_a_client_shows_its_current_and_past_groups(api, new_center, new_group, member):
    center = new_center()
    left, stays = new_group("Umoja", center=center), new_group("Tumaini")
    client = member()
    for group in (left, stays):
        post(api, f"groups/{group.pk}?command=associateClients", {"clientMembers": [client.pk]})
    post(api, f"groups/{left.pk}?command=disassociateClients", {"clientMembers": [client.pk]})
    body = api.get(f"{BASE}/clients/{client.pk}").json()
    assert [g["id"] for g in body["groups"]] == [stays.pk]
    (past,) = body["pastGroups"]
    assert (past["groupId"], past["groupName"]) == (left.pk, "Umoja")
    assert (past["centerId"], past["centerName"]) == (center.pk, "Lakeside")
    assert past["joinedOn"] == past["leftOn"] == [2024, 6, 14]


@pytest.mark.parametrize("kind", ["group", "center"])
def test_every_step_is_journalled(api, kind, new_group, new_center, officer):
    record = new_group() if kind == "group" else new_center()
    post(api, f"{kind}s/{record.pk}?command=assignStaff", {"staffId": officer.pk})
    event = AuditEvent.objects.filter(action_name="ASSIGNSTAFF").get()
    assert (event.entity_name, event.resource_id) == (kind.upper(), record.pk)
