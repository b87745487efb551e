"""The figures of the web-app's dashboard, for an office and the offices under it: how many
clients were activated and loans disbursed per day, week and month lately, what fell due today
against what was paid of it, and what is disbursed against what awaits disbursal.

Each report is one or two aggregate queries. Periods are named as the web-app names its chart's
bars, so that each bar finds its figure: a day as `yyyy-MM-dd`, a month by its English name, a
week by its number counted from the week of 1 January of the current year, weeks starting on
Sunday (the web-app's own arithmetic; Fineract's MySQL WEEK() differs from it by one in most
years, and its bars come out empty then).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable

from django.db.models import Count, Q, Sum

from mteja.clients.models import Client
from mteja.core import clock
from mteja.core.querysets import office_scope_q
from mteja.portfolio.models import ZERO, Installment, Loan, LoanStatus
from mteja.portfolio.selectors import with_positions

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
BARS = 12  # the web-app draws the last twelve days, weeks or months


def clients_in(user, office):
    """The clients of `office` and the offices under it that `user` may see (not those
    only awaiting a transfer into them): none outside the user's offices. (The office's
    subtree alone, not `restrict`'s "in or arriving in" as well, which the planner would
    read by scanning the table.)"""
    own = getattr(user, "office", None)
    if own is None or not office.hierarchy.startswith(own.hierarchy):
        return Client.objects.none()
    if office.hierarchy == ".":
        return Client.objects.all()
    return Client.objects.filter(office_scope_q(("office",), office))


def _loans(user, office):
    return Loan.objects.restrict(user).filter(office_scope_q(("client__office",), office))


def week_number(day: datetime.date, today: datetime.date) -> int:
    """The web-app's week of `day`, counted from 1 January of `today`'s year."""
    new_year = datetime.date(today.year, 1, 1)
    sunday_based = (new_year.weekday() + 1) % 7
    return ((day - new_year).days + sunday_based + 1) // 7 + 1


def _first_day(timescale: str, today: datetime.date) -> datetime.date:
    if timescale == "days":
        return today - datetime.timedelta(days=BARS)
    if timescale == "Weeks":
        return today - datetime.timedelta(weeks=BARS, days=6)
    return _month_start(today, BARS - 1)


def _period(timescale: str, day: datetime.date, today: datetime.date):
    if timescale == "days":
        return day.isoformat()
    if timescale == "Weeks":
        return week_number(day, today)
    return MONTHS[day.month - 1]


def counts_per_day(
    rows, date_field: str, first: datetime.date, last: datetime.date
) -> list[tuple[datetime.date, int]]:
    """(day, rows) for each day from `first` to `last` with rows dated by `date_field`, in
    order: one GROUP BY, a row per day at most, whatever the number of rows."""
    per_day = (
        rows.filter(**{f"{date_field}__range": (first, last)})
        .values(date_field)
        .annotate(n=Count("id"))
        .order_by(date_field)
    )
    return [(row[date_field], row["n"]) for row in per_day]


def counts_per_month(rows, date_field: str, months: int) -> list[tuple[datetime.date, int]]:
    """(first day of the month, rows) for each of the last `months` months, this one last,
    empty months included."""
    today = clock.today()
    starts = [_month_start(today, back) for back in range(months - 1, -1, -1)]
    counts: Counter = Counter()
    for day, n in counts_per_day(rows, date_field, starts[0], today):
        counts[day.replace(day=1)] += n
    return [(start, counts[start]) for start in starts]


def _month_start(today: datetime.date, months_back: int) -> datetime.date:
    month = today.month - months_back
    return datetime.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _trend(rows, date_field: str, count_name: str, timescale: str) -> list[dict]:
    """Rows counted by the period of their `date_field` since the first bar's period."""
    today = clock.today()
    last = today - datetime.timedelta(days=1) if timescale == "days" else today
    counts: Counter = Counter()
    for day, n in counts_per_day(rows, date_field, _first_day(timescale, today), last):
        counts[_period(timescale, day, today)] += n
    return [{count_name: n, timescale: period} for period, n in counts.items()]


def client_trend(timescale: str) -> Callable:
    def figures(subject) -> list[dict]:
        user, office = subject
        return _trend(clients_in(user, office), "activation_date", "count", timescale)

    return figures


def loan_trend(timescale: str) -> Callable:
    def figures(subject) -> list[dict]:
        user, office = subject
        return _trend(_loans(user, office), "disbursed_on", "lcount", timescale)

    return figures


def demand_vs_collection(subject) -> list[dict]:
    """Today's demand: what the periods falling due today ask, and what has been paid of it
    (repayments settle the oldest periods first, so a period's share follows from the loan's
    total repaid: portfolio.position)."""
    user, office = subject
    today = clock.today()
    due_today = Installment.objects.filter(due_date=today).values("loan_id")
    loans = with_positions(_loans(user, office).filter(status=LoanStatus.ACTIVE, pk__in=due_today))
    due = paid = ZERO
    for loan in loans:
        for period in loan.position.periods:
            if period.due_date == today:
                due += period.total
                paid += period.paid
    return [{"AmountDue": due, "AmountPaid": paid}]


def disbursal_vs_awaiting(subject) -> list[dict]:
    """The principal approved and awaiting disbursal, beside the principal disbursed on loans
    still active."""
    user, office = subject
    sums = _loans(user, office).aggregate(
        awaiting=Sum("principal", filter=Q(status=LoanStatus.APPROVED)),
        disbursed=Sum("principal", filter=Q(status=LoanStatus.ACTIVE)),
    )
    return [
        {
            "amountToBeDisburse": sums["awaiting"] or ZERO,
            "disbursedAmount": sums["disbursed"] or ZERO,
        }
    ]
