"""Modifying or deleting an application: a savings account or a loan changes its product,
dates, officer, external id (and a loan its amount and terms), or is deleted, only while it
awaits approval. Approval fixes what was asked for; after it, the account changes through its
commands and is never deleted."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.core import writes
from mteja.core.errors import DomainError, ParameterError, ValidationFailed
from mteja.portfolio.models import Loan, LoanStatus, SavingsAccount, SavingsStatus
from mteja.portfolio.services import loans, savings
from mteja.portfolio.services.common import business_date, event, lock, money, not_before

# A keyword left out keeps the account's value: None is a value (no officer, no external id).
KEEP = object()


def _refused(step: str) -> str:
    if step == "delete":
        return _("Only an application awaiting approval can be deleted.")
    return _("Only an application awaiting approval can be modified.")


def _pending_savings(account: SavingsAccount, step: str = "modify") -> None:
    """Fineract's SavingsAccount modifyApplication / deleteApplication refusal: a 400."""
    if account.status != SavingsStatus.SUBMITTED:
        code = f"validation.msg.savingsaccount.{step}.not.in.submittedandpendingapproval.state"
        raise ValidationFailed([ParameterError(code, "id", _refused(step), account.pk)])


def _pending_loan(loan: Loan, step: str = "modify") -> None:
    """Fineract's LoanApplicationNotInSubmittedAndPendingApprovalStateCannotBeModified
    (…CannotBeDeleted): a 403."""
    if loan.status != LoanStatus.SUBMITTED:
        code = f"error.msg.loan.cannot.{step}.loan.in.its.present.state"
        raise DomainError(code, _refused(step), value=loan.pk)


def _submitted_on(account, day, resource: str) -> None:
    """A new submission date: not in the future, not before the client's activation."""
    day = business_date(day, "submittedOnDate", resource)
    not_before(
        day,
        account.client.activation_date,
        f"error.msg.{resource}.submittal.date.cannot.be.before.client.activation.date",
        "submittedOnDate",
    )
    account.submitted_on = day


def _common(account, resource: str, *, product, submitted_on, officer_field, officer, external_id):
    if product is not None:
        account.product = product
    if submitted_on is not None:
        _submitted_on(account, submitted_on, resource)
    if officer is not KEEP:
        setattr(account, officer_field, officer)
    if external_id is not KEEP:
        account.external_id = (external_id or "").strip() or None


@transaction.atomic
def savings_application_modify(
    *,
    actor,
    account: SavingsAccount,
    product=None,
    submitted_on: datetime.date | None = None,
    field_officer=KEEP,
    external_id=KEEP,
    expected_version: int | None = None,
) -> dict:
    """Changes a savings application awaiting approval; one UPDATE event. Returns the
    changes `{field: [old, new]}` (empty when nothing changed: no event, no new version)."""
    account = lock(account, actor=actor, expected_version=expected_version)
    _pending_savings(account)
    before = writes.snapshot(account)
    _common(account, savings.RESOURCE, product=product, submitted_on=submitted_on,
            officer_field="field_officer", officer=field_officer,
            external_id=external_id)  # fmt: skip
    writes.validate(account)
    return writes.commit_write(
        account, actor=actor, action="UPDATE", before=before, unique=savings.UNIQUE,
        **event(account),
    )  # fmt: skip


@transaction.atomic
def loan_application_modify(
    *,
    actor,
    loan: Loan,
    product=None,
    principal=None,
    submitted_on: datetime.date | None = None,
    expected_disbursement_date: datetime.date | None = None,
    loan_officer=KEEP,
    external_id=KEEP,
    expected_version: int | None = None,
    **terms,
) -> dict:
    """Changes a loan application awaiting approval: the terms given are set, and when the
    product changes the terms not given are the new product's. The schedule is made at
    approval, so nothing else follows. One UPDATE event; returns the changes."""
    loan = lock(loan, actor=actor, expected_version=expected_version)
    _pending_loan(loan)
    before = writes.snapshot(loan)
    product_changed = product is not None and product.pk != loan.product_id
    _common(loan, loans.RESOURCE, product=product, submitted_on=submitted_on,
            officer_field="loan_officer", officer=loan_officer,
            external_id=external_id)  # fmt: skip
    for name in loans.TERMS:
        value = terms.get(name)
        if value is not None:
            setattr(loan, name, value)
        elif product_changed:
            setattr(loan, name, getattr(loan.product, name))
    if principal is not None:
        loan.principal = money(principal, loan.digits, "principal", loans.RESOURCE)
    if expected_disbursement_date is not None:
        loan.expected_disbursement_date = expected_disbursement_date
    not_before(
        loan.expected_disbursement_date,
        loan.submitted_on,
        "error.msg.loan.expected.disbursement.date.before.submittal.date",
        "expectedDisbursementDate",
    )
    writes.validate(loan)
    return writes.commit_write(
        loan, actor=actor, action="UPDATE", before=before, unique=loans.UNIQUE, **event(loan)
    )


@transaction.atomic
def application_delete(*, actor, account) -> None:
    """Deletes a savings or loan application awaiting approval (it has no transactions and
    no schedule yet); one DELETE event keeps what it was."""
    account = lock(account, actor=actor)
    if isinstance(account, Loan):
        _pending_loan(account, "delete")
    else:
        _pending_savings(account, "delete")
    before = writes.snapshot(account)
    where = event(account)
    pk = account.pk
    account.delete()
    account.pk = pk
    writes.record_deleted(account, before, actor=actor, **where)
