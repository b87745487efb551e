"""Office transfers as branch staff live them: the source proposes, the destination accepts or
puts on hold, the source withdraws; or one step from an office that sees both."""

import datetime

import pytest

from mteja.clients.models import Client, ClientStatus, ClientTransfer, StaffAssignment

from .conftest import BASE, STEP, TODAY, codes_of, iso

pytestmark = pytest.mark.django_db


def command(api, client, name, body=None):
    return api.post(f"{BASE}/clients/{client.pk}?command={name}", body or {}, "json")


def ok(response):
    assert response.status_code == 200, response.json()
    return response.json()


def listed(api, client) -> bool:
    ids = [c["id"] for c in api.get(f"{BASE}/clients?limit=1000").json()["pageItems"]]
    return client.pk in ids


@pytest.fixture
def users(branch_user, branch_a, branch_b, branch_c):
    class Users:
        a = branch_user(branch_a)
        b = branch_user(branch_b)
        c = branch_user(branch_c)

    return Users


@pytest.fixture
def apis(api_as, users):
    class Apis:
        a = api_as(users.a)
        b = api_as(users.b)
        c = api_as(users.c)

    return Apis


def test_two_step_transfer_from_branch_to_branch(
    apis, users, client_in, branch_a, branch_b, officer_a, officer_b
):
    client = client_in(ClientStatus.ACTIVE)
    assert apis.a.get(f"{BASE}/clients/{client.pk}/transferproposaldate").status_code == 204

    body = ok(
        command(
            apis.a,
            client,
            "proposeTransfer",
            {"destinationOfficeId": branch_b.pk, "transferDate": "2024-06-01", "note": "moved"},
        )
    )
    assert body["officeId"] == branch_a.pk
    client.refresh_from_db()
    assert client.status == ClientStatus.TRANSFER_IN_PROGRESS
    assert client.transfer_to_office_id == branch_b.pk
    date = apis.a.get(f"{BASE}/clients/{client.pk}/transferproposaldate")
    assert (date.status_code, date.json()) == (200, [2024, 6, 1])

    # Both offices see it, in the list and in detail; a third branch does not.
    for side in (apis.a, apis.b):
        assert listed(side, client)
        got = side.get(f"{BASE}/clients/{client.pk}").json()
        assert got["transferToOfficeId"] == branch_b.pk
        assert got["proposedTransferDate"] == [2024, 6, 1]
    assert not listed(apis.c, client)
    assert apis.c.get(f"{BASE}/clients/{client.pk}").status_code == 404

    # Only the destination accepts; only with one of its own officers.
    assert command(apis.a, client, "acceptTransfer").status_code == 403
    response = command(apis.b, client, "acceptTransfer", {"staffId": officer_a.pk})
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.staff.id.invalid"]
    ok(command(apis.b, client, "acceptTransfer", {"staffId": officer_b.pk, "note": "welcome"}))

    client.refresh_from_db()
    assert client.status == ClientStatus.ACTIVE
    assert (client.office_id, client.transfer_to_office_id) == (branch_b.pk, None)
    assert client.office_joining_date == datetime.date(2024, 6, 1)
    assert client.staff_id == officer_b.pk
    assert apis.b.get(f"{BASE}/clients/{client.pk}/transferproposaldate").status_code == 204
    assert apis.a.get(f"{BASE}/clients/{client.pk}").status_code == 404
    assert not listed(apis.a, client)

    # The officer of the old branch served until the transfer date.
    history = apis.b.get(f"{BASE}/clients/{client.pk}/staffassignments").json()
    assert [(h["staffId"], h["endDate"]) for h in history] == [
        (officer_a.pk, [2024, 6, 1]),
        (officer_b.pk, None),
    ]

    steps = apis.b.get(f"{BASE}/clients/{client.pk}/transfers").json()
    assert [
        (s["transferType"], s["fromOfficeId"], s["toOfficeId"], s["submittedBy"], s["note"])
        for s in steps
    ] == [
        ("Proposed", branch_a.pk, branch_b.pk, users.a.username, "moved"),
        ("Accepted", branch_a.pk, branch_b.pk, users.b.username, "welcome"),
    ]
    assert all(s["proposedTransferDate"] == [2024, 6, 1] for s in steps)
    assert all(s["submittedOnDate"] == [TODAY.year, TODAY.month, TODAY.day] for s in steps)


def test_destination_puts_on_hold_and_source_withdraws(apis, users, client_in, branch_a, branch_b):
    client = client_in(ClientStatus.TRANSFER_IN_PROGRESS)
    # The source cannot reject on the destination's behalf; the destination cannot withdraw.
    assert command(apis.a, client, "rejectTransfer").status_code == 403
    assert command(apis.b, client, "withdrawTransfer").status_code == 403
    ok(command(apis.b, client, "rejectTransfer", {"note": "no capacity"}))
    client.refresh_from_db()
    assert client.status == ClientStatus.TRANSFER_ON_HOLD
    assert listed(apis.b, client)  # still visible to the destination while on hold
    assert command(apis.b, client, "withdrawTransfer").status_code == 403
    ok(command(apis.a, client, "withdrawTransfer"))
    client.refresh_from_db()
    assert client.status == ClientStatus.ACTIVE
    assert (client.office_id, client.transfer_to_office_id) == (branch_a.pk, None)
    assert client.proposed_transfer_date is None
    assert not listed(apis.b, client)
    steps = apis.a.get(f"{BASE}/clients/{client.pk}/transfers").json()
    assert [(s["transferType"], s["submittedBy"]) for s in steps] == [
        ("Proposed", None),  # built by the system in the fixture
        ("Rejected", users.b.username),
        ("Withdrawn", users.a.username),
    ]


