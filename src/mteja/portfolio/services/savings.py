"""Savings accounts: opening one, and the deposits, withdrawals and reversals that make its
balance. The balance kept on the account is the sum of its transactions; every write that
changes it locks the account's row first, so two withdrawals at once cannot both pass the
minimum-balance check."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.core import clock, writes
from mteja.core.errors import DomainError
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import save_unique, unique_field
from mteja.portfolio.models import (
    ZERO,
    SavingsAccount,
    SavingsProduct,
    SavingsStatus,
    SavingsTransaction,
    SavingsTransactionType,
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

RESOURCE = "savingsaccount"
TX_RESOURCE = "savingsaccount.transaction"
UNIQUE = [
    unique_field(
        SavingsAccount,
        "external_id",
        "error.msg.savingsaccount.duplicate.externalId",
        "A savings account with external id “%(external_id)s” already exists.",
    )
]


@transaction.atomic
def savings_account_create(
    *,
    actor,
    client: Client,
    product: SavingsProduct,
    submitted_on: datetime.date | None,
    field_officer=None,
    external_id: str | None = None,
) -> SavingsAccount:
    """A savings application of an active client of the actor's offices."""
    client = writes.lock(client, related=["office"])
    ensure_office_in_scope(actor, client.office)
    ensure_client_may_open(client)
    day = business_date(submitted_on, "submittedOnDate", RESOURCE)
    not_before(
        day,
        client.activation_date,
        "error.msg.savingsaccount.submittal.date.cannot.be.before.client.activation.date",
        "submittedOnDate",
    )
    account = SavingsAccount(
        client=client,
        product=product,
        submitted_on=day,
        field_officer=field_officer,
        external_id=(external_id or "").strip() or None,
    )
    writes.validate(account, exclude=["account_no"])
    save_unique(account, UNIQUE)
    number(account)
    writes.record_created(account, actor=actor, **event(account))
    return account


def _insufficient() -> DomainError:
    return DomainError(
        "error.msg.savingsaccount.transaction.insufficient.account.balance",
        _("The withdrawal would leave less than the account's minimum balance."),
        param="transactionAmount",
    )


def post(
    account: SavingsAccount, *, actor, kind: int, day: datetime.date, delta: Decimal, reverses=None
) -> SavingsTransaction:
    """One transaction on a locked account: the row, the new balance, one audit event."""
    before = account.balance
    account.balance = before + delta
    row = SavingsTransaction.objects.create(
        account=account,
        type=kind,
        transaction_date=day,
        amount=abs(delta),
        delta=delta,
        running_balance=account.balance,
        reverses=reverses,
        created_by=actor_user(actor),
    )
    account.last_transaction_on = max(day, account.last_transaction_on or day)
    account.version += 1
    account.save(update_fields=["balance", "last_transaction_on", "version", "last_modified_on"])
    action = {1: "DEPOSIT", 2: "WITHDRAWAL", 3: "UNDOTRANSACTION"}[kind]
    writes.record(
        account,
        actor=actor,
        action=action,
        changes={"amount": [None, abs(delta)], "balance": [before, account.balance]},
        subresource_id=row.pk,
        **event(account),
    )
    return row


def _transaction_day(account: SavingsAccount, day) -> datetime.date:
    day = business_date(day, "transactionDate", TX_RESOURCE)
    not_before(
        day,
        account.activated_on,
        "error.msg.savingsaccount.transaction.before.activation.date",
        "transactionDate",
    )
    # Running balances follow the order of the rows: no transaction before the last one.
    not_before(
        day,
        account.last_transaction_on,
        "error.msg.savingsaccount.transaction.before.last.transaction.date",
        "transactionDate",
    )
    return day


@transaction.atomic
def savings_transaction(
    *,
    actor,
    account: SavingsAccount,
    kind: int,
    transaction_date: datetime.date | None,
    amount,
    expected_version: int | None = None,
) -> SavingsTransaction:
    """A deposit or a withdrawal on an active account; a withdrawal may not take the balance
    below the product's minimum."""
    account = lock(account, actor=actor, expected_version=expected_version)
    if account.status != SavingsStatus.ACTIVE:
        raise DomainError(
            "error.msg.savingsaccount.transaction.account.is.not.active",
            _("Only an active savings account takes deposits and withdrawals."),
        )
    day = _transaction_day(account, transaction_date)
    amount = money(amount, account.digits, "transactionAmount", TX_RESOURCE)
    delta = amount if kind == SavingsTransactionType.DEPOSIT else -amount
    if delta < ZERO and account.balance + delta < account.product.min_required_balance:
        raise _insufficient()
    return post(account, actor=actor, kind=kind, day=day, delta=delta)


@transaction.atomic
def savings_transaction_undo(
    *, actor, account: SavingsAccount, row: SavingsTransaction
) -> SavingsTransaction:
    """The reversal of a deposit or a withdrawal: a new row with the opposite effect, dated
    today; the reversed row stays as it was."""
    account = lock(account, actor=actor)
    if account.status != SavingsStatus.ACTIVE:
        raise DomainError(
            "error.msg.savingsaccount.transaction.account.is.not.active",
            _("Only an active savings account takes deposits and withdrawals."),
        )
    if row.type == SavingsTransactionType.REVERSAL or hasattr(row, "reversed_by"):
        raise DomainError(
            "error.msg.savingsaccount.transaction.already.reversed",
            _("This transaction is already reversed."),
        )
    delta = -row.delta
    if delta < ZERO and account.balance + delta < ZERO:
        raise _insufficient()
    day = max(clock.today(), account.last_transaction_on or clock.today())
    return post(
        account,
        actor=actor,
        kind=SavingsTransactionType.REVERSAL,
        day=day,
        delta=delta,
        reverses=row,
    )


def close_balance(account: SavingsAccount, day: datetime.date, actor, *, withdraw_balance=False):
    """Closing: the balance must be zero, or be withdrawn as the account closes."""
    if account.balance == ZERO:
        return
    if not withdraw_balance:
        raise DomainError(
            "error.msg.savingsaccount.close.results.in.balance.not.zero",
            _("The account still holds money: withdraw the balance first, or with the closure."),
        )
    not_before(
        day,
        account.last_transaction_on,
        "error.msg.savingsaccount.transaction.before.last.transaction.date",
        "closedOnDate",
    )
    post(
        account,
        actor=actor,
        kind=SavingsTransactionType.WITHDRAWAL,
        day=day,
        delta=-account.balance,
    )
