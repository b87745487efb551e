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
            name="activate", action="ACTIVATE", allowed_from={S.PENDING},
            refusal=("error.msg.clients.activate.not.pending",
                     _("Only a client pending activation can be activated.")),
            refusals=_refusals(
                active=("error.msg.clients.already.active", _("The client is already active."))),
            service="commands.client_activate",
            params=(Day("activationDate", _("Activation date")),),
            label=_("Activate"), done=_("Client activated."), history=_("Activated"),
            intro=_("An active client can open accounts."),
            primary=True,
        ),
        Command(
            name="close", action="CLOSE", allowed_from={S.ACTIVE},
            refusal=("error.msg.client.close.not.active",
                     _("Only an active client can be closed.")),
            refusals=_refusals(
                closed=("error.msg.client.close.is.already.closed",
                        _("The client is already closed.")),
                transfer_in_progress=("error.msg.client.close.is.under.transfer", ON_TRANSFER[1]),
                transfer_on_hold=("error.msg.client.close.is.under.transfer", ON_TRANSFER[1])),
            service="commands.client_close",
            params=(Day("closureDate", _("Closure date")),
                    Reason("closureReasonId", code_list="ClientClosureReason")),
            label=_("Close"), done=_("Client closed."), history=_("Closed"),
            intro=_("A closed client keeps its history and can be reactivated later."),
            danger=True,
        ),
        Command(
            name="reject", action="REJECT", allowed_from={S.PENDING},
            refusal=("error.msg.client.rejection.on.account.not.in.pending.activation.status",
                     _("Only a client pending activation can be rejected.")),
            service="commands.client_reject",
            params=(Day("rejectionDate", _("Rejection date")),
                    Reason("rejectionReasonId", code_list="ClientRejectReason")),
            label=_("Reject"), done=_("Client rejected."), history=_("Rejected"),
            intro=_("The application is refused; the rejection can be undone."),
            danger=True,
        ),
        Command(
            name="withdraw", action="WITHDRAW", allowed_from={S.PENDING},
            refusal=("error.msg.client.withdrawal.on.account.not.in.pending.activation.status",
                     _("Only a client pending activation can be withdrawn.")),
            service="commands.client_withdraw",
            params=(Day("withdrawalDate", _("Withdrawal date")),
                    Reason("withdrawalReasonId", code_list="ClientWithdrawReason")),
            label=_("Withdraw"), done=_("Client withdrawn."), history=_("Withdrawn"),
            intro=_("The client withdrew the application; this can be undone."),
            danger=True,
        ),
        Command(
            name="reactivate", action="REACTIVATE", allowed_from={S.CLOSED},
            refusal=("error.msg.client.reactivation.on.nonclosed.account",
                     _("Only a closed client can be reactivated.")),
            service="commands.client_reactivate",
            params=(Day("reactivationDate", _("Reactivation date")),),
            label=_("Reactivate"), history=_("Reactivated"),
            done=_("Client reactivated: it is pending activation again."),
            intro=BACK_TO_PENDING,
        ),
        Command(
            name="undoRejection", action="UNDOREJECT", allowed_from={S.REJECTED},
            refusal=("error.msg.client.undorejection.on.nonrejected.account",
                     _("Only a rejected client can have the rejection undone.")),
            service="commands.client_undo_rejection",
            params=(Day("reopenedDate", _("Reopened on")),),
            label=_("Undo rejection"), history=_("Rejection undone"),
            done=_("Rejection undone: the client is pending activation again."),
            intro=BACK_TO_PENDING,
        ),
        Command(
            name="undoWithdrawal", action="UNDOWITHDRAWAL", allowed_from={S.WITHDRAWN},
            refusal=("error.msg.client.undoWithdrawal.on.nonwithdrawal.account",
                     _("Only a withdrawn client can have the withdrawal undone.")),
            service="commands.client_undo_withdrawal",
            params=(Day("reopenedDate", _("Reopened on")),),
            label=_("Undo withdrawal"), history=_("Withdrawal undone"),
            done=_("Withdrawal undone: the client is pending activation again."),
            intro=BACK_TO_PENDING,
        ),
        Command(
            name="assignStaff", action="ASSIGNSTAFF",
            allowed_from={S.PENDING, S.ACTIVE, S.TRANSFER_ON_HOLD},
            refusal=("error.msg.client.assignStaff.status.not.allowed",
                     _("A loan officer can be assigned only to a pending or active client.")),
            refusals=_refusals(transfer_in_progress=ON_TRANSFER),
            service="officers.client_assign_staff",
            params=(Officer(label=_("Loan officer"), office="office", exclude_current=True,
                            help_text=_("An active loan officer of the client's office or of an "
                                        "office above it.")),
                    Day("assignmentDate", _("Assignment date"))),
            label=_("Assign loan officer"), done=_("Loan officer assigned."),
            history=_("Loan officer assigned"),
            relabel=lambda client: _("Change loan officer") if client.staff_id else None,
        ),
        Command(
            name="unassignStaff", action="UNASSIGNSTAFF",
            allowed_from={S.PENDING, S.ACTIVE, S.TRANSFER_ON_HOLD},
            refusal=("error.msg.client.unassignStaff.status.not.allowed",
                     _("A loan officer can be unassigned only from a pending or active client.")),
            refusals=_refusals(transfer_in_progress=ON_TRANSFER),
            service="officers.client_unassign_staff",
            params=(CurrentOfficer(), Day("unassignmentDate", _("Unassignment date"))),
            label=_("Unassign loan officer"), done=_("Loan officer unassigned."),
            history=_("Loan officer unassigned"),
            unavailable=lambda client: (
                None if client.staff_id else _("The client has no loan officer.")),
            about=_officer_leaving,
        ),
        Command(
            name="proposeTransfer", action="PROPOSETRANSFER", allowed_from={S.ACTIVE},
            refusal=("error.msg.client.transfer.not.active",
                     _("Only an active client can be proposed for transfer.")),
            refusals=_refusals(transfer_in_progress=IN_TRANSFER),
            service="transfers.client_propose_transfer",
            params=(Destination(), Day("transferDate", _("Transfer date")), Note()),
            label=_("Propose transfer"), history=_("Transfer proposed"),
            done=_("Transfer proposed: the destination office can accept it."),
            intro=_("The client waits for the destination office to accept or reject the "
                    "transfer."),
        ),
        Command(
            name="withdrawTransfer", action="WITHDRAWTRANSFER",
            allowed_from={S.TRANSFER_IN_PROGRESS, S.TRANSFER_ON_HOLD},
            refusal=("error.msg.client.not.awaiting.transfer.approval.or.on.hold.exception",
                     _("The client is not awaiting a transfer.")),
            service="transfers.client_withdraw_transfer",
            params=(Note(),),
            label=_("Withdraw transfer"), done=_("Transfer withdrawn."),
            history=_("Transfer withdrawn"),
            about=_transfer_route,
        ),
        Command(
            name="acceptTransfer", action="ACCEPTTRANSFER", allowed_from={S.TRANSFER_IN_PROGRESS},
            refusal=NOT_AWAITING_APPROVAL,
            service="transfers.client_accept_transfer",
            params=(Officer(label=IN_NEW_OFFICE, office="transfer_to_office", required=False),
                    Note(), NoGroup()),
            label=_("Accept transfer"), history=_("Transfer accepted"),
            done=_("Transfer accepted: the client now belongs to this office."),
            intro=_("The client joins the destination office."),
            about=_transfer_route,
            destination_side=True, primary=True,
        ),
        Command(
            name="rejectTransfer", action="REJECTTRANSFER", allowed_from={S.TRANSFER_IN_PROGRESS},
            refusal=NOT_AWAITING_APPROVAL,
            service="transfers.client_reject_transfer",
            params=(Note(),),
            label=_("Reject transfer"), history=_("Transfer rejected"),
            done=_("Transfer rejected: the client is on hold."),
            intro=_("The client stays in its office, on hold until the transfer is withdrawn."),
            about=_transfer_route,
            destination_side=True,
        ),
        Command(
            name="proposeAndAcceptTransfer", action="PROPOSEANDACCEPTTRANSFER",
            allowed_from={S.ACTIVE},
            refusal=("error.msg.client.transfer.not.active",
                     _("Only an active client can be transferred.")),
            refusals=_refusals(transfer_in_progress=IN_TRANSFER),
            service="transfers.client_propose_and_accept_transfer",
            params=(Destination(within_scope=True), Day("transferDate", _("Transfer date")),
                    Officer(label=IN_NEW_OFFICE, required=False), Note(), NoGroup()),
            label=_("Transfer now"), done=_("Client transferred."), history=_("Transferred"),
            intro=_("The client moves to the destination office at once."),
        ),
    ]
}  # fmt: skip

DELETE_REFUSAL = (
    "error.msg.clients.cannot.be.deleted",
    _("Only a client pending activation can be deleted; close, reject or withdraw it instead."),
)
