"""The officer of a savings account (its field officer) or a loan (its loan officer): assigned,
changed and removed as Fineract's `assignSavingsOfficer`/`unassignSavingsOfficer` and
`assignLoanOfficer`/`removeLoanOfficer` do, each declared once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.core import writes
from mteja.core.errors import DomainError
from mteja.portfolio.services.common import business_date, event, lock, not_before

# Withdrawn (400), rejected (500) and closed (600), of savings accounts and loans alike.
ENDED = (400, 500, 600)


@dataclass(frozen=True)
class OfficerCommand:
    name: str  # the API's ?command=
    action: str  # audit action and permission: <ACTION>_<ENTITY>
    field: str  # the account's officer field
    to_param: str  # the new officer's id (assignments only)
    from_param: str  # the officer the caller believes is assigned (may be blank)
    date_param: str
    not_assigned: str  # Fineract's 403 code: the account does not have that officer

    @property
    def assigns(self) -> bool:
        return bool(self.to_param)


SAVINGS_OFFICER_COMMANDS = {
    c.name: c
    for c in (
        OfficerCommand("assignsavingsofficer", "UPDATESAVINGSOFFICER", "field_officer",
                       "toSavingsOfficerId", "fromSavingsOfficerId", "assignmentDate",
                       "error.msg.savings.account.not.assigned.to.savings.officer"),
        OfficerCommand("unassignsavingsofficer", "REMOVESAVINGSOFFICER", "field_officer", "",
                       "", "unassignedDate",
                       "error.msg.savings.account.not.assigned.to.savings.officer"),
    )
}  # fmt: skip
LOAN_OFFICER_COMMANDS = {
    c.name: c
    for c in (
        OfficerCommand("assignloanofficer", "UPDATELOANOFFICER", "loan_officer",
                       "toLoanOfficerId", "fromLoanOfficerId", "assignmentDate",
                       "error.msg.loan.not.assigned.to.loan.officer"),
        OfficerCommand("removeloanofficer", "REMOVELOANOFFICER", "loan_officer", "",
                       "", "unassignedDate", "error.msg.loan.not.assigned.to.loan.officer"),
    )
}  # fmt: skip


@transaction.atomic
def officer_change(
    command: OfficerCommand,
    *,
    actor,
    account,
    officer,
    believed_officer_id: int | None,
    day: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    """Assigns `officer` to `account` (or, for an unassignment, removes its officer) as of
    `day`: an open account, a date neither in the future nor before the account was
    submitted, and — when the caller names the officer it is replacing — that officer.
    `officer` is a staff member of the client's office or one above it (the caller's look-up).
    One audit event, the date with it. Returns the changes."""
    account = lock(account, actor=actor, expected_version=expected_version)
    resource = writes.declaration(account).resource
    if account.status in ENDED:
        raise DomainError(
            f"error.msg.{resource}.{command.name}.account.is.closed",
            _("A closed account's officer does not change."),
        )
    day = business_date(day, command.date_param, resource)
    not_before(
        day,
        account.submitted_on,
        f"error.msg.{resource}.{command.date_param}.cannot.be.before.submitted.date",
        command.date_param,
    )
    current = getattr(account, f"{command.field}_id")
    wrong_believed = believed_officer_id is not None and believed_officer_id != current
    if wrong_believed or (not command.assigns and current is None):
        raise DomainError(
            command.not_assigned,
            _("The account is not assigned to officer %(id)s.")
            % {"id": believed_officer_id or "-"},
            param=command.from_param or "id",
            value=believed_officer_id,
        )
    before = writes.snapshot(account)
    setattr(account, command.field, officer if command.assigns else None)
    return writes.commit_write(
        account,
        actor=actor,
        action=command.action,
        before=before,
        record_unchanged=True,
        extra={command.date_param: [None, day.isoformat()]},
        **event(account),
    )
