"""A client's accounts in real Chromium: open a savings account from the client's page,
approve it, undo the approval, approve and activate it, deposit (its receipt shown once
recorded), see the balance and the transaction on the client's Accounts tab; a withdrawal
below the minimum balance is refused beside its field."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from mteja.portfolio.models import SavingsProduct
from mteja.portfolio.services import products

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def teller(make_user, make_office, make_client):
    branch = make_office(name="Kisumu Branch")
    products.product_create(
        actor=None,
        model=SavingsProduct,
        name="Passbook savings",
        short_name="PBS",
        currency_code="KES",
        min_required_balance=Decimal("100"),
    )
    client = make_client(
        branch, active=True, activation_date=datetime.date.today() - datetime.timedelta(days=30)
    )
    return {
        "user": make_user(("ALL_FUNCTIONS",), office=branch, username="teller"),
        "client": client,
    }


def test_open_deposit_and_see_the_balance_on_the_client_page(page, teller, log_in, screenshot):
    client = teller["client"]
    log_in(page, "teller")
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Accounts", exact=True).click()
    expect(page.get_by_text("No savings accounts.")).to_be_visible()

    page.get_by_role("link", name="Open a savings account").click()
    page.get_by_label("Savings product").select_option(label="Passbook savings")
    page.get_by_role("button", name="Open a savings account").click()
    expect(page.get_by_text("Savings account opened.")).to_be_visible()

    page.get_by_role("link", name="Approve", exact=True).click()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_role("link", name="Undo approval", exact=True).click()
    page.get_by_role("button", name="Undo approval", exact=True).click()
    expect(page.get_by_text("Approval undone")).to_be_visible()
    expect(page.get_by_role("link", name="Reject", exact=True)).to_be_visible()

    for step in ("Approve", "Activate"):
        page.get_by_role("link", name=step, exact=True).click()
        page.get_by_role("button", name=step, exact=True).click()

    page.get_by_role("link", name="Deposit", exact=True).click()
    page.get_by_label("Amount").fill("1500")
    page.get_by_role("button", name="Deposit", exact=True).click()
    expect(page.get_by_text("Deposit of 1,500.00 recorded")).to_be_visible()
    expect(page.locator("[data-amount]")).to_contain_text("1,500.00 KES")
    page.get_by_role("link", name="Back to the account").click()

    page.get_by_role("link", name="Withdraw", exact=True).click()
    page.get_by_label("Amount").fill("1450")
    page.get_by_role("button", name="Withdrawal", exact=True).click()
    expect(page.locator("#id_amount_error")).to_contain_text(
        "less than the account's minimum balance"
    )

    page.goto(f"/clients/{client.pk}/accounts/")
    balances = page.locator("[data-balance]")
    expect(balances).to_have_count(1)
    expect(balances.first).to_contain_text("1,500.00")
    expect(page.get_by_role("cell", name="Deposit")).to_be_visible()
    screenshot(page, "client-accounts")
    assert not page.problems, page.problems
