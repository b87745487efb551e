"""The lifecycle commands of a client, one entry each. Adding a command: docs/architecture.md,
"How to add a lifecycle command"."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mteja.clients.lifecycle.command import Command
from mteja.clients.lifecycle.inputs import (
    CurrentOfficer,
    Day,
    Destination,
    NoGroup,
    Note,
    Officer,
    Reason,
)
from mteja.clients.models import ClientStatus as S


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
