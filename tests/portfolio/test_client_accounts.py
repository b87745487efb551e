"""The client's side: GET /clients/{id}/accounts in Fineract's shape, in a fixed number of
queries, and the closure rules."""

import datetime
from decimal import Decimal

import pytest

from mteja.clients.models import ClientStatus

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db


def test_accounts_in_fineracts_shape(api, active_client, open_savings, disbursed_loan):
    account = open_savings(active_client, deposit=Decimal("2500"))
    loan = disbursed_loan(active_client)
    body = api.get(f"{BASE}/clients/{active_client.pk}/accounts").json()
    assert set(body) == {"savingsAccounts", "loanAccounts", "shareAccounts"}
    (savings,) = body["savingsAccounts"]
    assert savings["id"] == account.pk and savings["accountNo"] == account.account_no
    assert savings["productName"] == "Passbook savings"
    assert savings["status"]["active"] is True and savings["status"]["value"] == "Active"
    assert savings["accountBalance"] == 2500.0 and savings["currency"]["code"] == "KES"
    assert savings["depositType"]["id"] == 100
    (lent,) = body["loanAccounts"]
    assert lent["id"] == loan.pk and lent["loanCycle"] == 1
    assert lent["status"]["active"] is True and lent["loanType"]["value"] == "Individual"
    assert lent["originalLoan"] == 10000.0 and lent["inArrears"] is True
    assert lent["loanBalance"] > 10000 and lent["amountPaid"] == 0
    assert lent["timeline"]["actualDisbursementDate"] == [2024, 1, 20]


def test_by_external_id(api, make_client, open_savings):
    client = make_client(
        active=True, external_id="EXT-42", activation_date=datetime.date(2024, 1, 2)
    )
    open_savings(client)
    body = api.get(f"{BASE}/clients/external-id/EXT-42/accounts").json()
    assert len(body["savingsAccounts"]) == 1
    assert api.get(f"{BASE}/clients/external-id/NOPE/accounts").status_code == 404


def test_a_fixed_number_of_queries(
    api, active_client, open_savings, disbursed_loan, django_assert_max_num_queries
):
    open_savings(active_client)
    disbursed_loan(active_client)
    url = f"{BASE}/clients/{active_client.pk}/accounts"
    api.get(url)
    with django_assert_max_num_queries(12) as one:
        api.get(url)
    count_one = len(one)
    assert count_one > 0
    for _ in range(3):
        open_savings(active_client)
        disbursed_loan(active_client)
    with django_assert_max_num_queries(count_one):
        api.get(url)
    loan = disbursed_loan(active_client)
    for day in ("2024-02-20", "2024-03-20", "2024-04-20"):
        api.post(
            f"{BASE}/loans/{loan.pk}/transactions?command=repayment",
            {"transactionDate": day, "transactionAmount": "100"},
            "json",
        )
    detail = f"{BASE}/loans/{loan.pk}?associations=repaymentSchedule,transactions"
    api.get(detail)
    with django_assert_max_num_queries(12) as first:
        r = api.get(detail)
    assert r.status_code == 200, r.json()
    count_first = len(first)
    api.post(
        f"{BASE}/loans/{loan.pk}/transactions?command=repayment",
        {"transactionDate": "2024-05-20", "transactionAmount": "100"},
        "json",
    )
    with django_assert_max_num_queries(count_first):
        api.get(detail)


def _close(api, client):
    return api.post(
        f"{BASE}/clients/{client.pk}?command=close",
        {"closureDate": "2024-06-01", "closureReasonId": _reason()},
        "json",
    )


def _reason():
    from mteja.organisation.models import CodeValue

    return CodeValue.objects.filter(code__name="ClientClosureReason").values_list("pk", flat=True)[
        0
    ]


def test_a_client_with_an_open_loan_or_savings_cannot_close(
    api, make_client, open_savings, disbursed_loan
):
    with_loan = make_client(active=True, activation_date=datetime.date(2024, 1, 2))
    disbursed_loan(with_loan)
    refused = _close(api, with_loan)
    assert refused.status_code == 403
    assert codes_of(refused) == ["error.msg.client.close.loan.non-closed"]
    with_savings = make_client(active=True, activation_date=datetime.date(2024, 1, 2))
    open_savings(with_savings)
    refused = _close(api, with_savings)
    assert codes_of(refused) == ["error.msg.client.close.non-closed.savings.account"]
    with_savings.refresh_from_db()
    assert with_savings.status == ClientStatus.ACTIVE
    free = make_client(active=True, activation_date=datetime.date(2024, 1, 2))
    assert _close(api, free).status_code == 200


def test_a_transfer_takes_the_accounts_along(
    api_as, make_user, make_office, make_client, open_savings
):
    from mteja.clients.services import transfers

    old, new = make_office(), make_office()
    client = make_client(office=old, active=True, activation_date=datetime.date(2024, 1, 2))
    account = open_savings(client)
    transfers.client_propose_and_accept_transfer(actor=None, client=client, destination=new)
    client.refresh_from_db()
    assert client.office_id == new.pk
    in_new = api_as(make_user(("ALL_FUNCTIONS",), office=new))
    in_old = api_as(make_user(("ALL_FUNCTIONS",), office=old))
    assert in_new.get(f"{BASE}/savingsaccounts/{account.pk}").status_code == 200
    assert in_old.get(f"{BASE}/savingsaccounts/{account.pk}").status_code == 404


def test_a_client_in_arrears_is_not_transferred_where_the_institution_says_so(
    api, make_office, make_client, disbursed_loan, browse_as, admin_user
):
    from mteja.portfolio.models import PortfolioPolicy

    client = make_client(active=True, activation_date=datetime.date(2024, 1, 2))
    disbursed_loan(client)  # nothing repaid: in arrears on 14 June
    destination = make_office()
    url = f"{BASE}/clients/{client.pk}?command=proposeTransfer"
    body = {"destinationOfficeId": destination.pk, "transferDate": "2024-06-14"}
    saved = browse_as(admin_user).post("/settings/portfolio/", {"refuse_transfer_in_arrears": "on"})
    assert saved.status_code == 302 and PortfolioPolicy.current().refuse_transfer_in_arrears
    refused = api.post(url, body, "json")
    assert refused.status_code == 403
    assert codes_of(refused) == ["error.msg.client.transfer.loan.in.arrears"]
    browse_as(admin_user).post("/settings/portfolio/", {})
    assert not PortfolioPolicy.current().refuse_transfer_in_arrears
    assert api.post(url, body, "json").status_code == 200
