"""The lifecycle commands, each declared once: the statuses it runs from (and the error Fineract
gives, or Mteja adds, when it does not), its inputs, its service, the office that may run it,
and what the pages say about it.

Everything else derives from this table: the services' status check (`ensure_allowed`), the
API's `POST /clients/{id}?command=` (clients/api/commands.py), the UI's buttons and command
pages (clients/web/commands.py), the permission codes `<ACTION>_CLIENT` (registered by
clients/apps.py), and the tests that walk every command against every status. The table is
plain data: this module imports no service, serializer or form.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mteja.clients.models import ClientStatus as S
from mteja.core.errors import DomainError

ALL = frozenset(S)
_HUMP = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(name: str) -> str:
    """Fineract's camelCase parameter → Mteja's snake_case name (closureReasonId →
    closure_reason_id)."""
    return _HUMP.sub(r"_\1", name).lower()


# --- inputs ---------------------------------------------------------------------------------
# Each input is named as the API names it. The service receives it under the snake_case of
# that name (`kwarg`), the form field is that name without its "_id" (`form_name`). The API
# (clients/api/commands.py) and the UI (clients/web/commands.py) each know how to read a kind.


@dataclass(frozen=True)
class Param:
    api: str
    label: str = ""

    @property
    def kwarg(self) -> str | None:
        return snake(self.api)

    @property
    def form_name(self) -> str:
        return snake(self.api).removesuffix("_id")


@dataclass(frozen=True)
class Day(Param):
    """A business date; the form offers today."""


@dataclass(frozen=True)
class Reason(Param):
    """A value of the code list `code_list`, required."""

    code_list: str = ""
    label: str = _("Reason")


@dataclass(frozen=True)
class Officer(Param):
    """A loan officer: of the client's `office` (or of `transfer_to_office`), or, with
    `office` empty, of the office chosen in the same form."""

    api: str = "staffId"
    office: str = ""
    required: bool = True
    exclude_current: bool = False
    help_text: str = ""


@dataclass(frozen=True)
class CurrentOfficer(Param):
    """The client's loan officer, named by the API caller; the UI sends the current one."""

    api: str = "staffId"


@dataclass(frozen=True)
class Destination(Param):
    """The office a transfer goes to: an existing office, not necessarily the user's."""

    api: str = "destinationOfficeId"
    label: str = _("Destination office")

    @property
    def kwarg(self) -> str:
        return "destination"


@dataclass(frozen=True)
class Note(Param):
    """A free note (every command's body may carry one; these commands keep it)."""

    api: str = "note"
    label: str = _("Note")


@dataclass(frozen=True)
class NoGroup(Param):
    """Fineract's destinationGroupId: accepted while empty, until groups exist."""

    api: str = "destinationGroupId"

    @property
    def kwarg(self) -> None:
        return None


# --- commands -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str  # the API's ?command= value
    action: str  # audit action and permission prefix (ACTIVATE → ACTIVATE_CLIENT)
    allowed_from: frozenset
    default_refusal: tuple[str, str]  # (code, message) from any other status …
    service: str  # "<module of clients.services>.<function>"
    label: str  # the button and the page title
    done: str  # what the page says once it is done
    history: str  # the audit action's name on the History tab and the audit log
    params: tuple[Param, ...] = ()
    refusals: dict = field(default_factory=dict)  # … unless this gives one for the status
    intro: str | None = None  # a sentence on the command's page
    destination_side: bool = False  # run by the office a transfer goes to, not the client's
    primary: bool = False  # the button stands out
    danger: bool = False  # the submit button warns
    relabel: Callable | None = None  # client → another button label (or None)
    unavailable: Callable | None = None  # client → why the button is not offered (or None)
    about: Callable | None = None  # client → a sentence about this client on the page

    @property
    def permission(self) -> str:
        return f"{self.action}_CLIENT"

    def refusal_for(self, status: int) -> tuple[str, str]:
        return self.refusals.get(status, self.default_refusal)

    def param(self, kind: type[Param]) -> Param | None:
        return next((p for p in self.params if isinstance(p, kind)), None)

    def label_for(self, client) -> str:
        return (self.relabel and self.relabel(client)) or self.label

    def run(self, *, actor, client, expected_version: int | None, values: dict) -> dict:
        """Calls the service with `values`, the typed inputs by service keyword."""
        module, function = self.service.rsplit(".", 1)
        service = getattr(importlib.import_module(f"mteja.clients.services.{module}"), function)
        return service(actor=actor, client=client, expected_version=expected_version, **values)


def _refusals(**by_status) -> dict:
    return {getattr(S, key.upper()): value for key, value in by_status.items()}


