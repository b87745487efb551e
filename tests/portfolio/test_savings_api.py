"""Savings over the API: products, the account's lifecycle, deposits and withdrawals with the
minimum-balance rule, transactions, scoping."""

from decimal import Decimal

import pytest

from mteja.core.models import AuditEvent
from mteja.portfolio import selectors
from mteja.portfolio.models import SavingsAccount, SavingsTransaction

from .conftest import BASE, OPENED, codes_of

pytestmark = pytest.mark.django_db


def _open(api, client_id, product_id):
    response = api.post(
        f"{BASE}/savingsaccounts",
        {"clientId": client_id, "productId": product_id, "submittedOnDate": OPENED.isoformat()},
        "json",
    )
    assert response.status_code == 200, response.json()
    account_id = response.json()["savingsId"]
    for command, param in (("approve", "approvedOnDate"), ("activate", "activatedOnDate")):
        response = api.post(
            f"{BASE}/savingsaccounts/{account_id}?command={command}",
            {param: "15 January 2024", "dateFormat": "dd MMMM yyyy", "locale": "en"},
            "json",
        )
        assert response.status_code == 200, response.json()
    return account_id


def _move(api, account_id, command, amount, day="2024-02-01"):
    return api.post(
        f"{BASE}/savingsaccounts/{account_id}/transactions?command={command}",
        {"transactionDate": day, "transactionAmount": amount},
        "json",
    )


def test_a_product_is_created_and_read(api):
    response = api.post(
        f"{BASE}/savingsproducts",
        {
            "name": "Youth",
            "shortName": "YS",
            "currencyCode": "KES",
            "digitsAfterDecimal": 2,
            "inMultiplesOf": 1,
            "nominalAnnualInterestRate": 3.5,
            "minRequiredBalance": "50",
        },
        "json",
    )
    assert response.status_code == 200, response.json()
    product = api.get(f"{BASE}/savingsproducts/{response.json()['resourceId']}").json()
    assert product["shortName"] == "YS"
    assert product["currency"]["code"] == "KES" and product["currency"]["decimalPlaces"] == 2
    assert Decimal(str(product["minRequiredBalance"])) == Decimal("50")
    again = api.post(
        f"{BASE}/savingsproducts",
        {"name": "Youth", "shortName": "Y2", "currencyCode": "KES"},
        "json",
    )
    assert again.status_code == 403
    assert codes_of(again) == ["error.msg.savingsproduct.duplicate.name"]


def test_deposit_withdraw_and_the_running_balance(api, active_client, savings_product):
    account_id = _open(api, active_client.pk, savings_product.pk)
    assert _move(api, account_id, "deposit", "1500").status_code == 200
    withdrawal = _move(api, account_id, "withdrawal", 400.5)
    assert withdrawal.status_code == 200, withdrawal.json()
    body = api.get(f"{BASE}/savingsaccounts/{account_id}?associations=transactions").json()
    assert body["status"]["active"] is True and body["status"]["code"] == (
        "savingsAccountStatusType.active"
    )
    assert Decimal(str(body["summary"]["accountBalance"])) == Decimal("1099.50")
    assert [t["transactionType"]["value"] for t in body["transactions"]] == [
        "Withdrawal",
        "Deposit",
    ]
    assert Decimal(str(body["transactions"][0]["runningBalance"])) == Decimal("1099.50")
    tx_id = withdrawal.json()["resourceId"]
    one = api.get(f"{BASE}/savingsaccounts/{account_id}/transactions/{tx_id}").json()
    assert one["date"] == [2024, 2, 1] and one["transactionType"]["withdrawal"] is True
    account = SavingsAccount.objects.get(pk=account_id)
    assert selectors.savings_balance_check(account)
    assert (
        AuditEvent.objects.filter(
            entity_name="SAVINGSACCOUNT", resource_id=account_id, action_name="WITHDRAWAL"
        ).count()
        == 1
    )


def test_no_withdrawal_below_the_minimum_balance(api, active_client, savings_product):
    account_id = _open(api, active_client.pk, savings_product.pk)
    _move(api, account_id, "deposit", "1000")
    refused = _move(api, account_id, "withdrawal", "900.01")  # would leave 99.99 < 100
    assert refused.status_code == 403
    assert codes_of(refused) == [
        "error.msg.savingsaccount.transaction.insufficient.account.balance"
    ]
    assert SavingsTransaction.objects.filter(account_id=account_id).count() == 1
    assert _move(api, account_id, "withdrawal", "900").status_code == 200  # leaves exactly 100


def test_amounts_and_dates_are_checked(api, active_client, savings_product):
    account_id = _open(api, active_client.pk, savings_product.pk)
    assert codes_of(_move(api, account_id, "deposit", "10.001"))[0].endswith(
        "invalid.decimal.places"
    )
    assert _move(api, account_id, "deposit", "0").status_code == 400
    assert _move(api, account_id, "deposit", "-5").status_code == 400
    assert _move(api, account_id, "deposit", "abc").status_code == 400
    future = _move(api, account_id, "deposit", "10", day="2024-07-01")
    assert future.status_code == 400
    early = _move(api, account_id, "deposit", "10", day="2024-01-01")
    assert early.status_code == 403
    unknown = _move(api, account_id, "transfer", "10")
    assert codes_of(unknown) == ["error.msg.query.parameter.value.unsupported"]
    assert SavingsTransaction.objects.filter(account_id=account_id).count() == 0


