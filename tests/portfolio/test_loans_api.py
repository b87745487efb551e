"""Loans over the API: the schedule at approval, disbursement, repayments allocated to
interest then principal, arrears, closure when repaid."""

import datetime
from decimal import Decimal

import pytest

from mteja.core import clock
from mteja.portfolio import selectors
from mteja.portfolio.models import Loan, LoanStatus, LoanTransaction

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db
D = Decimal


def _apply(api, client_id, product_id, **extra):
    body = {
        "clientId": client_id,
        "productId": product_id,
        "principal": "10000",
        "submittedOnDate": "2024-01-20",
        "expectedDisbursementDate": "2024-01-20",
        "loanType": "individual",
        **extra,
    }
    response = api.post(f"{BASE}/loans", body, "json")
    assert response.status_code == 200, response.json()
    return response.json()["loanId"]


def _command(api, loan_id, command, param, day="2024-01-20"):
    return api.post(f"{BASE}/loans/{loan_id}?command={command}", {param: day}, "json")


def _repay(api, loan_id, amount, day="2024-02-20"):
    return api.post(
        f"{BASE}/loans/{loan_id}/transactions?command=repayment",
        {"transactionDate": day, "transactionAmount": amount},
        "json",
    )


def test_the_schedule_is_computed_at_approval(api, active_client, loan_product):
    loan_id = _apply(api, active_client.pk, loan_product.pk)
    url = f"{BASE}/loans/{loan_id}?associations=repaymentSchedule,transactions"
    assert api.get(url).json()["repaymentSchedule"]["periods"] == []
    assert _command(api, loan_id, "approve", "approvedOnDate").status_code == 200
    body = api.get(url).json()
    assert body["status"]["waitingForDisbursal"] is True
    periods = body["repaymentSchedule"]["periods"]
    assert len(periods) == 12
    assert periods[0]["dueDate"] == [2024, 2, 20]
    assert (periods[0]["interestDue"], periods[0]["principalDue"]) == (200.0, 745.6)
    assert sum(D(str(p["principalDue"])) for p in periods) == D("10000")


def test_disbursement_and_repayments_interest_first(api, active_client, loan_product):
    loan_id = _apply(api, active_client.pk, loan_product.pk)
    _command(api, loan_id, "approve", "approvedOnDate")
    assert _command(api, loan_id, "disburse", "actualDisbursementDate").status_code == 200
    repaid = _repay(api, loan_id, "150")  # less than the first period's interest (200)
    assert repaid.status_code == 200, repaid.json()
    row = LoanTransaction.objects.get(pk=repaid.json()["resourceId"])
    assert (row.interest_portion, row.principal_portion) == (D("150"), D("0"))
    row = LoanTransaction.objects.get(pk=_repay(api, loan_id, "300").json()["resourceId"])
    assert (row.interest_portion, row.principal_portion) == (D("50"), D("250"))
    body = api.get(f"{BASE}/loans/{loan_id}?associations=transactions").json()
    summary = body["summary"]
    assert (summary["interestPaid"], summary["principalPaid"]) == (200.0, 250.0)
    assert summary["principalOutstanding"] == 9750.0
    assert [t["type"]["value"] for t in body["transactions"]] == [
        "Disbursement",
        "Repayment",
        "Repayment",
    ]
    assert selectors.loan_balance_check(Loan.objects.get(pk=loan_id))


def test_arrears_count_from_the_oldest_unpaid_due_date(api, active_client, loan_product):
    loan_id = _apply(api, active_client.pk, loan_product.pk)
    _command(api, loan_id, "approve", "approvedOnDate")
    _command(api, loan_id, "disburse", "actualDisbursementDate")
    _repay(api, loan_id, "945.60")  # the first period, paid in full
    # Today is 14 June: periods due 20 Mar, 20 Apr and 20 May are unpaid.
    summary = api.get(f"{BASE}/loans/{loan_id}").json()
    assert summary["inArrears"] is True
    assert summary["summary"]["overdueSinceDate"] == [2024, 3, 20]
    assert (
        summary["summary"]["daysInArrears"]
        == (datetime.date(2024, 6, 14) - datetime.date(2024, 3, 20)).days
    )
    assert summary["summary"]["totalOverdue"] == 945.6 * 3


def test_the_loan_closes_when_repaid_and_refuses_more(api, make_client, loan_product):
    client = make_client(active=True, activation_date=datetime.date(2024, 1, 2))
    loan_id = _apply(
        api, client.pk, loan_product.pk, principal="1200", numberOfRepayments=3, interestType=1
    )
    _command(api, loan_id, "approve", "approvedOnDate")
    _command(api, loan_id, "disburse", "actualDisbursementDate")
    # Flat 2 % of 1 200 = 24 a month: 3 × (400 + 24) = 1 272.
    too_much = _repay(api, loan_id, "1272.01")
    assert codes_of(too_much) == ["error.msg.loan.transaction.amount.exceeds.outstanding"]
    assert _repay(api, loan_id, "1272").status_code == 200
    loan = Loan.objects.get(pk=loan_id)
    assert (loan.status, loan.closed_on) == (LoanStatus.CLOSED, datetime.date(2024, 2, 20))
    assert _repay(api, loan_id, "1").status_code == 403


