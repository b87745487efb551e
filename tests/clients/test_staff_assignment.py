"""The loan officer: who may serve a client, and the history of who did."""

import datetime

import pytest

from mteja.clients import services
from mteja.clients.models import Client, ClientStatus, StaffAssignment

from .conftest import ACTIVATED, BASE, STEP, SUBMITTED, TODAY, codes_of, iso

pytestmark = pytest.mark.django_db


def command(api, client, name, body):
    return api.post(f"{BASE}/clients/{client.pk}?command={name}", body, "json")


def history(api, client):
    return [
        (h["staffId"], h["startDate"], h["endDate"])
        for h in api.get(f"{BASE}/clients/{client.pk}/staffassignments").json()
    ]


def triple(day):
    return [day.year, day.month, day.day]


def test_assign_change_and_unassign_keep_the_history(api, client_in, officer_a, officer_a2):
    client = client_in(ClientStatus.ACTIVE)
    assert history(api, client) == [(officer_a.pk, triple(SUBMITTED), None)]

    response = command(
        api, client, "assignStaff", {"staffId": officer_a2.pk, "assignmentDate": "2024-04-01"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"staffId": officer_a2.pk}
    got = api.get(f"{BASE}/clients/{client.pk}").json()
    assert (got["staffId"], got["staffName"]) == (officer_a2.pk, officer_a2.display_name)

    response = command(api, client, "unassignStaff", {"staffId": officer_a2.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"staffId": None}
    assert Client.objects.get(pk=client.pk).staff_id is None
    rows = api.get(f"{BASE}/clients/{client.pk}/staffassignments").json()
    assert [(r["staffId"], r["startDate"], r["endDate"]) for r in rows] == [
        (officer_a.pk, triple(SUBMITTED), [2024, 4, 1]),
        (officer_a2.pk, [2024, 4, 1], triple(TODAY)),
    ]
    assert rows[0]["staffName"] == officer_a.display_name
    assert rows[1]["assignedBy"] == "root"


def test_reassigning_the_same_officer_changes_nothing(api, client_in, officer_a):
    client = client_in(ClientStatus.PENDING)
    response = command(api, client, "assignStaff", {"staffId": officer_a.pk})
    assert response.status_code == 200
    assert "changes" not in response.json()
    assert Client.objects.get(pk=client.pk).version == client.version
    assert StaffAssignment.objects.filter(client=client).count() == 1


def test_closing_ends_the_assignment(api, client_in, officer_a, code_value):
    client = client_in(ClientStatus.ACTIVE)
    response = command(
        api,
        client,
        "close",
        {"closureDate": iso(STEP), "closureReasonId": code_value("ClientClosureReason")},
    )
    assert response.status_code == 200
    assert history(api, client) == [(officer_a.pk, triple(SUBMITTED), triple(STEP))]
    # A closed client has no current officer (the history says who served it).
    assert Client.objects.get(pk=client.pk).staff_id is None
    assert api.get(f"{BASE}/clients/{client.pk}").json()["staffId"] is None


def test_an_officer_of_a_parent_office_may_serve(api, client_in, make_officer, head_office):
    hq_officer = make_officer(head_office)
    client = client_in(ClientStatus.ACTIVE)
    response = command(api, client, "assignStaff", {"staffId": hq_officer.pk})
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("other branch", 404, "error.msg.staff.id.invalid"),
        ("child office", 404, "error.msg.staff.id.invalid"),
        ("unknown", 404, "error.msg.staff.id.invalid"),
        ("not a loan officer", 400, "validation.msg.client.staffId.not.a.loan.officer"),
        ("inactive", 400, "validation.msg.client.staffId.inactive"),
    ],
)
def test_who_cannot_be_the_loan_officer(
    api, client_in, make_officer, make_office, branch_a, branch_b, kind, status, code
):
    staff_id = {
        "other branch": lambda: make_officer(branch_b).pk,
        "child office": lambda: make_officer(make_office("Sub", parent=branch_a)).pk,
        "unknown": lambda: 987654,
        "not a loan officer": lambda: make_officer(branch_a, is_loan_officer=False).pk,
        "inactive": lambda: make_officer(branch_a, is_active=False).pk,
    }[kind]()
    client = client_in(ClientStatus.ACTIVE)
    response = command(api, client, "assignStaff", {"staffId": staff_id})
    assert response.status_code == status, response.json()
    assert codes_of(response) == [code]
    assert response.json()["errors"][0]["parameterName"] == "staffId"
    assert Client.objects.get(pk=client.pk).version == client.version

    # The same rules hold when the client is created with an officer.
    response = api.post(
        f"{BASE}/clients",
        {
            "officeId": branch_a.pk,
            "legalFormId": 1,
            "firstname": "Asha",
            "lastname": "Njeri",
            "staffId": staff_id,
        },
        "json",
    )
    assert response.status_code == status
    assert codes_of(response) == [code]