def _transfer_route(client) -> str:
    route = _("From %(source)s to %(destination)s.") % {
        "source": client.office.name,
        "destination": client.transfer_to_office.name,
    }
    if not client.proposed_transfer_date:
        return route
    day = date_format(client.proposed_transfer_date, "DATE_FORMAT")
    return " ".join([route, _("Transfer date: %(day)s.") % {"day": day}])


def _officer_leaving(client) -> str:
    return _("The loan officer %(name)s will no longer serve this client.") % {
        "name": client.staff.display_name
    }


ON_TRANSFER = (
    "error.msg.client.is.under.transfer",
    _("The client is being transferred between offices; finish or withdraw the transfer first."),
)
IN_TRANSFER = (
    "error.msg.client.transfer.already.in.progress",
    _("A transfer of this client is already in progress."),
)
BACK_TO_PENDING = _("The client goes back to pending activation.")
NOT_AWAITING_APPROVAL = (
    "error.msg.client.not.awaiting.transfer.approval.exception",
    _("The client is not awaiting transfer approval."),
)
IN_NEW_OFFICE = _("Loan officer in the new office")

COMMANDS: dict[str, Command] = {
    c.name.lower(): c
    for c in [
        Command(
            "activate", "ACTIVATE", frozenset({S.PENDING}),
            ("error.msg.clients.activate.not.pending",
             _("Only a client pending activation can be activated.")),
            "commands.client_activate", _("Activate"), _("Client activated."),
            history=_("Activated"),
            params=(Day("activationDate", _("Activation date")),),
            refusals=_refusals(
                active=("error.msg.clients.already.active", _("The client is already active."))),
            intro=_("An active client can open accounts."),
            primary=True,
        ),
        Command(
            "close", "CLOSE", frozenset({S.ACTIVE}),
            ("error.msg.client.close.not.active", _("Only an active client can be closed.")),
            "commands.client_close", _("Close"), _("Client closed."),
            history=_("Closed"),
            params=(Day("closureDate", _("Closure date")),
                    Reason("closureReasonId", code_list="ClientClosureReason")),
            refusals=_refusals(
                closed=("error.msg.client.close.is.already.closed",
                        _("The client is already closed.")),
                transfer_in_progress=("error.msg.client.close.is.under.transfer", ON_TRANSFER[1]),
                transfer_on_hold=("error.msg.client.close.is.under.transfer", ON_TRANSFER[1])),
            intro=_("A closed client keeps its history and can be reactivated later."),
            danger=True,
        ),
        Command(
            "reject", "REJECT", frozenset({S.PENDING}),
            ("error.msg.client.rejection.on.account.not.in.pending.activation.status",
             _("Only a client pending activation can be rejected.")),
            "commands.client_reject", _("Reject"), _("Client rejected."),
            history=_("Rejected"),
            params=(Day("rejectionDate", _("Rejection date")),
                    Reason("rejectionReasonId", code_list="ClientRejectReason")),
            intro=_("The application is refused; the rejection can be undone."),
            danger=True,
        ),
        Command(
            "withdraw", "WITHDRAW", frozenset({S.PENDING}),
            ("error.msg.client.withdrawal.on.account.not.in.pending.activation.status",
             _("Only a client pending activation can be withdrawn.")),
            "commands.client_withdraw", _("Withdraw"), _("Client withdrawn."),
            history=_("Withdrawn"),
            params=(Day("withdrawalDate", _("Withdrawal date")),
                    Reason("withdrawalReasonId", code_list="ClientWithdrawReason")),
            intro=_("The client withdrew the application; this can be undone."),
            danger=True,
        ),
        Command(
            "reactivate", "REACTIVATE", frozenset({S.CLOSED}),
            ("error.msg.client.reactivation.on.nonclosed.account",
             _("Only a closed client can be reactivated.")),
            "commands.client_reactivate", _("Reactivate"),
            _("Client reactivated: it is pending activation again."),
            history=_("Reactivated"),
            params=(Day("reactivationDate", _("Reactivation date")),),
            intro=BACK_TO_PENDING,
        ),
        Command(
            "undoRejection", "UNDOREJECT", frozenset({S.REJECTED}),
            ("error.msg.client.undorejection.on.nonrejected.account",
             _("Only a rejected client can have the rejection undone.")),
            "commands.client_undo_rejection", _("Undo rejection"),
            _("Rejection undone: the client is pending activation again."),
            history=_("Rejection undone"),
            params=(Day("reopenedDate", _("Reopened on")),),
            intro=BACK_TO_PENDING,
        ),
        Command(
            "undoWithdrawal", "UNDOWITHDRAWAL", frozenset({S.WITHDRAWN}),
            ("error.msg.client.undoWithdrawal.on.nonwithdrawal.account",
             _("Only a withdrawn client can have the withdrawal undone.")),
            "commands.client_undo_withdrawal", _("Undo withdrawal"),
            _("Withdrawal undone: the client is pending activation again."),
            history=_("Withdrawal undone"),
            params=(Day("reopenedDate", _("Reopened on")),),
            intro=BACK_TO_PENDING,
        ),
        Command(
            "assignStaff", "ASSIGNSTAFF", frozenset({S.PENDING, S.ACTIVE, S.TRANSFER_ON_HOLD}),
            ("error.msg.client.assignStaff.status.not.allowed",
             _("A loan officer can be assigned only to a pending or active client.")),
            "officers.client_assign_staff", _("Assign loan officer"), _("Loan officer assigned."),
            history=_("Loan officer assigned"),
            params=(Officer(label=_("Loan officer"), office="office", exclude_current=True,
                            help_text=_("An active loan officer of the client's office or of an "
                                        "office above it.")),
                    Day("assignmentDate", _("Assignment date"))),
            refusals=_refusals(transfer_in_progress=ON_TRANSFER),
            relabel=lambda client: _("Change loan officer") if client.staff_id else None,
        ),
        Command(
            "unassignStaff", "UNASSIGNSTAFF", frozenset({S.PENDING, S.ACTIVE, S.TRANSFER_ON_HOLD}),
            ("error.msg.client.unassignStaff.status.not.allowed",
             _("A loan officer can be unassigned only from a pending or active client.")),
            "officers.client_unassign_staff", _("Unassign loan officer"),
            _("Loan officer unassigned."),
            history=_("Loan officer unassigned"),
            params=(CurrentOfficer(), Day("unassignmentDate", _("Unassignment date"))),
            refusals=_refusals(transfer_in_progress=ON_TRANSFER),
            unavailable=lambda client: (
                None if client.staff_id else _("The client has no loan officer.")),
            about=_officer_leaving,
        ),
        Command(
            "proposeTransfer", "PROPOSETRANSFER", frozenset({S.ACTIVE}),
            ("error.msg.client.transfer.not.active",
             _("Only an active client can be proposed for transfer.")),
            "transfers.client_propose_transfer", _("Propose transfer"),
            _("Transfer proposed: the destination office can accept it."),
            history=_("Transfer proposed"),
            params=(Destination(), Day("transferDate", _("Transfer date")), Note()),
            refusals=_refusals(transfer_in_progress=IN_TRANSFER),
            intro=_("The client waits for the destination office to accept or reject the "
                    "transfer."),
        ),
        Command(
            "withdrawTransfer", "WITHDRAWTRANSFER",
            frozenset({S.TRANSFER_IN_PROGRESS, S.TRANSFER_ON_HOLD}),
            ("error.msg.client.not.awaiting.transfer.approval.or.on.hold.exception",
             _("The client is not awaiting a transfer.")),
            "transfers.client_withdraw_transfer", _("Withdraw transfer"),
            _("Transfer withdrawn."),
            history=_("Transfer withdrawn"),
            params=(Note(),),
            about=_transfer_route,
        ),
        Command(
            "acceptTransfer", "ACCEPTTRANSFER", frozenset({S.TRANSFER_IN_PROGRESS}),
            NOT_AWAITING_APPROVAL,
            "transfers.client_accept_transfer", _("Accept transfer"),
            _("Transfer accepted: the client now belongs to this office."),
            history=_("Transfer accepted"),
            params=(Officer(label=IN_NEW_OFFICE, office="transfer_to_office", required=False),
                    Note(), NoGroup()),
            intro=_("The client joins the destination office."),
            destination_side=True, primary=True, about=_transfer_route,
        ),
        Command(
            "rejectTransfer", "REJECTTRANSFER", frozenset({S.TRANSFER_IN_PROGRESS}),
            NOT_AWAITING_APPROVAL,
            "transfers.client_reject_transfer", _("Reject transfer"),
            _("Transfer rejected: the client is on hold."),
            history=_("Transfer rejected"),
            params=(Note(),),
            intro=_("The client stays in its office, on hold until the transfer is withdrawn."),
            destination_side=True, about=_transfer_route,
        ),
        Command(
            "proposeAndAcceptTransfer", "PROPOSEANDACCEPTTRANSFER", frozenset({S.ACTIVE}),
            ("error.msg.client.transfer.not.active",
             _("Only an active client can be transferred.")),
            "transfers.client_propose_and_accept_transfer", _("Transfer now"),
            _("Client transferred."),
            history=_("Transferred"),
            params=(Destination(), Day("transferDate", _("Transfer date")),
                    Officer(label=IN_NEW_OFFICE, required=False), Note(), NoGroup()),
            refusals=_refusals(transfer_in_progress=IN_TRANSFER),
            intro=_("The client moves to the destination office at once."),
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


def permission_actions() -> list[str]:
    """The actions the permission catalogue gets for the client (ACTIVATE, CLOSE, …)."""
    return [command.action for command in COMMANDS.values()]
