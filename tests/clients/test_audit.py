"""Every client write leaves exactly one audit event naming the action and the changed fields,
and GET /audits finds them by entity and resource."""

import pytest

from mteja.clients.models import ClientStatus
from mteja.core.models import AuditEvent

from .conftest import ACTIVATED, BASE, STEP, SUBMITTED, TODAY, iso

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients"


def only_new_event(before_ids, client_id):
    events = list(AuditEvent.objects.exclude(pk__in=before_ids).filter(entity_name="CLIENT"))
    assert len(events) == 1, [(e.action_name, e.changes) for e in events]
    (event,) = events
    assert event.client_id == event.resource_id == client_id
    return event


def seen():
    return set(AuditEvent.objects.values_list("pk", flat=True))


def test_create_update_and_delete_are_journalled(api, admin_user, branch_a, code_value):
    before = seen()
    response = api.post(
        URL,
        {
            "officeId": branch_a.pk,
            "legalFormId": 1,
            "firstname": "Asha",
            "lastname": "Njeri",
            "externalId": "AUD-1",
            "genderId": code_value("Gender"),
        },
        "json",
    )
    client_id = response.json()["clientId"]
    event = only_new_event(before, client_id)
    assert event.action_name == "CREATE"
    assert event.maker_id == admin_user.pk
    assert event.office_id == branch_a.pk
    assert event.resource_external_id == "AUD-1"
    assert event.changes["firstname"] == [None, "Asha"]
    assert event.changes["gender_id"] == [None, code_value("Gender")]
    assert event.changes["submitted_on"] == [None, iso(TODAY)]

    before = seen()
    api.put(f"{URL}/{client_id}", {"lastname": "Kamau", "mobileNo": "0700000001"}, "json")
    event = only_new_event(before, client_id)
    assert event.action_name == "UPDATE"
    assert event.changes == {
        "lastname": ["Njeri", "Kamau"],
        "display_name": ["Asha Njeri", "Asha Kamau"],
        "mobile_no": ["", "0700000001"],
    }

    before = seen()
    assert api.delete(f"{URL}/{client_id}").status_code == 200
    event = only_new_event(before, client_id)
    assert event.action_name == "DELETE"
    assert event.changes["display_name"] == ["Asha Kamau", None]
    assert event.changes["external_id"] == ["AUD-1", None]


COMMAND_CASES = [
    # status, command, body (code lists by name), action, a change it must record
    (ClientStatus.PENDING, "activate", {"activationDate": TODAY}, "ACTIVATE",
     ("status", [100, 300])),
    (ClientStatus.ACTIVE, "close", {"closureDate": TODAY, "closureReasonId": "ClientClosureReason"},
     "CLOSE", ("closed_on", [None, iso(TODAY)])),
    (ClientStatus.PENDING, "reject",
     {"rejectionDate": TODAY, "rejectionReasonId": "ClientRejectReason"}, "REJECT",
     ("status", [100, 700])),
    (ClientStatus.PENDING, "withdraw",
     {"withdrawalDate": TODAY, "withdrawalReasonId": "ClientWithdrawReason"}, "WITHDRAW",
     ("status", [100, 800])),
    (ClientStatus.CLOSED, "reactivate", {"reactivationDate": TODAY}, "REACTIVATE",
     ("closed_on", [iso(STEP), None])),
    (ClientStatus.REJECTED, "undoRejection", {"reopenedDate": TODAY}, "UNDOREJECT",
     ("reopened_on", [None, iso(TODAY)])),
    (ClientStatus.WITHDRAWN, "undoWithdrawal", {"reopenedDate": TODAY}, "UNDOWITHDRAWAL",
     ("status", [800, 100])),
    (ClientStatus.ACTIVE, "proposeTransfer", {"destinationOfficeId": "B"}, "PROPOSETRANSFER",
     ("status", [300, 303])),
    (ClientStatus.TRANSFER_IN_PROGRESS, "withdrawTransfer", {}, "WITHDRAWTRANSFER",
     ("status", [303, 300])),
    (ClientStatus.TRANSFER_IN_PROGRESS, "acceptTransfer", {}, "ACCEPTTRANSFER",
     ("office_id", ["A", "B"])),
    (ClientStatus.TRANSFER_IN_PROGRESS, "rejectTransfer", {}, "REJECTTRANSFER",
     ("status", [303, 304])),
    (ClientStatus.ACTIVE, "proposeAndAcceptTransfer", {"destinationOfficeId": "B"},
     "PROPOSEANDACCEPTTRANSFER", ("office_id", ["A", "B"])),
    (ClientStatus.ACTIVE, "unassignStaff", {"staffId": "officer"}, "UNASSIGNSTAFF",
     ("staff_id", ["officer", None])),
]  # fmt: skip


