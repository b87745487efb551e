"""The Accounts tab of the client's page and the account pages: open, approve, activate,
deposit, withdraw (refused below the minimum), repay; another branch's are 404s."""

import datetime
from decimal import Decimal

import pytest

from mteja.portfolio.models import SavingsAccount, SavingsStatus

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(browse_as, admin_user):
    return browse_as(admin_user)


def test_open_an_account_deposit_and_see_it_on_the_client_page(
    browser, active_client, savings_product
):
    base = f"/clients/{active_client.pk}"
    response = browser.post(
        f"{base}/savings/new/", {"product": savings_product.pk, "submitted_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    account = SavingsAccount.objects.get(client=active_client)
    page = f"{base}/savings/{account.pk}/"
    for command in ("approve", "activate"):
        assert browser.post(f"{page}{command}/", {"day": TODAY.isoformat()}).status_code == 302
    done = browser.post(f"{page}deposit/", {"day": TODAY.isoformat(), "amount": "750"}, follow=True)
    receipt = done.content.decode()
    assert "Receipt" in receipt and "750.00 KES" in receipt and "Deposit" in receipt
    refused = browser.post(f"{page}withdrawal/", {"day": TODAY.isoformat(), "amount": "700"})
    assert refused.status_code == 200
    assert "minimum balance" in refused.content.decode()
    account.refresh_from_db()
    assert (account.status, account.balance) == (SavingsStatus.ACTIVE, Decimal("750"))
    tab = browser.get(f"{base}/accounts/").content.decode()
    assert account.account_no in tab and "750.00" in tab and "Deposit" in tab


def test_a_loan_page_shows_its_schedule_and_takes_a_repayment(
    browser, active_client, disbursed_loan, django_assert_max_num_queries
):
    loan = disbursed_loan(active_client, principal=Decimal("1200"), number_of_repayments=3)
    page = f"/clients/{active_client.pk}/loans/{loan.pk}/"
    body = browser.get(page).content.decode()
    assert "Repayment schedule" in body and body.count("<tr>") >= 5
    response = browser.post(
        f"{page}repayment/", {"day": "2024-02-20", "amount": "100"}, follow=True
    )
    assert "Repayment of 100.00 recorded" in response.content.decode()
    for url in (f"/clients/{active_client.pk}/accounts/", f"/clients/{active_client.pk}/"):
        browser.get(url)
        with django_assert_max_num_queries(60) as first:
            assert browser.get(url).status_code == 200
        count = len(first)
        disbursed_loan(active_client)
        with django_assert_max_num_queries(count):
            page = browser.get(url).content.decode()
        assert "Outstanding loans (KES)" in page


def test_another_branchs_accounts_are_not_found(
    browse_as, make_user, make_office, make_client, open_savings
):
    mine, theirs = make_office(), make_office()
    manager = browse_as(make_user(("ALL_FUNCTIONS",), office=mine))
    client = make_client(office=theirs, active=True, activation_date=datetime.date(2024, 1, 2))
    account = open_savings(client)
    assert manager.get(f"/clients/{client.pk}/accounts/").status_code == 404
    assert manager.get(f"/clients/{client.pk}/savings/{account.pk}/").status_code == 404
    deposit = manager.post(
        f"/clients/{client.pk}/savings/{account.pk}/deposit/",
        {"day": TODAY.isoformat(), "amount": "5"},
    )
    assert deposit.status_code == 404
    account.refresh_from_db()
    assert account.balance == Decimal("1000")


def test_apply_for_a_loan_approve_and_disburse_it(browser, active_client, loan_product):
    base = f"/clients/{active_client.pk}"
    assert "Apply for a loan" in browser.get(f"{base}/accounts/").content.decode()
    refused = browser.post(
        f"{base}/loans/new/",
        {
            "product": loan_product.pk,
            "principal": "1.001",
            "submitted_on": "2024-02-01",
            "expected_disbursement_date": "2024-02-01",
        },
    )
    assert refused.status_code == 200 and "decimal places" in refused.content.decode()
    response = browser.post(
        f"{base}/loans/new/",
        {
            "product": loan_product.pk,
            "principal": "5000",
            "number_of_repayments": "4",
            "submitted_on": "2024-02-01",
            "expected_disbursement_date": "2024-02-05",
        },
    )
    assert response.status_code == 302
    from mteja.portfolio.models import Loan, LoanStatus

    loan = Loan.objects.get(client=active_client)
    assert loan.number_of_repayments == 4
    page = f"{base}/loans/{loan.pk}/"
    assert browser.post(f"{page}approve/", {"day": "2024-02-02"}).status_code == 302
    assert browser.post(f"{page}disburse/", {"day": "2024-02-05"}).status_code == 302
    loan.refresh_from_db()
    assert (loan.status, loan.installments.count()) == (LoanStatus.ACTIVE, 4)


def test_one_history_across_accounts_filtered_and_paged(
    browser, active_client, open_savings, disbursed_loan, django_assert_max_num_queries
):
    account = open_savings(active_client)
    loan = disbursed_loan(active_client)
    url = f"/clients/{active_client.pk}/transactions/"
    body = browser.get(url).content.decode()
    savings_link, loan_link = f"/savings/{account.pk}/", f"/loans/{loan.pk}/"
    assert savings_link in body and loan_link in body
    assert "Deposit" in body and "Disbursement" in body
    only_loans = browser.get(url, {"type": "disbursement"}).content.decode()
    assert loan_link in only_loans and savings_link not in only_loans
    by_account = browser.get(url, {"account": f"savings-{account.pk}"}).content.decode()
    assert "Disbursement" not in by_account.split("<tbody>")[1]
    none = browser.get(url, {"start": "2024-06-01"}).content.decode()
    assert "No transactions match." in none
    with django_assert_max_num_queries(40) as first:
        browser.get(url)
    count = len(first)
    for _ in range(3):
        open_savings(active_client)
        disbursed_loan(active_client)
    with django_assert_max_num_queries(count):
        browser.get(url)


def test_an_administrator_creates_and_edits_products(browser):
    from mteja.portfolio.models import LoanProduct, SavingsProduct

    assert "No products yet." in browser.get("/settings/savings-products/").content.decode()
    response = browser.post(
        "/settings/savings-products/new/",
        {
            "name": "Chama savings",
            "short_name": "CHS",
            "currency_code": "KES",
            "nominal_annual_interest_rate": "3",
            "min_required_balance": "500",
        },
    )
    assert response.status_code == 302, response.content.decode()
    product = SavingsProduct.objects.get(short_name="CHS")
    edit = browser.post(
        f"/settings/savings-products/{product.pk}/edit/",
        {
            "name": "Chama",
            "short_name": "CHS",
            "currency_code": "KES",
            "nominal_annual_interest_rate": "3",
            "min_required_balance": "600",
        },
    )
    assert edit.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.min_required_balance) == ("Chama", Decimal("600"))
    clash = browser.post(
        "/settings/loan-products/new/",
        {
            "name": "Chama loan",
            "short_name": "CHL",
            "currency_code": "KES",
            "interest_rate_per_period": "2",
            "interest_type": "1",
            "amortization_type": "1",
            "repayment_every": "1",
            "repayment_frequency_type": "2",
            "number_of_repayments": "0",
        },
    )
    assert clash.status_code == 200 and not LoanProduct.objects.exists()
    listing = browser.get("/settings/savings-products/").content.decode()
    assert "Chama" in listing and "600.00" in listing
