"""Every lifecycle command against every status, through the API: the allowed ones move the
client as the issue's table says; the others answer lifecycle's refusal and change nothing."""

import pytest

from mteja.clients import lifecycle
from mteja.clients.models import Client, ClientStatus
from mteja.core.models import AuditEvent

from .conftest import BASE, TODAY, iso

pytestmark = pytest.mark.django_db

S = ClientStatus

# command → {from status: to status}; the issue's table, written out independently of lifecycle.
ALLOWED = {
    "activate": {S.PENDING: S.ACTIVE},
    "close": {S.ACTIVE: S.CLOSED},
    "reject": {S.PENDING: S.REJECTED},
    "withdraw": {S.PENDING: S.WITHDRAWN},
    "reactivate": {S.CLOSED: S.PENDING},
    "undoRejection": {S.REJECTED: S.PENDING},
    "undoWithdrawal": {S.WITHDRAWN: S.PENDING},
    "assignStaff": {s: s for s in (S.PENDING, S.ACTIVE, S.TRANSFER_ON_HOLD)},
    "unassignStaff": {s: s for s in (S.PENDING, S.ACTIVE, S.TRANSFER_ON_HOLD)},
    "proposeTransfer": {S.ACTIVE: S.TRANSFER_IN_PROGRESS},
    "withdrawTransfer": {S.TRANSFER_IN_PROGRESS: S.ACTIVE, S.TRANSFER_ON_HOLD: S.ACTIVE},
    "acceptTransfer": {S.TRANSFER_IN_PROGRESS: S.ACTIVE},
    "rejectTransfer": {S.TRANSFER_IN_PROGRESS: S.TRANSFER_ON_HOLD},
    "proposeAndAcceptTransfer": {S.ACTIVE: S.ACTIVE},
}


def test_the_table_covers_every_command_of_lifecycle():
    assert {c.name for c in lifecycle.COMMANDS.values()} == set(ALLOWED)
    for command in lifecycle.COMMANDS.values():
        assert command.allowed_from == set(ALLOWED[command.name]), command.name


def test_available_commands_follow_the_table():
    for status in S:
        expected = {name for name, moves in ALLOWED.items() if status in moves}
        assert {c.name for c in lifecycle.available_commands(status)} == expected


@pytest.fixture
def body_for(code_value, officer_a, officer_a2, branch_b):
    """A valid body for each command (valid in the status where the command is allowed)."""

    def body(name: str, client: Client) -> dict:
        day = iso(TODAY)
        return {
            "activate": {"activationDate": day},
            "close": {"closureDate": day, "closureReasonId": code_value("ClientClosureReason")},
            "reject": {"rejectionDate": day, "rejectionReasonId": code_value("ClientRejectReason")},
            "withdraw": {
                "withdrawalDate": day,
                "withdrawalReasonId": code_value("ClientWithdrawReason"),
            },
            "reactivate": {"reactivationDate": day},
            "undoRejection": {"reopenedDate": day},
            "undoWithdrawal": {"reopenedDate": day},
            "assignStaff": {"staffId": officer_a2.pk},
            "unassignStaff": {"staffId": client.staff_id or officer_a.pk},
            "proposeTransfer": {"destinationOfficeId": branch_b.pk, "transferDate": day},
            "withdrawTransfer": {"note": "changed our minds"},
            "acceptTransfer": {"note": "welcome"},
            "rejectTransfer": {"note": "not now"},
            "proposeAndAcceptTransfer": {"destinationOfficeId": branch_b.pk, "transferDate": day},
        }[name]

    return body


def _events(client) -> int:
    return AuditEvent.objects.filter(entity_name="CLIENT", client_id=client.pk).count()


@pytest.mark.parametrize("status", list(S), ids=lambda s: s.name.lower())
@pytest.mark.parametrize("name", list(ALLOWED))
def test_command_in_status(api, client_in, body_for, name, status, branch_a, branch_b, officer_a2):
    client = client_in(status)
    version, events = client.version, _events(client)
    response = api.post(
        f"{BASE}/clients/{client.pk}?command={name}", body_for(name, client), "json"
    )
    after = Client.objects.get(pk=client.pk)

    if status in ALLOWED[name]:
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["clientId"] == body["resourceId"] == client.pk
        assert after.status == ALLOWED[name][status]
        assert after.version == version + 1
        assert _events(client) == events + 1
        moved = name in ("acceptTransfer", "proposeAndAcceptTransfer")
        assert after.office_id == (branch_b.pk if moved else branch_a.pk)
        assert body["officeId"] == after.office_id
        awaiting = after.status in (S.TRANSFER_IN_PROGRESS, S.TRANSFER_ON_HOLD)
        assert after.transfer_to_office_id == (branch_b.pk if awaiting else None)
        if name == "assignStaff":
            assert after.staff_id == officer_a2.pk
        if name == "unassignStaff":
            assert after.staff_id is None
        return

    command = lifecycle.COMMANDS[name.lower()]
    code, _message = command.refusal_for(status)
    expected_status = 400 if code == "error.msg.clients.already.active" else 403
    assert response.status_code == expected_status, response.json()
    assert [e["userMessageGlobalisationCode"] for e in response.json()["errors"]] == [code]
    assert (after.status, after.version, after.office_id) == (status, version, client.office_id)
    assert _events(client) == events


@pytest.mark.parametrize("command", ["ACTIVATE", "Activate", "aCtIvAtE"])
def test_command_names_are_case_insensitive(api, client_in, command):
    client = client_in(S.PENDING)
    response = api.post(
        f"{BASE}/clients/{client.pk}?command={command}", {"activationDate": iso(TODAY)}, "json"
    )
    assert response.status_code == 200, response.json()


def test_unknown_command_is_a_400(api, client_in):
    client = client_in(S.PENDING)
    response = api.post(f"{BASE}/clients/{client.pk}?command=explode", {}, "json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.query.parameter.value.unsupported"
    )


@pytest.mark.parametrize("status", list(S), ids=lambda s: s.name.lower())
def test_delete_in_status(api, client_in, status):
    client = client_in(status)
    version, events = client.version, _events(client)
    response = api.delete(f"{BASE}/clients/{client.pk}")
    if status == S.PENDING:
        assert response.status_code == 200, response.json()
        assert response.json()["resourceId"] == client.pk
        assert not Client.objects.filter(pk=client.pk).exists()
        assert _events(client) == events + 1
        return
    assert response.status_code == 403
    assert [e["userMessageGlobalisationCode"] for e in response.json()["errors"]] == [
        lifecycle.DELETE_REFUSAL[0]
    ]
    after = Client.objects.get(pk=client.pk)
    assert (after.status, after.version) == (status, version)
    assert _events(client) == events
