"""The client state machine as data: which command runs from which status, and the error
Fineract gives (or Mteja adds) when it does not.

Services check `ensure_allowed`, the UI shows `available_commands(status)`, and the tests walk
every command against every status from this same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mteja.clients.models import ClientStatus as S
from mteja.core.errors import DomainError

ALL = frozenset(S)


@dataclass(frozen=True)
class Command:
    name: str  # the API's ?command= value
    action: str  # audit action and permission prefix (ACTIVATE → ACTIVATE_CLIENT)
    allowed_from: frozenset
    refusals: dict  # status → (code, message); anything else not allowed → default_refusal
    default_refusal: tuple[str, str]
    label: str

    def refusal_for(self, status: int) -> tuple[str, str]:
        return self.refusals.get(status, self.default_refusal)


def _cmd(name, action, allowed, default, label, **refusals):
    by_status = {getattr(S, key.upper()): value for key, value in refusals.items()}
    return Command(name, action, frozenset(allowed), by_status, default, label)


ON_TRANSFER = (
    "error.msg.client.is.under.transfer",
    _("The client is being transferred between offices; finish or withdraw the transfer first."),
)
NOT_PENDING = "is not pending activation"

COMMANDS: dict[str, Command] = {
    c.name.lower(): c
    for c in [
        _cmd(
            "activate", "ACTIVATE", {S.PENDING},
            ("error.msg.clients.activate.not.pending",
             _("Only a client pending activation can be activated.")),
            "Activate",
            active=("error.msg.clients.already.active", _("The client is already active.")),
        ),
        _cmd(
            "close", "CLOSE", {S.ACTIVE},
            ("error.msg.client.close.not.active", _("Only an active client can be closed.")),
            "Close",
            closed=("error.msg.client.close.is.already.closed", _("The client is already closed.")),
            transfer_in_progress=("error.msg.client.close.is.under.transfer", ON_TRANSFER[1]),
            transfer_on_hold=("error.msg.client.close.is.under.transfer", ON_TRANSFER[1]),
        ),
        _cmd(
            "reject", "REJECT", {S.PENDING},
            ("error.msg.client.rejection.on.account.not.in.pending.activation.status",
             _("Only a client pending activation can be rejected.")),
            "Reject",
        ),
        _cmd(
            "withdraw", "WITHDRAW", {S.PENDING},
            ("error.msg.client.withdrawal.on.account.not.in.pending.activation.status",
             _("Only a client pending activation can be withdrawn.")),
            "Withdraw",
        ),
        _cmd(
            "reactivate", "REACTIVATE", {S.CLOSED},
            ("error.msg.client.reactivation.on.nonclosed.account",
             _("Only a closed client can be reactivated.")),
            "Reactivate",
        ),
        _cmd(
            "undoRejection", "UNDOREJECT", {S.REJECTED},
            ("error.msg.client.undorejection.on.nonrejected.account",
             _("Only a rejected client can have the rejection undone.")),
            "Undo rejection",
        ),
        _cmd(
            "undoWithdrawal", "UNDOWITHDRAWAL", {S.WITHDRAWN},
            ("error.msg.client.undoWithdrawal.on.nonwithdrawal.account",
             _("Only a withdrawn client can have the withdrawal undone.")),
            "Undo withdrawal",
        ),
        _cmd(
            "assignStaff", "ASSIGNSTAFF", {S.PENDING, S.ACTIVE, S.TRANSFER_ON_HOLD},
            ("error.msg.client.assignStaff.status.not.allowed",
             _("A loan officer can be assigned only to a pending or active client.")),
            "Assign loan officer",
            transfer_in_progress=ON_TRANSFER,
        ),
        _cmd(
            "unassignStaff", "UNASSIGNSTAFF", {S.PENDING, S.ACTIVE, S.TRANSFER_ON_HOLD},
            ("error.msg.client.unassignStaff.status.not.allowed",
             _("A loan officer can be unassigned only from a pending or active client.")),
            "Unassign loan officer",
            transfer_in_progress=ON_TRANSFER,
        ),
        _cmd(
            "proposeTransfer", "PROPOSETRANSFER", {S.ACTIVE},
            ("error.msg.client.transfer.not.active",
             _("Only an active client can be proposed for transfer.")),
            "Propose transfer",
            transfer_in_progress=("error.msg.client.transfer.already.in.progress",
                                  _("A transfer of this client is already in progress.")),
        ),
        _cmd(
            "withdrawTransfer", "WITHDRAWTRANSFER", {S.TRANSFER_IN_PROGRESS, S.TRANSFER_ON_HOLD},
            ("error.msg.client.not.awaiting.transfer.approval.or.on.hold.exception",
             _("The client is not awaiting a transfer.")),
            "Withdraw transfer",
        ),
        _cmd(
            "acceptTransfer", "ACCEPTTRANSFER", {S.TRANSFER_IN_PROGRESS},
            ("error.msg.client.not.awaiting.transfer.approval.exception",
             _("The client is not awaiting transfer approval.")),
            "Accept transfer",
        ),
        _cmd(
            "rejectTransfer", "REJECTTRANSFER", {S.TRANSFER_IN_PROGRESS},
            ("error.msg.client.not.awaiting.transfer.approval.exception",
             _("The client is not awaiting transfer approval.")),
            "Reject transfer",
        ),
        _cmd(
            "proposeAndAcceptTransfer", "PROPOSEANDACCEPTTRANSFER", {S.ACTIVE},
            ("error.msg.client.transfer.not.active",
             _("Only an active client can be transferred.")),
            "Transfer",
            transfer_in_progress=("error.msg.client.transfer.already.in.progress",
                                  _("A transfer of this client is already in progress.")),
        ),
    ]
}  # fmt: skip

DELETE_REFUSAL = (
    "error.msg.clients.cannot.be.deleted",
    _("Only a client pending activation can be deleted; close, reject or withdraw it instead."),
)


def command_named(name: str) -> Command | None:
    return COMMANDS.get((name or "").lower())


def ensure_allowed(command: Command, status: int) -> None:
    if status not in command.allowed_from:
        code, message = command.refusal_for(status)
        # Fineract answers "already active" as a 400; every other refusal is a 403.
        http_status = 400 if code == "error.msg.clients.already.active" else 403
        raise DomainError(code, str(message), status=http_status)


def ensure_deletable(status: int) -> None:
    if status != S.PENDING:
        code, message = DELETE_REFUSAL
        raise DomainError(code, str(message))


def available_commands(status: int) -> list[Command]:
    return [command for command in COMMANDS.values() if status in command.allowed_from]
