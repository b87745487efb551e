"""Portfolio fixtures: products, an active client and its accounts, all made through the
services, with "today" frozen."""

import datetime
from decimal import Decimal

import pytest

from mteja.core import clock
from mteja.portfolio.models import LoanProduct, SavingsProduct, SavingsTransactionType
from mteja.portfolio.services import commands, loans, products, savings

TODAY = datetime.date(2024, 6, 14)
OPENED = datetime.date(2024, 1, 15)
BASE = "/fineract-provider/api/v1"


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_today(TODAY):
        yield TODAY


def codes_of(response) -> list[str]:
    return [e["userMessageGlobalisationCode"] for e in response.json()["errors"]]


@pytest.fixture
def savings_product(db):
    return products.product_create(
        actor=None,
        model=SavingsProduct,
        name="Passbook savings",
        short_name="PBS",
        currency_code="KES",
        nominal_annual_interest_rate=Decimal("5"),
        min_required_balance=Decimal("100"),
    )


@pytest.fixture
def loan_product(db):
    return products.product_create(
        actor=None,
        model=LoanProduct,
        name="Business loan",
        short_name="BL",
        currency_code="KES",
        interest_rate_per_period=Decimal("2"),
        interest_type=0,
        amortization_type=1,
        repayment_every=1,
        repayment_frequency_type=2,
        number_of_repayments=12,
    )


@pytest.fixture
def active_client(make_client):
    return make_client(active=True, activation_date=datetime.date(2024, 1, 2))


@pytest.fixture
def open_savings(savings_product):
    """An active savings account of `client` holding `deposit`."""

    def make(client, deposit=Decimal("1000")):
        account = savings.savings_account_create(
            actor=None, client=client, product=savings_product, submitted_on=OPENED
        )
        for name in ("approve", "activate"):
            commands.run(commands.SAVINGS_COMMANDS[name], actor=None, account=account, day=OPENED)
        if deposit:
            savings.savings_transaction(
                actor=None,
                account=account,
                kind=SavingsTransactionType.DEPOSIT,
                transaction_date=OPENED,
                amount=deposit,
            )
        account.refresh_from_db()
        return account

    return make


@pytest.fixture
def disbursed_loan(loan_product):
    """An active loan of `client`, disbursed on `day`."""

    def make(client, principal=Decimal("10000"), day=datetime.date(2024, 1, 20), **terms):
        loan = loans.loan_create(
            actor=None,
            client=client,
            product=loan_product,
            principal=principal,
            submitted_on=day,
            expected_disbursement_date=day,
            **terms,
        )
        commands.run(commands.LOAN_COMMANDS["approve"], actor=None, account=loan, day=day)
        commands.run(commands.LOAN_COMMANDS["disburse"], actor=None, account=loan, day=day)
        loan.refresh_from_db()
        return loan

    return make
