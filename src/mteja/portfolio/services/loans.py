"""Loans: the application, its schedule (at approval, again at disbursement), the
disbursement and the repayments, each allocated to interest then principal."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.core import clock, writes
from mteja.core.errors import DomainError
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import save_unique, unique_field
from mteja.portfolio import position, schedule
from mteja.portfolio.models import (
    ZERO,
    Installment,
    Loan,
    LoanProduct,
    LoanStatus,
    LoanTransaction,
    LoanTransactionType,
)
from mteja.portfolio.rules import ensure_client_may_open
from mteja.portfolio.services.common import (
    actor_user,
    business_date,
    event,
    lock,
    money,
    not_before,
    number,
)

RESOURCE = "loan"
TX_RESOURCE = "loan.transaction"
TERMS = (
    "interest_rate_per_period", "interest_type", "amortization_type", "repayment_every",
    "repayment_frequency_type", "number_of_repayments",
)  # fmt: skip
UNIQUE = [
    unique_field(
        Loan,
        "external_id",
        "error.msg.loan.duplicate.externalId",
        "A loan with external id “%(external_id)s” already exists.",
    )
]


@transaction.atomic
def new_loan(*, product: LoanProduct, principal, **fields) -> Loan:
    """An unsaved, validated loan: the terms `fields` leave out are the product's."""
    loan = Loan(product=product, principal=money(principal, product.digits, "principal", RESOURCE))
    for name in TERMS:
        value = fields.pop(name, None)
        setattr(loan, name, getattr(product, name) if value is None else value)
    for name, value in fields.items():
        setattr(loan, name, value)
    writes.validate(loan, exclude=["account_no"])
    return loan


def loan_create(
    *,
    actor,
    client: Client,
    product: LoanProduct,
    principal,
    submitted_on: datetime.date | None,
    expected_disbursement_date: datetime.date | None,
    loan_officer=None,
    external_id: str | None = None,
    **terms,
) -> Loan:
    """A loan application of an active client; the terms the body leaves out are the
    product's."""
    client = writes.lock(client, related=["office"])
    ensure_office_in_scope(actor, client.office)
    ensure_client_may_open(client)
    day = business_date(submitted_on, "submittedOnDate", RESOURCE)
    not_before(
        day,
        client.activation_date,
        "error.msg.loan.submittal.date.cannot.be.before.client.activation.date",
        "submittedOnDate",
    )
    if expected_disbursement_date is None:
        expected_disbursement_date = day
    not_before(
        expected_disbursement_date,
        day,
        "error.msg.loan.expected.disbursement.date.before.submittal.date",
        "expectedDisbursementDate",
    )
    loan = new_loan(
        client=client,
        product=product,
        principal=principal,
        submitted_on=day,
        expected_disbursement_date=expected_disbursement_date,
        loan_officer=loan_officer,
        external_id=(external_id or "").strip() or None,
        loan_counter=Loan.objects.filter(client=client).count() + 1,
        **terms,
    )
    save_unique(loan, UNIQUE)
    number(loan)
    writes.record_created(loan, actor=actor, **event(loan))
    return loan


def _write_schedule(loan: Loan, start: datetime.date) -> None:
    """The schedule rows of `loan` from `start` (derived data: replaced, not journalled)."""
    Installment.objects.filter(loan=loan).delete()
    Installment.objects.bulk_create(
        Installment(
            loan=loan,
            number=p.number,
            from_date=p.from_date,
            due_date=p.due_date,
            principal=p.principal,
            interest=p.interest,
        )
        for p in schedule.periods_of(loan, start)
    )


def on_approve(loan: Loan, day: datetime.date, actor) -> None:
    """Approval fixes the schedule, from the expected disbursement date."""
    _write_schedule(loan, loan.expected_disbursement_date)


def on_disburse(loan: Loan, day: datetime.date, actor) -> None:
    """Disbursement pays out the principal; the schedule runs from the actual date."""
    if day != loan.expected_disbursement_date or not loan.installments.exists():
        _write_schedule(loan, day)
    interest = sum((i.interest for i in loan.installments.all()), ZERO)
    LoanTransaction.objects.create(
        loan=loan,
        type=LoanTransactionType.DISBURSEMENT,
        transaction_date=day,
        amount=loan.principal,
        principal_portion=loan.principal,
        outstanding_after=loan.principal + interest,
        created_by=actor_user(actor),
    )


def on_undo_approval(loan: Loan, day, actor) -> None:
    """Undoing the approval takes back the schedule it fixed: an application has none."""
    Installment.objects.filter(loan=loan).delete()


