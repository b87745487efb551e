"""Where a loan stands: its schedule with what each period has been paid, what is outstanding,
what is overdue and for how long. Pure arithmetic on the installments and the sum repaid.

Repayments are allocated period by period, oldest first, interest then principal (Fineract's
default strategy without fees and penalties), so what each period has been paid follows from
the total repaid alone: the same figures whether one reads them now or replays every
repayment.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from mteja.portfolio.models import ZERO


@dataclass
class PeriodState:
    number: int
    from_date: datetime.date
    due_date: datetime.date
    principal: Decimal
    interest: Decimal
    principal_paid: Decimal = ZERO
    interest_paid: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest

    @property
    def paid(self) -> Decimal:
        return self.principal_paid + self.interest_paid

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.paid

    @property
    def complete(self) -> bool:
        return self.outstanding == ZERO


def allocate(installments: Iterable, paid: Decimal) -> list[PeriodState]:
    """The periods with `paid` spread over them: each period's interest, then its principal,
    oldest period first."""
    states, left = [], paid
    for row in installments:
        state = PeriodState(row.number, row.from_date, row.due_date, row.principal, row.interest)
        state.interest_paid = min(left, state.interest)
        left -= state.interest_paid
        state.principal_paid = min(left, state.principal)
        left -= state.principal_paid
        states.append(state)
    return states


def portions(installments: list, paid_before: Decimal, amount: Decimal) -> tuple[Decimal, Decimal]:
    """(principal, interest) of a repayment of `amount` made after `paid_before`."""
    before = allocate(installments, paid_before)
    after = allocate(installments, paid_before + amount)
    pairs = list(zip(after, before, strict=True))
    principal = sum((a.principal_paid - b.principal_paid for a, b in pairs), ZERO)
    interest = sum((a.interest_paid - b.interest_paid for a, b in pairs), ZERO)
    return principal, interest


@dataclass
class LoanPosition:
    periods: list[PeriodState] = field(default_factory=list)
    principal: Decimal = ZERO  # disbursed (or, before disbursement, proposed)
    interest: Decimal = ZERO  # charged over the schedule
    principal_paid: Decimal = ZERO
    interest_paid: Decimal = ZERO
    overdue: Decimal = ZERO
    principal_overdue: Decimal = ZERO
    interest_overdue: Decimal = ZERO
    overdue_since: datetime.date | None = None
    days_in_arrears: int = 0

    @property
    def principal_outstanding(self) -> Decimal:
        return self.principal - self.principal_paid

    @property
    def interest_outstanding(self) -> Decimal:
        return self.interest - self.interest_paid

    @property
    def outstanding(self) -> Decimal:
        return self.principal_outstanding + self.interest_outstanding

    @property
    def paid(self) -> Decimal:
        return self.principal_paid + self.interest_paid

    @property
    def expected(self) -> Decimal:
        return self.principal + self.interest

    @property
    def in_arrears(self) -> bool:
        return self.overdue > ZERO


def position(
    installments: list, *, principal: Decimal, paid: Decimal, today: datetime.date, disbursed: bool
) -> LoanPosition:
    """A loan's position on `today`: a period is overdue once its due date has passed unpaid."""
    periods = allocate(installments, paid)
    result = LoanPosition(periods=periods, principal=principal)
    result.interest = sum((p.interest for p in periods), ZERO)
    result.principal_paid = sum((p.principal_paid for p in periods), ZERO)
    result.interest_paid = sum((p.interest_paid for p in periods), ZERO)
    if not disbursed:
        return result
    late = [p for p in periods if p.due_date < today and not p.complete]
    if late:
        result.overdue = sum((p.outstanding for p in late), ZERO)
        result.principal_overdue = sum((p.principal - p.principal_paid for p in late), ZERO)
        result.interest_overdue = sum((p.interest - p.interest_paid for p in late), ZERO)
        result.overdue_since = late[0].due_date
        result.days_in_arrears = (today - late[0].due_date).days
    return result
