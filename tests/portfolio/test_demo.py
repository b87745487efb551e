"""The demo's accounts: savings for most active clients, some loans, made by the services."""

import datetime
import random

import pytest

from mteja.demo.accounts import load_accounts
from mteja.portfolio import selectors
from mteja.portfolio.models import Loan, SavingsAccount

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_consistent(make_client):
    for _ in range(12):
        make_client(active=True, activation_date=datetime.date(2023, 6, 1))
    make_client()  # pending: no accounts
    opened = load_accounts(random.Random(7))
    assert opened == SavingsAccount.objects.count() + Loan.objects.count() > 0
    assert SavingsAccount.objects.count() >= 6
    assert all(selectors.savings_balance_check(a) for a in SavingsAccount.objects.all())
    assert all(selectors.loan_balance_check(loan) for loan in Loan.objects.all())