def test_source_withdraws_a_transfer_in_progress(apis, client_in, branch_a):
    client = client_in(ClientStatus.TRANSFER_IN_PROGRESS)
    ok(command(apis.a, client, "withdrawTransfer"))
    client.refresh_from_db()
    assert (client.status, client.office_id) == (ClientStatus.ACTIVE, branch_a.pk)
    assert apis.a.get(f"{BASE}/clients/{client.pk}/transferproposaldate").status_code == 204


def test_a_third_branch_cannot_touch_a_transfer(apis, client_in):
    # A branch that is neither side cannot see the client: it does not exist for them.
    client = client_in(ClientStatus.TRANSFER_IN_PROGRESS)
    for name in ("acceptTransfer", "rejectTransfer", "withdrawTransfer"):
        response = command(apis.c, client, name)
        assert response.status_code == 404, name
        assert codes_of(response) == ["error.msg.client.id.invalid"]


def test_destination_cannot_edit_nor_run_other_commands(apis, client_in, officer_a2):
    client = client_in(ClientStatus.TRANSFER_ON_HOLD)
    response = apis.b.put(f"{BASE}/clients/{client.pk}", {"mobileNo": "0700000000"}, "json")
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.not.authorized"]
    assert command(apis.b, client, "assignStaff", {"staffId": officer_a2.pk}).status_code == 403
    assert Client.objects.get(pk=client.pk).version == client.version


def test_one_step_transfer(api, admin_user, client_in, branch_a, branch_b, officer_b):
    client = client_in(ClientStatus.ACTIVE)
    ok(
        command(
            api,
            client,
            "proposeAndAcceptTransfer",
            {
                "destinationOfficeId": branch_b.pk,
                "staffId": officer_b.pk,
                "transferDate": iso(STEP),
            },
        )
    )
    client.refresh_from_db()
    assert client.status == ClientStatus.ACTIVE
    assert (client.office_id, client.staff_id) == (branch_b.pk, officer_b.pk)
    assert client.office_joining_date == STEP
    assert client.proposed_transfer_date is None
    steps = api.get(f"{BASE}/clients/{client.pk}/transfers").json()
    assert [(s["transferType"], s["proposedTransferDate"]) for s in steps] == [
        ("Proposed", [2024, 3, 1]),
        ("Accepted", [2024, 3, 1]),
    ]
    assert {s["submittedBy"] for s in steps} == {admin_user.username}


def test_one_step_transfer_needs_both_offices_in_scope(apis, client_in, branch_b):
    client = client_in(ClientStatus.ACTIVE)
    response = command(
        apis.a, client, "proposeAndAcceptTransfer", {"destinationOfficeId": branch_b.pk}
    )
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.not.authorized"]
    assert Client.objects.get(pk=client.pk).office_id == client.office_id
    assert not ClientTransfer.objects.filter(client=client).exists()


def test_one_step_transfer_validates_the_officer_against_the_destination(
    api, client_in, branch_b, officer_a
):
    client = client_in(ClientStatus.ACTIVE)
    response = command(
        api,
        client,
        "proposeAndAcceptTransfer",
        {"destinationOfficeId": branch_b.pk, "staffId": officer_a.pk},
    )
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.staff.id.invalid"]


def test_an_officer_of_a_parent_office_may_serve_the_destination(
    api, client_in, make_office, make_officer, branch_b
):
    region = make_office("Coast region")
    branch = make_office("Malindi", parent=region)
    regional_officer = make_officer(region)
    client = client_in(ClientStatus.ACTIVE)
    ok(
        command(
            api,
            client,
            "proposeAndAcceptTransfer",
            {"destinationOfficeId": branch.pk, "staffId": regional_officer.pk},
        )
    )
    assert Client.objects.get(pk=client.pk).staff_id == regional_officer.pk


def test_transfer_to_the_same_office_is_refused(api, client_in, branch_a):
    client = client_in(ClientStatus.ACTIVE)
    for name in ("proposeTransfer", "proposeAndAcceptTransfer"):
        response = command(api, client, name, {"destinationOfficeId": branch_a.pk})
        assert response.status_code == 403
        assert codes_of(response) == [
            "error.msg.cannot.transfer.client.as.selected.office.and.current.office.are.same"
        ]


def test_transfer_needs_an_existing_destination(api, client_in):
    client = client_in(ClientStatus.ACTIVE)
    response = command(api, client, "proposeTransfer", {})
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.destinationOfficeId.cannot.be.blank"]
    response = command(api, client, "proposeTransfer", {"destinationOfficeId": 987654})
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.office.id.invalid"]


def test_accept_without_an_officer_leaves_the_client_without_one(api, client_in):
    client = client_in(ClientStatus.TRANSFER_IN_PROGRESS)
    ok(command(api, client, "acceptTransfer"))
    client.refresh_from_db()
    assert client.staff_id is None
    assert not StaffAssignment.objects.filter(client=client, end_date__isnull=True).exists()


def test_proposal_date_twin_by_external_id(api, client_in):
    client_in(ClientStatus.TRANSFER_IN_PROGRESS, external_id="EXT-T")
    response = api.get(f"{BASE}/clients/external-id/EXT-T/transferproposaldate")
    assert (response.status_code, response.json()) == (200, [2024, 3, 1])
    response = api.get(f"{BASE}/clients/external-id/NOPE/transferproposaldate")
    assert response.status_code == 404