def test_assign_needs_a_staff_id(api, client_in):
    client = client_in(ClientStatus.ACTIVE)
    response = command(api, client, "assignStaff", {})
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.staffId.cannot.be.blank"]


def test_assignment_date_cannot_be_in_the_future(api, client_in, officer_a2):
    client = client_in(ClientStatus.ACTIVE)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = command(
        api, client, "assignStaff", {"staffId": officer_a2.pk, "assignmentDate": iso(tomorrow)}
    )
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.assignmentDate.is.greater.than.date"]


def test_assignment_date_cannot_precede_the_current_assignment(api, client_in, officer_a2):
    client = client_in(ClientStatus.ACTIVE)  # officer_a since SUBMITTED
    before = SUBMITTED - datetime.timedelta(days=1)
    response = command(
        api, client, "assignStaff", {"staffId": officer_a2.pk, "assignmentDate": iso(before)}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "assignmentDate"


def test_unassign_rules(api, client_in, officer_a, officer_a2):
    client = client_in(ClientStatus.ACTIVE)
    response = command(api, client, "unassignStaff", {})
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.staffId.cannot.be.blank"]
    response = command(api, client, "unassignStaff", {"staffId": officer_a2.pk})
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.client.staff.not.assigned"]
    assert command(api, client, "unassignStaff", {"staffId": officer_a.pk}).status_code == 200
    response = command(api, client, "unassignStaff", {"staffId": officer_a.pk})
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.client.has.no.staff"]


def test_client_created_without_officer_has_no_history(api, make_client):
    client = make_client()
    assert history(api, client) == []


def test_service_keeps_one_open_assignment_at_most(client_in, officer_a2, make_officer, branch_a):
    client = client_in(ClientStatus.ACTIVE)
    third = make_officer(branch_a)
    services.client_assign_staff(actor=None, client=client, staff_id=officer_a2.pk)
    services.client_assign_staff(actor=None, client=client, staff_id=third.pk)
    assert StaffAssignment.objects.filter(client=client, end_date__isnull=True).count() == 1
    assert Client.objects.get(pk=client.pk).staff_id == third.pk


def test_activation_keeps_the_officer(api, client_in, officer_a):
    client = client_in(ClientStatus.PENDING)
    response = command(api, client, "activate", {"activationDate": iso(ACTIVATED)})
    assert response.status_code == 200
    assert Client.objects.get(pk=client.pk).staff_id == officer_a.pk


def test_a_backdated_closure_never_ends_a_period_before_it_began(
    api, client_in, officer_a2, code_value
):
    client = client_in(ClientStatus.ACTIVE)
    command(api, client, "assignStaff", {"staffId": officer_a2.pk})  # today
    response = command(
        api,
        client,
        "close",
        {"closureDate": iso(STEP), "closureReasonId": code_value("ClientClosureReason")},
    )
    assert response.status_code == 200, response.json()
    for staff_id, start, end in history(api, client):
        assert end is not None and end >= start, (staff_id, start, end)
