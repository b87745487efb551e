"""The lifecycle commands of savings accounts and loans, declared once each: the API's
`?command=`, the permission (`<ACTION>_<ENTITY>`), the statuses it runs from, the date it
records and the step that date may not precede, and what else it does. An undo goes back a
status and clears the date of the step it undoes (its body has no date). One runner serves
them all: lock, check, move, journal."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mteja.core import writes
from mteja.core.errors import DomainError
from mteja.portfolio.models import LoanStatus, SavingsStatus
from mteja.portfolio.services import loans, savings
from mteja.portfolio.services.common import business_date, event, lock, not_before


@dataclass(frozen=True)
class AccountCommand:
    name: str  # the API's ?command=, in lower case (Fineract reads it in any case)
    action: str  # audit action and permission: <ACTION>_<ENTITY>
    allowed_from: tuple[int, ...]
    to: int
    date_field: str  # the step's date: set to the body's date, or cleared by an undo
    date_param: str  # the body's date ("" for an undo: it has none)
    floor_field: str  # the date may not precede this one
    refusal: str  # Fineract's 403 code from any other status
    label: str
    done: str
    hook: Callable | None = None  # (account, day, actor, **extra) more work of the step
    flags: tuple[str, ...] = ()  # boolean body parameters passed to the hook
    pays: bool = False  # may pay money out: the body may say how (a payment type)
    accepted: tuple[str, ...] = ()  # booleans Fineract's screens send that change nothing
    # Body parameter → the account's field it must equal: Fineract's screens send them (an
    # approved amount, a disbursed amount…); Mteja does not change them at this step.
    same_as: tuple[tuple[str, str], ...] = ()
    too_early: str = ""  # Fineract's 403 code for a date before the floor (else one derived)
    closes: bool = False  # the date also closes the account (a rejected or withdrawn application)
    history: str = ""  # the audit action's name on history pages (commands added later)

    @property
    def undoes(self) -> bool:
        return not self.date_param


S, L = SavingsStatus, LoanStatus

SAVINGS_COMMANDS = {
    c.name: c
    for c in (
        AccountCommand("approve", "APPROVE", (S.SUBMITTED,), S.APPROVED, "approved_on",
                       "approvedOnDate", "submitted_on",
                       "error.msg.savingsaccount.approve.not.in.submitted.state",
                       _("Approve"), _("Savings account approved.")),
        AccountCommand("reject", "REJECT", (S.SUBMITTED,), S.REJECTED, "rejected_on",
                       "rejectedOnDate", "submitted_on",
                       "validation.msg.savingsaccount.reject.not.in.submittedandpendingapproval.state",
                       _("Reject"), _("Savings application rejected."), closes=True,
                       too_early="validation.msg.savingsaccount.reject.cannot.be.before.submittal.date",
                       history=_("Rejected")),
        AccountCommand("withdrawnbyapplicant", "WITHDRAW", (S.SUBMITTED,), S.WITHDRAWN,
                       "withdrawn_on", "withdrawnOnDate", "submitted_on",
                       "validation.msg.savingsaccount.withdrawnByApplicant.not.in.submittedandpendingapproval.state",
                       _("Withdrawn by client"), _("Savings application withdrawn by the client."),
                       closes=True, history=_("Withdrawn by client"),
                       too_early="validation.msg.savingsaccount.withdrawnByApplicant.cannot.be.before.submittal.date"),
        AccountCommand("undoapproval", "APPROVALUNDO", (S.APPROVED,), S.SUBMITTED, "approved_on",
                       "", "", "validation.msg.savingsaccount.undoApproval.not.in.approved.state",
                       _("Undo approval"), _("Approval undone: the application awaits approval."),
                       history=_("Approval undone")),
        AccountCommand("activate", "ACTIVATE", (S.APPROVED,), S.ACTIVE, "activated_on",
                       "activatedOnDate", "approved_on",
                       "error.msg.savingsaccount.activate.not.in.approved.state",
                       _("Activate"), _("Savings account activated.")),
        AccountCommand("close", "CLOSE", (S.ACTIVE,), S.CLOSED, "closed_on", "closedOnDate",
                       "activated_on", "error.msg.savingsaccount.close.not.active",
                       _("Close"), _("Savings account closed."),
                       hook=lambda account, day, actor, withdrawBalance=False:
                       savings.close_balance(account, day, actor,
                                             withdraw_balance=withdrawBalance),
                       flags=("withdrawBalance",), pays=True,
                       accepted=("postInterestValidationOnClosure",)),
    )
}  # fmt: skip

LOAN_COMMANDS = {
    c.name: c
    for c in (
        AccountCommand("approve", "APPROVE", (L.SUBMITTED,), L.APPROVED, "approved_on",
                       "approvedOnDate", "submitted_on",
                       "error.msg.loan.approve.not.in.submitted.and.pending.approval.state",
                       _("Approve"), _("Loan approved."), hook=loans.on_approve,
                       same_as=(("approvedLoanAmount", "principal"),
                                ("expectedDisbursementDate", "expected_disbursement_date"))),
        AccountCommand("reject", "REJECT", (L.SUBMITTED,), L.REJECTED, "rejected_on",
                       "rejectedOnDate", "submitted_on",
                       "error.msg.loan.reject.account.is.not.submitted.pending.approval.state",
                       _("Reject"), _("Loan application rejected."), closes=True,
                       too_early="error.msg.loan.reject.cannot.be.before.submittal.date",
                       history=_("Rejected")),
        AccountCommand("withdrawnbyapplicant", "WITHDRAW", (L.SUBMITTED,), L.WITHDRAWN,
                       "withdrawn_on", "withdrawnOnDate", "submitted_on",
                       "error.msg.loan.withdraw.cannot.withdraw",
                       _("Withdrawn by client"), _("Loan application withdrawn by the client."),
                       closes=True, history=_("Withdrawn by client"),
                       too_early="error.msg.loan.withdraw.cannot.be.before.submittal.date"),
        AccountCommand("undoapproval", "APPROVALUNDO", (L.APPROVED,), L.SUBMITTED, "approved_on",
                       "", "", "error.msg.loan.undo.approval.account.is.not.approved",
                       _("Undo approval"), _("Approval undone: the application awaits approval."),
                       hook=loans.on_undo_approval, history=_("Approval undone")),
        AccountCommand("disburse", "DISBURSE", (L.APPROVED,), L.ACTIVE, "disbursed_on",
                       "actualDisbursementDate", "approved_on",
                       "error.msg.loan.disbursal.not.in.approved.state",
                       _("Disburse"), _("Loan disbursed."), hook=loans.on_disburse, pays=True,
                       same_as=(("transactionAmount", "principal"),)),
        AccountCommand("undodisbursal", "DISBURSALUNDO", (L.ACTIVE,), L.APPROVED, "disbursed_on",
                       "", "", "error.msg.loan.undo.disbursal.account.is.not.active",
                       _("Undo disbursal"), _("Disbursal undone: the loan awaits disbursal."),
                       hook=loans.on_undo_disbursal, history=_("Disbursal undone")),
    )
}  # fmt: skip


def check_unchanged(command: AccountCommand, account, data: dict) -> None:
    """Refuses (403) a value the command would change that Mteja keeps as it is."""
    for param, field in command.same_as:
        if data.get(param) is not None and data[param] != getattr(account, field):
            raise DomainError(
                f"error.msg.{writes.declaration(account).resource}.{param}.cannot.change",
                _("%(param)s must equal the account's: Mteja does not change it at this step.")
                % {"param": param},
                param=param,
            )


def command_named(commands: dict, raw: str) -> AccountCommand | None:
    return commands.get((raw or "").lower())


@transaction.atomic
def run(
    command: AccountCommand,
    *,
    actor,
    account,
    day: datetime.date | None,
    expected_version: int | None = None,
    **flags,
) -> dict:
    """Runs `command` on `account`: its status and date checked, the step recorded (date and
    status), the hook's work done, one audit event. Returns the changes."""
    account = lock(account, actor=actor, expected_version=expected_version)
    resource = writes.declaration(account).resource
    if account.status not in command.allowed_from:
        raise DomainError(command.refusal, str(command.label) + ": " + _wrong_status())
    if not command.undoes:
        day = business_date(day, command.date_param, resource)
        not_before(
            day,
            getattr(account, command.floor_field),
            command.too_early
            or f"error.msg.{resource}.{command.name}.date.cannot.be.before."
            f"{command.floor_field.removesuffix('_on')}.date",
            command.date_param,
        )
    else:
        day = None  # the step undone: its date cleared
    before = writes.snapshot(account)
    account.status = command.to
    setattr(account, command.date_field, day)
    if command.closes:
        account.closed_on = day
    if command.hook is not None:
        command.hook(account, day, actor, **flags)
    return writes.commit_write(
        account,
        actor=actor,
        action=command.action,
        before=before,
        record_unchanged=True,
        **event(account),
    )


def _wrong_status() -> str:
    return str(_("the account is not in a status that allows it."))
