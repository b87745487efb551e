"""/groups and /centers as Fineract's clients (the Mifos X web-app among them) call them."""

import datetime

import pytest

from mteja.core.models import AuditEvent
from mteja.groups import selectors
from mteja.groups.models import Group, Membership

from .conftest import BASE, codes_of

DATES = {"dateFormat": "dd MMMM yyyy", "locale": "en"}


@pytest.fixture
def branch_api(api_as, make_user, branch):
    return api_as(make_user(office=branch))


def test_a_center_and_a_group_are_created_opened_and_listed(api, branch, officer, member):
    clients = [member(), member()]
    center = api.post(
        f"{BASE}/centers",
        {"officeId": branch.pk, "name": "Lakeside", "staffId": officer.pk, "active": True,
         "activationDate": "01 June 2024", **DATES},
        format="json",
    )  # fmt: skip
    assert center.status_code == 200, center.json()
    center_id = center.json()["resourceId"]
    group = api.post(
        f"{BASE}/groups",
        {"officeId": branch.pk, "centerId": center_id, "name": "Umoja", "externalId": "G-1",
         "clientMembers": [c.pk for c in clients], "active": False},
        format="json",
    )  # fmt: skip
    assert group.status_code == 200, group.json()
    assert group.json()["officeId"] == branch.pk
    group_id = group.json()["groupId"]

    body = api.get(f"{BASE}/groups/{group_id}?associations=all").json()
    assert body["name"] == "Umoja" and body["centerName"] == "Lakeside"
    assert body["status"]["code"] == "groupingStatusType.pending"
    assert sorted(m["id"] for m in body["clientMembers"]) == sorted(c.pk for c in clients)
    assert body["clientMembers"][0]["displayName"]

    page = api.get(f"{BASE}/groups?paged=true&officeId={branch.pk}&orderBy=name&sortOrder=ASC")
    assert page.json()["totalFilteredRecords"] == 1
    assert page.json()["pageItems"][0]["id"] == group_id
    assert [c["id"] for c in api.get(f"{BASE}/centers").json()] == [center_id]
    center_body = api.get(f"{BASE}/centers/{center_id}?associations=groupMembers").json()
    assert center_body["active"] and [g["id"] for g in center_body["groupMembers"]] == [group_id]