def test_only_an_active_account_takes_deposits_and_commands_follow_the_states(
    api, active_client, savings_product
):
    response = api.post(
        f"{BASE}/savingsaccounts",
        {
            "clientId": active_client.pk,
            "productId": savings_product.pk,
            "submittedOnDate": "2024-02-01",
        },
        "json",
    )
    account_id = response.json()["resourceId"]
    assert _move(api, account_id, "deposit", "10").status_code == 403
    activate = api.post(
        f"{BASE}/savingsaccounts/{account_id}?command=activate",
        {"activatedOnDate": "2024-02-02"},
        "json",
    )
    assert codes_of(activate) == ["error.msg.savingsaccount.activate.not.in.approved.state"]
    early = api.post(
        f"{BASE}/savingsaccounts/{account_id}?command=approve",
        {"approvedOnDate": "2024-01-20"},
        "json",
    )
    assert early.status_code == 403


def test_closing_needs_a_zero_balance_or_withdraws_it(api, active_client, savings_product):
    account_id = _open(api, active_client.pk, savings_product.pk)
    _move(api, account_id, "deposit", "300")
    url = f"{BASE}/savingsaccounts/{account_id}?command=close"
    refused = api.post(url, {"closedOnDate": "2024-03-01"}, "json")
    assert codes_of(refused) == ["error.msg.savingsaccount.close.results.in.balance.not.zero"]
    closed = api.post(url, {"closedOnDate": "2024-03-01", "withdrawBalance": True}, "json")
    assert closed.status_code == 200, closed.json()
    body = api.get(f"{BASE}/savingsaccounts/{account_id}").json()
    assert body["status"]["closed"] is True and body["accountBalance"] == 0


def test_a_reversal_is_a_new_row(api, active_client, savings_product):
    account_id = _open(api, active_client.pk, savings_product.pk)
    deposit = _move(api, account_id, "deposit", "500").json()["resourceId"]
    url = f"{BASE}/savingsaccounts/{account_id}/transactions/{deposit}?command=undo"
    assert api.post(url, {}, "json").status_code == 200
    rows = list(SavingsTransaction.objects.filter(account_id=account_id).order_by("id"))
    assert [(r.type, r.delta) for r in rows] == [(1, Decimal("500")), (3, Decimal("-500"))]
    assert api.get(f"{BASE}/savingsaccounts/{account_id}/transactions/{deposit}").json()["reversed"]
    assert api.post(url, {}, "json").status_code == 403  # not twice
    assert SavingsAccount.objects.get(pk=account_id).balance == 0


def test_only_an_active_client_opens_an_account(api, make_client, savings_product):
    pending = make_client()
    response = api.post(
        f"{BASE}/savingsaccounts",
        {"clientId": pending.pk, "productId": savings_product.pk, "submittedOnDate": "2024-02-01"},
        "json",
    )
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.client.not.active.exception"]


def test_another_branchs_account_does_not_exist(
    api_as, make_user, make_office, make_client, open_savings
):
    mine, theirs = make_office(), make_office()
    user = make_user(("ALL_FUNCTIONS",), office=mine)
    account = open_savings(make_client(office=theirs, active=True, activation_date=OPENED))
    api = api_as(user)
    assert api.get(f"{BASE}/savingsaccounts/{account.pk}").status_code == 404
    response = _move(api, account.pk, "withdrawal", "10")
    assert response.status_code == 404
    assert api.get(f"{BASE}/savingsaccounts").json()["totalFilteredRecords"] == 0
    assert api.get(f"{BASE}/clients/{account.client_id}/accounts").status_code == 404
    opened = api.post(
        f"{BASE}/savingsaccounts",
        {
            "clientId": account.client_id,
            "productId": account.product_id,
            "submittedOnDate": "2024-02-01",
        },
        "json",
    )
    assert opened.status_code == 404


def test_a_deposit_needs_its_permission(api_as, make_user, active_client, open_savings):
    account = open_savings(active_client)
    reader = api_as(make_user(("READ_SAVINGSACCOUNT",)))
    assert reader.get(f"{BASE}/savingsaccounts/{account.pk}").status_code == 200
    assert _move(reader, account.pk, "deposit", "10").status_code == 403
    depositor = api_as(make_user(("DEPOSIT_SAVINGSACCOUNT",)))
    assert _move(depositor, account.pk, "deposit", "10").status_code == 200
    assert _move(depositor, account.pk, "withdrawal", "10").status_code == 403


def test_the_transaction_template_and_all_associations(api, active_client, open_savings):
    account = open_savings(active_client)
    body = api.get(f"{BASE}/savingsaccounts/{account.pk}/transactions/template").json()
    assert body["accountId"] == account.pk and body["date"] == [2024, 6, 14]
    assert body["currency"]["code"] == "KES"
    detail = api.get(f"{BASE}/savingsaccounts/{account.pk}?associations=all").json()
    assert len(detail["transactions"]) == 1
