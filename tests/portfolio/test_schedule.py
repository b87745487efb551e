"""Repayment schedules against figures worked out by hand."""

import datetime
from decimal import Decimal

from mteja.portfolio.models import AmortizationType, Frequency, InterestType
from mteja.portfolio.schedule import add_months, repayment_schedule

D = Decimal
START = datetime.date(2024, 1, 31)


def _schedule(
    interest_type,
    amortization,
    principal="10000",
    rate="2",
    count=12,
    digits=2,
    frequency=Frequency.MONTHS,
    every=1,
):
    return repayment_schedule(
        principal=D(principal),
        rate_per_period=D(rate),
        number_of_repayments=count,
        interest_type=interest_type,
        amortization_type=amortization,
        start=START,
        repayment_every=every,
        frequency=frequency,
        digits=digits,
    )


def test_flat_interest_is_charged_on_the_whole_principal_every_period():
    # 10 000 at 2 % a month flat for 12 months: 200 interest a month, 2 400 in all;
    # 833.33 principal a month, the last one 833.37 so that the total is exactly 10 000.
    periods = _schedule(InterestType.FLAT, AmortizationType.EQUAL_INSTALLMENTS)
    assert [p.interest for p in periods] == [D("200.00")] * 12
    assert [p.principal for p in periods] == [D("833.33")] * 11 + [D("833.37")]
    assert sum(p.principal for p in periods) == D("10000.00")
    assert sum(p.interest for p in periods) == D("2400.00")


def test_declining_balance_equal_installments_is_the_annuity():
    # Annuity: 10 000 × 0.02 / (1 − 1.02^−12) = 945.596 → 945.60 a month.
    # Month 1: interest 10 000 × 2 % = 200.00, principal 745.60, owed 9 254.40.
    # Month 2: interest 9 254.40 × 2 % = 185.09, principal 760.51, owed 8 493.89.
    periods = _schedule(InterestType.DECLINING_BALANCE, AmortizationType.EQUAL_INSTALLMENTS)
    assert (periods[0].interest, periods[0].principal) == (D("200.00"), D("745.60"))
    assert (periods[1].interest, periods[1].principal) == (D("185.09"), D("760.51"))
    assert all(p.total == D("945.60") for p in periods[:-1])
    assert sum(p.principal for p in periods) == D("10000.00")
    # The last period pays what is left, a few cents off the annuity from rounding.
    assert abs(periods[-1].total - D("945.60")) < D("0.10")


def test_declining_balance_equal_principal():
    # 1 200 over 3 months at 10 %: principal 400 each; interest 120, 80, 40.
    periods = _schedule(
        InterestType.DECLINING_BALANCE,
        AmortizationType.EQUAL_PRINCIPAL,
        principal="1200",
        rate="10",
        count=3,
    )
    assert [p.principal for p in periods] == [D("400.00")] * 3
    assert [p.interest for p in periods] == [D("120.00"), D("80.00"), D("40.00")]


def test_a_currency_without_decimals_rounds_to_whole_units():
    periods = _schedule(
        InterestType.FLAT,
        AmortizationType.EQUAL_INSTALLMENTS,
        principal="100000",
        rate="3",
        count=3,
        digits=0,
    )
    assert [p.principal for p in periods] == [D("33333"), D("33333"), D("33334")]
    assert [p.interest for p in periods] == [D("3000")] * 3


def test_due_dates_follow_the_frequency_and_end_of_month():
    monthly = _schedule(InterestType.FLAT, AmortizationType.EQUAL_INSTALLMENTS, count=3)
    assert [p.due_date for p in monthly] == [
        datetime.date(2024, 2, 29),
        datetime.date(2024, 3, 31),
        datetime.date(2024, 4, 30),
    ]
    assert monthly[1].from_date == monthly[0].due_date
    weekly = _schedule(
        InterestType.FLAT,
        AmortizationType.EQUAL_INSTALLMENTS,
        count=2,
        frequency=Frequency.WEEKS,
        every=2,
    )
    assert [p.due_date for p in weekly] == [datetime.date(2024, 2, 14), datetime.date(2024, 2, 28)]
    assert add_months(datetime.date(2024, 12, 31), 2) == datetime.date(2025, 2, 28)


def test_zero_interest_splits_the_principal():
    periods = _schedule(
        InterestType.DECLINING_BALANCE,
        AmortizationType.EQUAL_INSTALLMENTS,
        principal="100",
        rate="0",
        count=3,
    )
    assert [p.principal for p in periods] == [D("33.33"), D("33.33"), D("33.34")]
    assert all(p.interest == 0 for p in periods)