def test_members_are_added_removed_and_moved_by_commands(api, new_group, member):
    group, other = new_group("Umoja"), new_group("Tumaini")
    first, second = member(), member()
    add = api.post(
        f"{BASE}/groups/{group.pk}?command=associateClients",
        {"clientMembers": [first.pk, second.pk]},
        format="json",
    )
    assert add.status_code == 200, add.json()
    removed = api.post(
        f"{BASE}/groups/{group.pk}?command=disassociateClients",
        {"clientMembers": [first.pk]},
        format="json",
    )
    assert removed.status_code == 200
    moved = api.post(
        f"{BASE}/groups/{group.pk}?command=transferClients",
        {"destinationGroupId": other.pk, "clients": [{"id": second.pk}]},
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    assert list(selectors.member_client_ids(other)) == [second.pk]
    assert Membership.objects.filter(group=group).past().count() == 2


def test_a_duplicate_member_and_a_member_of_another_office_are_refused(
    api, new_group, member, make_client, other_branch
):
    group, client = new_group(), member()
    api.post(
        f"{BASE}/groups/{group.pk}?command=associateClients",
        {"clientMembers": [client.pk]},
        format="json",
    )
    again = api.post(
        f"{BASE}/groups/{group.pk}?command=associateClients",
        {"clientMembers": [client.pk]},
        format="json",
    )
    assert again.status_code == 403
    assert codes_of(again) == ["error.msg.group.client.exist.in.group"]
    outsider = make_client(office=other_branch, active=True)
    far = api.post(
        f"{BASE}/groups/{group.pk}?command=associateClients",
        {"clientMembers": [outsider.pk]},
        format="json",
    )
    assert far.status_code == 403
    assert codes_of(far) == ["error.msg.client.attach.to.group.invalid.office"]


def test_activate_close_and_the_loan_officer(api, new_group, officer, closure_reason):
    group = new_group(submitted_on=datetime.date(2024, 6, 1))
    activated = api.post(
        f"{BASE}/groups/{group.pk}?command=activate",
        {"activationDate": "10 June 2024", **DATES},
        format="json",
    )
    assert activated.status_code == 200, activated.json()["errors"]
    again = api.post(
        f"{BASE}/groups/{group.pk}?command=activate",
        {"activationDate": "2024-06-10"},
        format="json",
    )
    assert again.status_code == 403
    staff = api.post(
        f"{BASE}/groups/{group.pk}?command=assignStaff", {"staffId": officer.pk}, format="json"
    )
    assert staff.status_code == 200
    assert api.get(f"{BASE}/groups/{group.pk}").json()["staffId"] == officer.pk
    api.post(
        f"{BASE}/groups/{group.pk}?command=unassignStaff", {"staffId": officer.pk}, format="json"
    )
    closed = api.post(
        f"{BASE}/groups/{group.pk}?command=close",
        {"closureDate": "2024-06-14", "closureReasonId": closure_reason.pk},
        format="json",
    )
    assert closed.status_code == 200, closed.json()
    body = api.get(f"{BASE}/groups/{group.pk}").json()
    assert body["status"]["value"] == "Closed" and body["timeline"]["closedOnDate"] == [2024, 6, 14]
    actions = AuditEvent.objects.filter(entity_name="GROUP", resource_id=group.pk)
    assert sorted(actions.values_list("action_name", flat=True)) == [
        "ACTIVATE", "ASSIGNSTAFF", "CLOSE", "CREATE", "UNASSIGNSTAFF",
    ]  # fmt: skip


def test_bad_requests_are_fineract_400s(api, new_group):
    group = new_group()
    unknown = api.post(f"{BASE}/groups/{group.pk}?command=explode", {}, format="json")
    assert unknown.status_code == 400
    assert codes_of(unknown) == ["error.msg.query.parameter.value.unsupported"]
    extra = api.post(f"{BASE}/groups/{group.pk}?command=activate", {"staffId": 3}, format="json")
    assert extra.status_code == 400
    assert codes_of(extra) == ["error.msg.parameter.unsupported"]
    nameless = api.post(f"{BASE}/groups", {"officeId": 1}, format="json")
    assert nameless.status_code == 400
    assert codes_of(nameless) == ["validation.msg.group.name.cannot.be.blank"]
    bad_status = api.get(f"{BASE}/groups?status=sleeping")
    assert bad_status.status_code == 400
    assert not Group.objects.exclude(pk=group.pk).exists()


def test_another_branchs_groups_do_not_exist_for_a_branch_user(
    branch_api, new_group, new_center, other_branch
):
    far = new_group("Far", office=other_branch)
    far_center = new_center("Far center", office=other_branch)
    mine = new_group("Mine")
    assert branch_api.get(f"{BASE}/groups/{far.pk}").status_code == 404
    assert branch_api.get(f"{BASE}/centers/{far_center.pk}").status_code == 404
    assert (
        branch_api.put(f"{BASE}/groups/{far.pk}", {"name": "x"}, format="json").status_code == 404
    )
    command = branch_api.post(
        f"{BASE}/groups/{far.pk}?command=activate", {"activationDate": "2024-06-10"}, format="json"
    )
    assert command.status_code == 404
    assert [g["id"] for g in branch_api.get(f"{BASE}/groups").json()] == [mine.pk]


def test_a_pending_group_is_edited_and_deleted_an_active_one_is_not(api, new_group):
    group = new_group()
    edited = api.put(f"{BASE}/groups/{group.pk}", {"name": "Umoja Women"}, format="json")
    assert edited.status_code == 200
    assert edited.json()["changes"] == {"name": "Umoja Women"}
    assert api.delete(f"{BASE}/groups/{group.pk}").status_code == 200
    assert not Group.objects.filter(pk=group.pk).exists()
    active = new_group("Active", active=True, activation_date=group.submitted_on)
    refused = api.delete(f"{BASE}/groups/{active.pk}")
    assert refused.status_code == 403


def test_a_client_created_with_a_group_id_joins_it_and_lists_it(api, new_group, branch):
    group = new_group()
    created = api.post(
        f"{BASE}/clients",
        {"officeId": branch.pk, "legalFormId": 1, "firstname": "Achieng", "lastname": "Otieno",
         "groupId": group.pk},
        format="json",
    )  # fmt: skip
    assert created.status_code == 200, created.json()
    assert created.json()["groupId"] == group.pk
    client_id = created.json()["clientId"]
    groups = api.get(f"{BASE}/clients/{client_id}").json()["groups"]
    assert [(g["id"], g["name"]) for g in groups] == [(group.pk, "Umoja")]
    listed = api.get(f"{BASE}/clients?groupId={group.pk}").json()
    assert [c["id"] for c in listed["pageItems"]] == [client_id]
    orphans = api.get(f"{BASE}/clients?orphansOnly=true").json()
    assert client_id not in [c["id"] for c in orphans["pageItems"]]


def test_a_client_of_another_office_cannot_be_created_into_a_group(api, new_group, other_branch):
    group = new_group()
    created = api.post(
        f"{BASE}/clients",
        {"officeId": other_branch.pk, "legalFormId": 1, "firstname": "Achieng",
         "lastname": "Otieno", "groupId": group.pk},
        format="json",
    )  # fmt: skip
    assert created.status_code == 403
    assert codes_of(created) == ["error.msg.client.attach.to.group.invalid.office"]
    assert api.get(f"{BASE}/clients?displayName=Achieng").json()["totalFilteredRecords"] == 0


def test_centers_take_and_release_groups(api, new_center, new_group, closure_reason):
    center, group = new_center(), new_group()
    add = api.post(
        f"{BASE}/centers/{center.pk}?command=associateGroups",
        {"groupMembers": [group.pk]},
        format="json",
    )
    assert add.status_code == 200, add.json()
    assert api.get(f"{BASE}/groups/{group.pk}").json()["centerId"] == center.pk
    api.post(
        f"{BASE}/centers/{center.pk}?command=disassociateGroups",
        {"groupMembers": [group.pk]},
        format="json",
    )
    assert api.get(f"{BASE}/groups?orphansOnly=true").json()[0]["id"] == group.pk


def test_the_templates_offer_what_the_forms_need(api, branch, officer, member, new_center):
    client, center = member(), new_center()
    template = api.get(f"{BASE}/groups/template?officeId={branch.pk}").json()
    assert [s["id"] for s in template["staffOptions"]] == [officer.pk]
    assert [c["id"] for c in template["clientOptions"]] == [client.pk]
    assert [c["id"] for c in template["centerOptions"]] == [center.pk]
    assert template["closureReasons"]
    center_template = api.get(f"{BASE}/centers/template?officeId={branch.pk}").json()
    assert "groupMembersOptions" in center_template


@pytest.mark.parametrize("route", ["groups", "centers"])
def test_an_empty_body_is_a_400_asking_for_the_office(api, route):
    response = api.post(f"{BASE}/{route}", {}, format="json")
    assert response.status_code == 400
    assert codes_of(response)[0].endswith("officeId.cannot.be.blank")


def _transfer(api, client, office, **body):
    return api.post(
        f"{BASE}/clients/{client.pk}?command=proposeAndAcceptTransfer",
        {"destinationOfficeId": office.pk, **body},
        format="json",
    )


def test_a_transferred_client_of_one_group_needs_a_group_in_the_new_office(
    api, new_group, member, other_branch, today
):
    client = member()
    old = new_group("Umoja", clients=[client])
    refused = _transfer(api, client, other_branch)
    assert refused.status_code == 403
    assert codes_of(refused) == ["error.msg.client.transfers.destination.group.absent"]
    new = new_group("Jamii", office=other_branch, active=True, activation_date=today)
    moved = _transfer(api, client, other_branch, destinationGroupId=new.pk)
    assert moved.status_code == 200, moved.json()
    assert list(selectors.member_client_ids(new)) == [client.pk]
    assert Membership.objects.get(group=old, client=client).left_on == today
    assert [g["id"] for g in api.get(f"{BASE}/clients/{client.pk}").json()["groups"]] == [new.pk]


def test_groups_path_serves_a_center_as_fineract_does(api, new_center, new_group, officer):
    """The Mifos X web-app edits a center and assigns its officer through /groups/{id}."""
    group, center = new_group(), new_center()
    assert center.pk != group.pk
    assert api.get(f"{BASE}/groups/{center.pk}").json()["groupLevel"] == "1"
    edited = api.put(f"{BASE}/groups/{center.pk}", {"name": "Lakeside East"}, format="json")
    assert edited.status_code == 200, edited.json()
    staffed = api.post(
        f"{BASE}/groups/{center.pk}?command=assignStaff", {"staffId": officer.pk}, format="json"
    )
    assert staffed.status_code == 200, staffed.json()
    body = api.get(f"{BASE}/centers/{center.pk}").json()
    assert body["name"] == "Lakeside East" and body["staffId"] == officer.pk


def test_the_web_apps_member_search_offers_only_clients_in_no_group(api, new_group, member, branch):
    """Mifos X's "manage members" searches orphans of the group's office by name."""
    joined, free = member(firstname="Wanjiru"), member(firstname="Wanjiku")
    new_group(clients=[joined])
    found = api.get(
        f"{BASE}/clients?displayName=Wanji&officeId={branch.pk}&orphansOnly=true"
        "&orderBy=displayName&sortOrder=ASC"
    ).json()
    assert [c["id"] for c in found["pageItems"]] == [free.pk]


def test_groups_and_centers_are_found_by_the_global_search(
    api, branch_api, new_group, new_center, other_branch
):
    group, center = new_group("Umoja Women"), new_center("Umoja Center")
    new_group("Umoja Far", office=other_branch)
    hits = api.get(f"{BASE}/search?query=umoja&resource=groups").json()
    assert {(h["entityType"], h["entityId"]) for h in hits} >= {
        ("GROUP", group.pk), ("CENTER", center.pk),
    }  # fmt: skip
    mine = branch_api.get(f"{BASE}/search?query=umoja&resource=groups").json()
    assert "Umoja Far" not in [h["entityName"] for h in mine]
    assert mine[0]["parentName"] == "Kisumu"
