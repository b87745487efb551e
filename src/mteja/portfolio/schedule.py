"""A loan's repayment schedule: pure arithmetic on Decimals, no database.

Flat interest charges the rate on the whole principal every period; declining-balance
interest charges it on what is still owed. With equal installments (declining balance) each
payment is the annuity P·r / (1 − (1 + r)^−n) rounded to the currency; with equal principal
payments (or flat interest) the principal is P / n. Every amount is rounded to the currency's
digits and the last period takes what rounding left, so the periods always sum to the
principal (and, flat, to the total interest) exactly.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from mteja.portfolio.models.loans import AmortizationType, Frequency, InterestType
from mteja.portfolio.models.money import ZERO, rounded


@dataclass(frozen=True)
class Period:
    number: int
    from_date: datetime.date
    due_date: datetime.date
    principal: Decimal
    interest: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, on the last day of a shorter month (31 Jan + 1 = 29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def due_date(start: datetime.date, number: int, every: int, frequency: int) -> datetime.date:
    steps = number * every
    if frequency == Frequency.MONTHS:
        return add_months(start, steps)
    days = steps * (7 if frequency == Frequency.WEEKS else 1)
    return start + datetime.timedelta(days=days)


def _principals(principal: Decimal, count: int, digits: int) -> list[Decimal]:
    part = rounded(principal / count, digits)
    return [part] * (count - 1) + [principal - part * (count - 1)]


def _flat(principal: Decimal, rate: Decimal, count: int, digits: int):
    total_interest = rounded(principal * rate * count, digits)
    interests = _principals(total_interest, count, digits)
    return list(zip(_principals(principal, count, digits), interests, strict=True))


def _declining(principal: Decimal, rate: Decimal, count: int, digits: int, equal_installments):
    if equal_installments and rate > ZERO:
        payment = rounded(principal * rate / (1 - (1 + rate) ** -count), digits)
    else:
        payment = None
    equal_part = rounded(principal / count, digits)
    balance, rows = principal, []
    for number in range(1, count + 1):
        interest = rounded(balance * rate, digits)
        if number == count:
            part = balance
        elif payment is not None:
            part = min(payment - interest, balance)
        else:
            part = min(equal_part, balance)
        rows.append((part, interest))
        balance -= part
    return rows


def repayment_schedule(
    *,
    principal: Decimal,
    rate_per_period: Decimal,
    number_of_repayments: int,
    interest_type: int,
    amortization_type: int,
    start: datetime.date,
    repayment_every: int,
    frequency: int,
    digits: int,
) -> list[Period]:
    """The periods of a loan of `principal` disbursed on `start`; `rate_per_period` in
    percent."""
    principal = rounded(principal, digits)
    rate = Decimal(rate_per_period) / 100
    count = number_of_repayments
    if interest_type == InterestType.FLAT:
        amounts = _flat(principal, rate, count, digits)
    else:
        equal = amortization_type == AmortizationType.EQUAL_INSTALLMENTS
        amounts = _declining(principal, rate, count, digits, equal)
    periods, previous = [], start
    for number, (part, interest) in enumerate(amounts, start=1):
        due = due_date(start, number, repayment_every, frequency)
        periods.append(Period(number, previous, due, part, interest))
        previous = due
    return periods


def periods_of(loan, start: datetime.date) -> list[Period]:
    """The periods of `loan` (saved or not) disbursed on `start`."""
    return repayment_schedule(
        principal=loan.principal,
        rate_per_period=loan.interest_rate_per_period,
        number_of_repayments=loan.number_of_repayments,
        interest_type=loan.interest_type,
        amortization_type=loan.amortization_type,
        start=start,
        repayment_every=loan.repayment_every,
        frequency=loan.repayment_frequency_type,
        digits=loan.digits,
    )