@pytest.mark.parametrize(("status", "name", "body", "action", "change"), COMMAND_CASES)
def test_each_command_records_one_event(
    api, client_in, code_value, branch_a, branch_b, officer_a, status, name, body, action, change
):
    client = client_in(status)
    names = {"A": branch_a.pk, "B": branch_b.pk, "officer": officer_a.pk}

    def resolve(key, value):
        if hasattr(value, "isoformat"):
            return iso(value)
        if key.endswith("ReasonId"):
            return code_value(value)
        return names.get(value, value)

    payload = {key: resolve(key, value) for key, value in body.items()}
    before = seen()
    response = api.post(f"{URL}/{client.pk}?command={name}", payload, "json")
    assert response.status_code == 200, response.json()
    event = only_new_event(before, client.pk)
    assert event.action_name == action
    field, (old, new) = change
    assert event.changes[field] == [names.get(old, old), names.get(new, new)]
    assert "version" not in event.changes


def test_assign_staff_records_the_new_officer(api, client_in, officer_a, officer_a2):
    client = client_in(ClientStatus.ACTIVE)
    before = seen()
    api.post(f"{URL}/{client.pk}?command=assignStaff", {"staffId": officer_a2.pk}, "json")
    event = only_new_event(before, client.pk)
    assert event.action_name == "ASSIGNSTAFF"
    assert event.changes == {"staff_id": [officer_a.pk, officer_a2.pk]}


def test_refused_writes_record_nothing(api, client_in):
    client = client_in(ClientStatus.ACTIVE)
    before = seen()
    api.post(f"{URL}/{client.pk}?command=activate", {"activationDate": iso(TODAY)}, "json")
    api.put(f"{URL}/{client.pk}", {"emailAddress": "broken"}, "json")
    api.delete(f"{URL}/{client.pk}")
    assert seen() == before


def test_audits_api_lists_a_clients_events(api, client_in, code_value):
    client = client_in(ClientStatus.PENDING)
    other = client_in(ClientStatus.PENDING)
    api.post(f"{URL}/{client.pk}?command=activate", {"activationDate": iso(ACTIVATED)}, "json")
    response = api.get(f"{BASE}/audits?entityName=CLIENT&resourceId={client.pk}")
    assert response.status_code == 200, response.json()
    items = response.json()
    assert [item["actionName"] for item in items] == ["ACTIVATE", "CREATE"]
    assert all(item["resourceId"] == client.pk for item in items)
    assert all(item["entityName"] == "CLIENT" for item in items)
    assert items[0]["changes"]["status"] == [100, 300]
    assert items[0]["maker"] == "root"
    assert other.pk not in {item["resourceId"] for item in items}


def test_audits_of_a_client_are_scoped_to_its_office(api_as, branch_user, client_in, branch_b):
    client = client_in(ClientStatus.PENDING)  # in branch A
    outsider = api_as(branch_user(branch_b))
    response = outsider.get(f"{BASE}/audits?entityName=CLIENT&resourceId={client.pk}")
    assert response.status_code == 200
    assert response.json() == []


def test_the_journal_keeps_no_whole_request_body(api, make_client):
    client = make_client()
    before = seen()
    api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001", "version": 1}, "json")
    event = only_new_event(before, client.pk)
    assert set(event.changes) == {"mobile_no"}
    assert SUBMITTED.isoformat() not in str(event.changes)