def on_undo_disbursal(loan: Loan, day, actor) -> None:
    """Undoing the disbursement takes back what it wrote: the money paid out (a reversal row
    naming the disbursement, as transactions are never changed) and a schedule moved to the
    actual date (it runs from the expected date again). Refused (403) once the loan has
    taken a repayment that is not reversed: Mteja does not undo repayments on the way, as
    Fineract does."""
    rows = loan.transactions.select_related("reversed_by")
    if rows.filter(type=LoanTransactionType.REPAYMENT, reversed_by__isnull=True).exists():
        raise DomainError(
            "error.msg.loan.undo.disbursal.not.allowed.with.repayments",
            _("The loan has repayments: reverse them before undoing the disbursal."),
        )
    paid_out = rows.filter(
        type=LoanTransactionType.DISBURSEMENT, reversed_by__isnull=True
    ).order_by("-id")[:1]
    last = rows.order_by("-transaction_date").values_list("transaction_date", flat=True)[:1]
    for row in paid_out:
        LoanTransaction.objects.create(
            loan=loan,
            type=LoanTransactionType.REVERSAL,
            transaction_date=max([row.transaction_date, *last]),
            amount=row.amount,
            principal_portion=-row.principal_portion,
            outstanding_after=ZERO,
            reverses=row,
            created_by=actor_user(actor),
        )
    first = loan.installments.order_by("number").first()
    if first is None or first.from_date != loan.expected_disbursement_date:
        _write_schedule(loan, loan.expected_disbursement_date)


@transaction.atomic
def loan_repayment(
    *,
    actor,
    loan: Loan,
    transaction_date: datetime.date | None,
    amount,
    expected_version: int | None = None,
) -> LoanTransaction:
    """A repayment of an active loan, allocated to the oldest period's interest, then its
    principal, then the next period's; the loan closes when nothing is left to pay."""
    loan = lock(loan, actor=actor, expected_version=expected_version)
    if loan.status != LoanStatus.ACTIVE:
        raise DomainError(
            "error.msg.loan.transaction.cannot.be.made.on.inactive.loan",
            _("Only an active (disbursed) loan takes repayments."),
        )
    day = business_date(transaction_date, "transactionDate", TX_RESOURCE)
    last = loan.transactions.order_by("-transaction_date").values_list(
        "transaction_date", flat=True
    )[:1]
    not_before(
        day,
        max([loan.disbursed_on, *last]),
        "error.msg.loan.transaction.date.cannot.be.before.last.transaction.date",
        "transactionDate",
    )
    amount = money(amount, loan.digits, "transactionAmount", TX_RESOURCE)
    installments = list(loan.installments.all())
    paid = loan.principal_repaid + loan.interest_repaid
    now = position.position(
        installments, principal=loan.principal, paid=paid, today=clock.today(), disbursed=True
    )
    if amount > now.outstanding:
        raise DomainError(
            "error.msg.loan.transaction.amount.exceeds.outstanding",
            _("The repayment is more than the loan's outstanding balance (%(balance)s).")
            % {"balance": now.outstanding},
            param="transactionAmount",
            value=str(amount),
        )
    principal_part, interest_part = position.portions(installments, paid, amount)
    before = writes.snapshot(loan)
    row = LoanTransaction.objects.create(
        loan=loan,
        type=LoanTransactionType.REPAYMENT,
        transaction_date=day,
        amount=amount,
        principal_portion=principal_part,
        interest_portion=interest_part,
        outstanding_after=now.outstanding - amount,
        created_by=actor_user(actor),
    )
    loan.principal_repaid += principal_part
    loan.interest_repaid += interest_part
    if row.outstanding_after == ZERO:
        loan.status = LoanStatus.CLOSED
        loan.closed_on = day
    extra = {"amount": [None, amount], "principalPortion": [None, principal_part],
             "interestPortion": [None, interest_part]}  # fmt: skip
    writes.commit_write(
        loan,
        actor=actor,
        action="REPAYMENT",
        before=before,
        record_unchanged=True,
        extra=extra,
        subresource_id=row.pk,
        **event(loan),
    )
    return row


@transaction.atomic
def loan_repayment_undo(*, actor, loan: Loan, row: LoanTransaction) -> LoanTransaction:
    """The reversal of a repayment: a new row dated today that takes its amount back. What it
    takes back is what the last money repaid had paid (repayments are allocated by their sum),
    so the loan's position stays the allocation of what is still repaid; a loan closed by
    its repayments is active again."""
    loan = lock(loan, actor=actor)
    if row.type != LoanTransactionType.REPAYMENT or hasattr(row, "reversed_by"):
        raise DomainError(
            "error.msg.loan.transaction.cannot.be.reversed",
            _("Only a repayment not already reversed can be reversed."),
        )
    installments = list(loan.installments.all())
    paid = loan.principal_repaid + loan.interest_repaid
    principal_part, interest_part = position.portions(installments, paid - row.amount, row.amount)
    before = writes.snapshot(loan)
    today = clock.today()
    last = loan.transactions.order_by("-transaction_date").values_list(
        "transaction_date", flat=True
    )[:1]
    reversal = LoanTransaction.objects.create(
        loan=loan,
        type=LoanTransactionType.REVERSAL,
        transaction_date=max([today, *last]),
        amount=row.amount,
        principal_portion=-principal_part,
        interest_portion=-interest_part,
        outstanding_after=loan.principal
        + sum((i.interest for i in installments), ZERO)
        - (paid - row.amount),
        reverses=row,
        created_by=actor_user(actor),
    )
    loan.principal_repaid -= principal_part
    loan.interest_repaid -= interest_part
    if loan.status == LoanStatus.CLOSED:
        loan.status, loan.closed_on = LoanStatus.ACTIVE, None
    writes.commit_write(
        loan,
        actor=actor,
        action="ADJUST",
        before=before,
        record_unchanged=True,
        extra={"reversedTransactionId": [None, row.pk], "amount": [None, row.amount]},
        subresource_id=reversal.pk,
        **event(loan),
    )
    return reversal
