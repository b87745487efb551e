"""One transaction history across all of a client's accounts: savings and loan transactions
read as one ordered, filtered, paged list by the database (a UNION), so a page costs the same
whatever the number of accounts and transactions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import CharField, F, Value
from django.utils.translation import gettext_lazy as _

from mteja.portfolio.models import (
    LoanTransaction,
    LoanTransactionType,
    SavingsTransaction,
    SavingsTransactionType,
)

# The filter's types: name → (which table, its type code).
TYPES = {
    "deposit": ("savings", SavingsTransactionType.DEPOSIT, _("Deposit")),
    "withdrawal": ("savings", SavingsTransactionType.WITHDRAWAL, _("Withdrawal")),
    "reversal": ("savings", SavingsTransactionType.REVERSAL, _("Reversal")),
    "disbursement": ("loan", LoanTransactionType.DISBURSEMENT, _("Disbursement")),
    "repayment": ("loan", LoanTransactionType.REPAYMENT, _("Repayment")),
}
LABELS = {(kind, code): label for kind, code, label in TYPES.values()}
LABELS["loan", LoanTransactionType.REVERSAL] = _("Reversal")
COLUMNS = ("source", "row_id", "day", "type_code", "amount_value", "account_no", "account_ref")


@dataclass(frozen=True)
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    type: str = ""
    account: str = ""  # "savings-<id>" or "loan-<id>"


def _part(queryset, source: str, account: str, filters: Filters):
    rows = queryset
    if filters.start:
        rows = rows.filter(transaction_date__gte=filters.start)
    if filters.end:
        rows = rows.filter(transaction_date__lte=filters.end)
    if filters.type:
        kind, code, _label = TYPES[filters.type]
        rows = rows.filter(type=code) if kind == source else rows.none()
    if filters.account:
        kind, _dash, pk = filters.account.partition("-")
        rows = rows.filter(**{f"{account}_id": int(pk)}) if kind == source else rows.none()
    return (
        rows.annotate(
            source=Value(source, output_field=CharField()),
            row_id=F("id"),
            day=F("transaction_date"),
            type_code=F("type"),
            amount_value=F("amount"),
            account_no=F(f"{account}__account_no"),
            account_ref=F(f"{account}_id"),
        )
        .order_by()
        .values_list(*COLUMNS)
    )


def client_transactions(client, filters: Filters):
    """The client's transactions, newest first, as tuples of COLUMNS."""
    savings = _part(SavingsTransaction.objects.filter(account__client=client), "savings",
                    "account", filters)  # fmt: skip
    loans = _part(LoanTransaction.objects.filter(loan__client=client), "loan", "loan", filters)
    return savings.union(loans, all=True).order_by("-day", "-row_id")


def row(values: tuple) -> dict:
    found = dict(zip(COLUMNS, values, strict=True))
    found["label"] = LABELS.get((found["source"], found["type_code"]), "")
    return found