def test_commands_follow_the_states(api, active_client, loan_product):
    loan_id = _apply(api, active_client.pk, loan_product.pk)
    early = _command(api, loan_id, "disburse", "actualDisbursementDate")
    assert codes_of(early) == ["error.msg.loan.disbursal.not.in.approved.state"]
    assert _repay(api, loan_id, "10").status_code == 403
    assert _command(api, loan_id, "approve", "approvedOnDate", "2024-01-01").status_code == 403
    with clock.frozen_today(datetime.date(2024, 1, 25)):
        future = _command(api, loan_id, "approve", "approvedOnDate", "2024-02-01")
    assert future.status_code == 400
    assert api.post(f"{BASE}/loans/{loan_id}?command=writeoff", {}, "json").status_code == 400


def test_disbursed_later_the_schedule_moves(api, active_client, loan_product):
    loan_id = _apply(api, active_client.pk, loan_product.pk)
    _command(api, loan_id, "approve", "approvedOnDate")
    _command(api, loan_id, "disburse", "actualDisbursementDate", "2024-01-31")
    periods = api.get(f"{BASE}/loans/{loan_id}?associations=repaymentSchedule").json()[
        "repaymentSchedule"
    ]["periods"]
    assert periods[0]["dueDate"] == [2024, 2, 29]


def test_products_and_template(api, loan_product):
    response = api.post(
        f"{BASE}/loanproducts",
        {
            "name": "Flat",
            "shortName": "FL",
            "currencyCode": "UGX",
            "interestRatePerPeriod": 3,
            "interestType": 1,
            "amortizationType": 1,
            "repaymentEvery": 1,
            "repaymentFrequencyType": 1,
            "numberOfRepayments": 10,
            "principal": 50000,
        },
        "json",
    )
    assert response.status_code == 200, response.json()
    product = api.get(f"{BASE}/loanproducts/{response.json()['resourceId']}").json()
    assert product["interestType"]["code"] == "interestType.flat"
    assert product["currency"]["decimalPlaces"] == 0
    template = api.get(f"{BASE}/loans/template?productId={loan_product.pk}").json()
    assert template["numberOfRepayments"] == 12
    assert {p["name"] for p in template["productOptions"]} == {"Flat", "Business loan"}
    bad = api.post(f"{BASE}/loanproducts", {"name": "X"}, "json")
    assert bad.status_code == 400


def test_the_repayment_template_offers_the_oldest_amount_due(api, active_client, loan_product):
    loan_id = _apply(api, active_client.pk, loan_product.pk)
    _command(api, loan_id, "approve", "approvedOnDate")
    _command(api, loan_id, "disburse", "actualDisbursementDate")
    _repay(api, loan_id, "100")  # half of the first period's interest
    url = f"{BASE}/loans/{loan_id}/transactions/template?command=repayment"
    body = api.get(url).json()
    assert body["date"] == [2024, 2, 20]
    assert (body["interestPortion"], body["principalPortion"], body["amount"]) == (
        100.0,
        745.6,
        845.6,
    )
    assert api.get(f"{BASE}/loans/{loan_id}/transactions/template").status_code == 400


def test_a_repayment_reversed_is_a_new_row_and_the_allocation_follows(
    api, make_client, loan_product
):
    client = make_client(active=True, activation_date=datetime.date(2024, 1, 2))
    loan_id = _apply(api, client.pk, loan_product.pk, principal="1200", numberOfRepayments=3,
                     interestType=1)  # fmt: skip
    _command(api, loan_id, "approve", "approvedOnDate")
    _command(api, loan_id, "disburse", "actualDisbursementDate")
    first = _repay(api, loan_id, "10").json()["resourceId"]  # interest 10
    _repay(api, loan_id, "1262")  # the rest: the loan closes
    assert Loan.objects.get(pk=loan_id).status == LoanStatus.CLOSED
    url = f"{BASE}/loans/{loan_id}/transactions/{first}?command=undo"
    assert api.post(url, {}, "json").status_code == 200
    loan = Loan.objects.get(pk=loan_id)
    # 1 262 still repaid, allocated oldest first: all 72 of interest, 1 190 of principal.
    assert (loan.status, loan.closed_on) == (LoanStatus.ACTIVE, None)
    assert (loan.interest_repaid, loan.principal_repaid) == (D("72"), D("1190"))
    assert selectors.loan_balance_check(loan)
    rows = list(LoanTransaction.objects.filter(loan=loan).order_by("id"))
    assert [r.type for r in rows] == [1, 2, 2, 3] and rows[-1].reverses_id == first
    assert rows[1].amount == D("10")  # the reversed row is as it was
    body = api.get(f"{BASE}/loans/{loan_id}?associations=transactions").json()
    assert body["summary"]["totalOutstanding"] == 10.0
    assert body["transactions"][1]["manuallyReversed"] is True
    assert api.post(url, {}, "json").status_code == 403  # not twice
