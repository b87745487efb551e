"""The dashboard's reports for an office and the offices under it: client and loan trends by
day, week and month, today's demand against collection, disbursed against awaiting."""

import datetime
import math
from decimal import Decimal

import pytest
from tests.reports.conftest import rows, run

from mteja.portfolio.services import commands, loans
from mteja.reports.dashboard import week_number

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def region(make_office):
    return make_office(name="Western")


@pytest.fixture
def branch(make_office, region):
    return make_office(name="Kakamega", parent=region)


@pytest.fixture
def clients_of(make_client):
    def make(office, *days):
        return [make_client(office=office, active=True, activation_date=day) for day in days]

    return make


def test_client_trends_count_activations_in_the_offices_subtree(
    api, clients_of, region, branch, make_office, today
):
    clients_of(branch, today - DAY, today - DAY, today - 3 * DAY)
    clients_of(region, today - 3 * DAY, today)  # today's bar is not drawn yet
    clients_of(make_office(name="Coast"), today - DAY)  # another subtree
    by_day = rows(api, "ClientTrendsByDay", R_officeId=region.pk)
    assert sorted((row["days"], row["count"]) for row in by_day) == [
        (str(today - 3 * DAY), 2),
        (str(today - DAY), 2),
    ]
    by_month = rows(api, "ClientTrendsByMonth", R_officeId=branch.pk)
    assert by_month == [{"count": 3, "Months": "June"}]
    by_week = rows(api, "ClientTrendsByWeek", R_officeId=region.pk)
    assert sum(row["count"] for row in by_week) == 5


def web_app_week(day: datetime.date, now: datetime.datetime) -> int:
    """The web-app's label of the bar of `day` (client-trends-bar.component.ts), at `now`."""
    new_year = datetime.datetime(now.year, 1, 1)
    moment = datetime.datetime.combine(day, now.time())
    days = (moment - new_year).total_seconds() / 86400
    return math.ceil((days + (new_year.weekday() + 1) % 7 + 1) / 7)


@pytest.mark.parametrize("year", [2023, 2024, 2026])
def test_weeks_are_numbered_as_the_web_app_labels_its_bars(year):
    now = datetime.datetime(year, 6, 14, 9, 30)
    first = datetime.date(year - 1, 12, 1)
    for offset in range(220):
        day = first + datetime.timedelta(days=offset)
        assert week_number(day, now.date()) == web_app_week(day, now), day


def test_loan_trends_count_disbursements(api, active_client, disbursed_loan, today):
    disbursed_loan(active_client, day=today - 2 * DAY)
    disbursed_loan(active_client, day=today - 2 * DAY)
    disbursed_loan(active_client, day=datetime.date(2024, 5, 31))
    assert rows(api, "LoanTrendsByDay", R_officeId=1) == [
        {"lcount": 2, "days": str(today - 2 * DAY)}
    ]
    assert rows(api, "LoanTrendsByMonth", R_officeId=1) == [
        {"lcount": 1, "Months": "May"},
        {"lcount": 2, "Months": "June"},
    ]


def test_demand_and_collection_of_the_periods_due_today(api, active_client, disbursed_loan):
    # Monthly periods from 14 May fall due on 14 June, today.
    loan = disbursed_loan(active_client, principal=Decimal("1200"), day=datetime.date(2024, 5, 14))
    disbursed_loan(active_client, principal=Decimal("5000"), day=datetime.date(2024, 5, 20))
    due = sum(p.principal + p.interest for p in loan.installments.filter(number=1))
    assert rows(api, "Demand Vs Collection", R_officeId=1) == [
        {"AmountDue": float(due), "AmountPaid": 0.0}
    ]
    loans.loan_repayment(
        actor=None, loan=loan, transaction_date=datetime.date(2024, 6, 14), amount=Decimal("50")
    )
    assert rows(api, "Demand Vs Collection", R_officeId=1) == [
        {"AmountDue": float(due), "AmountPaid": 50.0}
    ]


def test_disbursed_against_awaiting_disbursal(
    api, active_client, disbursed_loan, loan_product, today
):
    disbursed_loan(active_client, principal=Decimal("8000"))
    approved = loans.loan_create(
        actor=None,
        client=active_client,
        product=loan_product,
        principal=Decimal("2500"),
        submitted_on=today,
        expected_disbursement_date=today,
    )
    commands.run(commands.LOAN_COMMANDS["approve"], actor=None, account=approved, day=today)
    assert rows(api, "Disbursal Vs Awaitingdisbursal", R_officeId=1) == [
        {"amountToBeDisburse": 2500.0, "disbursedAmount": 8000.0}
    ]


def test_an_office_outside_the_users_is_not_found(api_as, make_user, region, branch):
    user = make_user(("ALL_FUNCTIONS",), office=branch)
    response = run(api_as(user), "LoanTrendsByDay", R_officeId=region.pk, genericResultSet="false")
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.office.id.invalid"
    )
    assert run(api_as(user), "LoanTrendsByDay", R_officeId=branch.pk).status_code == 200
