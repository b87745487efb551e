"""Reads of accounts, each scoped by the client's office, each in a fixed number of queries
whatever the number of accounts and transactions."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from mteja.core import clock
from mteja.core.errors import NotFound
from mteja.organisation.models import Staff
from mteja.portfolio import position, schedule
from mteja.portfolio.models import (
    ZERO,
    Installment,
    Loan,
    LoanStatus,
    LoanTransaction,
    LoanTransactionType,
    SavingsAccount,
    SavingsTransaction,
)


def _not_found(resource: str, pk) -> NotFound:
    return NotFound(
        f"error.msg.{resource}.id.invalid",
        _("The record with identifier %(id)s does not exist.") % {"id": pk},
        value=pk,
    )


def savings_product_not_found(pk) -> NotFound:
    return _not_found("savingsproduct", pk)


def loan_product_not_found(pk) -> NotFound:
    return _not_found("loanproduct", pk)


def savings_not_found(pk) -> NotFound:
    return _not_found("savingsaccount", pk)


def loan_not_found(pk) -> NotFound:
    return _not_found("loan", pk)


def transaction_not_found(pk) -> NotFound:
    return _not_found("transaction", pk)


def savings_rows():
    return SavingsAccount.objects.select_related(
        "product", "client", "client__office", "field_officer"
    )


def loan_rows():
    return Loan.objects.select_related("product", "client", "client__office", "loan_officer")


def with_positions(loans) -> list[Loan]:
    """The loans with their schedule read (one query for all) and `position` set."""
    loans = list(loans)
    by_loan: dict[int, list] = {loan.pk: [] for loan in loans}
    for row in Installment.objects.filter(loan__in=list(by_loan)).order_by("loan", "number"):
        by_loan[row.loan_id].append(row)
    today = clock.today()
    for loan in loans:
        loan.position = position.position(
            by_loan[loan.pk],
            principal=loan.principal,
            paid=loan.principal_repaid + loan.interest_repaid,
            today=today,
            disbursed=loan.status in (LoanStatus.ACTIVE, LoanStatus.CLOSED),
        )
    return loans


def client_accounts(client) -> tuple[list[SavingsAccount], list[Loan]]:
    """A client's savings accounts and loans, newest first (three queries)."""
    savings = list(
        SavingsAccount.objects.filter(client=client).select_related("product").order_by("-id")
    )
    loans = with_positions(
        Loan.objects.filter(client=client).select_related("product").order_by("-id")
    )
    return savings, loans


def totals(savings: list[SavingsAccount], loans: list[Loan]) -> dict[str, dict[str, Decimal]]:
    """Per currency: total savings, total outstanding, total overdue (the page's overview)."""
    found: dict[str, dict[str, Decimal]] = {}
    for account in savings:
        row = found.setdefault(account.product.currency_code, _zero_totals())
        row["savings"] += account.balance
    for loan in loans:
        if loan.status in (LoanStatus.ACTIVE,):
            row = found.setdefault(loan.product.currency_code, _zero_totals())
            row["outstanding"] += loan.position.outstanding
            row["overdue"] += loan.position.overdue
    return found


def _zero_totals() -> dict[str, Decimal]:
    return {"savings": ZERO, "outstanding": ZERO, "overdue": ZERO}


def savings_transactions(account: SavingsAccount):
    return SavingsTransaction.objects.filter(account=account).select_related("reversed_by")


def loan_transactions(loan: Loan):
    return LoanTransaction.objects.filter(loan=loan).select_related("reversed_by")


def recent_savings_transactions(client, count: int) -> list[SavingsTransaction]:
    return list(
        SavingsTransaction.objects.filter(account__client=client)
        .select_related("account", "account__product")
        .order_by("-transaction_date", "-id")[:count]
    )


def recent_loan_transactions(client, count: int) -> list[LoanTransaction]:
    return list(
        LoanTransaction.objects.filter(loan__client=client)
        .select_related("loan", "loan__product")
        .order_by("-transaction_date", "-id")[:count]
    )


def savings_balance_check(account: SavingsAccount) -> bool:
    """The kept balance equals the sum of the account's transactions."""
    total = SavingsTransaction.objects.filter(account=account).aggregate(total=Sum("delta"))
    return (total["total"] or ZERO) == account.balance


def loan_balance_check(loan: Loan) -> bool:
    """The kept repaid sums equal the sums of the loan's repayments and their reversals (a
    disbursement's reversal takes back money paid out, not repaid)."""
    repaid = Q(type=LoanTransactionType.REPAYMENT) | Q(
        type=LoanTransactionType.REVERSAL, reverses__type=LoanTransactionType.REPAYMENT
    )
    sums = LoanTransaction.objects.filter(repaid, loan=loan).aggregate(
        principal=Sum("principal_portion"), interest=Sum("interest_portion")
    )
    return (sums["principal"] or ZERO, sums["interest"] or ZERO) == (
        loan.principal_repaid,
        loan.interest_repaid,
    )


def products(model):
    return model.objects.order_by("name", "id")


def officers_for(client) -> list:
    """Active loan officers of the client's office and the offices above it (Fineract's
    choice of officers for an account)."""
    staff = Staff.objects.filter(is_active=True, is_loan_officer=True).select_related("office")
    return [s for s in staff if client.office.hierarchy.startswith(s.office.hierarchy)]


def preview_position(loan: Loan, day) -> position.LoanPosition:
    """The position of an unsaved loan disbursed on `day`: its schedule, nothing paid."""
    return position.position(
        schedule.periods_of(loan, day),
        principal=loan.principal,
        paid=ZERO,
        today=day,
        disbursed=False,
    )
