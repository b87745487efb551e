"""The Mifos X web-app's account pages and action screens against the API: what each screen
requests (bodies as the web-app sends them) and the fields it reads from the answers."""

import datetime
from decimal import Decimal

import pytest

from mteja.portfolio.models import Loan, LoanStatus, SavingsStatus

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db
WEBAPP = {"dateFormat": "dd MMMM yyyy", "locale": "en"}


def _savings_url(account, query="associations=all"):
    return f"{BASE}/savingsaccounts/{account.pk}?{query}"


def test_savings_view_answers_what_the_account_page_reads(api, active_client, open_savings):
    account = open_savings(active_client, deposit=Decimal("1000"))
    api.post(f"{BASE}/savingsaccounts/{account.pk}/transactions?command=withdrawal",
             {"transactionDate": "2024-02-01", "transactionAmount": "150"}, "json")  # fmt: skip
    body = api.get(_savings_url(account)).json()
    assert body["subStatus"]["id"] == 0
    assert body["subStatus"]["block"] is False
    assert (body["subStatus"]["blockCredit"], body["subStatus"]["blockDebit"]) == (False, False)
    assert body["status"]["value"] == "Active"
    assert body["savingsProductName"] == "Passbook savings"
    assert body["clientAccountNo"] == active_client.account_no
    assert body["interestCompoundingPeriodType"]["value"] == "Daily"
    assert body["interestCalculationDaysInYearType"]["id"] == 365
    assert body["charges"] == [] and body["allowOverdraft"] is False
    summary = body["summary"]
    assert (summary["totalDeposits"], summary["totalWithdrawals"]) == (1000.0, 150.0)
    assert (summary["accountBalance"], summary["totalInterestEarned"]) == (850.0, 0.0)
    withdrawal, deposit = body["transactions"]
    assert withdrawal["transactionType"]["withdrawal"] is True
    assert withdrawal["transactionType"]["accrual"] is False
    assert deposit["transactionType"]["deposit"] is True


def test_savings_totals_leave_out_reversed_transactions(api, active_client, open_savings):
    account = open_savings(active_client, deposit=Decimal("1000"))
    tx_id = api.post(f"{BASE}/savingsaccounts/{account.pk}/transactions?command=deposit",
                     {"transactionDate": "2024-02-01", "transactionAmount": "400"},
                     "json").json()["resourceId"]  # fmt: skip
    undo = api.post(f"{BASE}/savingsaccounts/{account.pk}/transactions/{tx_id}?command=undo",
                    {"transactionDate": "01 February 2024", "transactionAmount": 0, **WEBAPP},
                    "json")  # fmt: skip
    assert undo.status_code == 200, undo.json()
    summary = api.get(_savings_url(account)).json()["summary"]
    assert (summary["totalDeposits"], summary["accountBalance"]) == (1000.0, 1000.0)


def test_savings_list_items_name_their_client(api, active_client, open_savings):
    account = open_savings(active_client)
    items = api.get(f"{BASE}/savingsaccounts").json()["pageItems"]
    (item,) = [i for i in items if i["id"] == account.pk]
    assert item["clientId"] == active_client.pk
    assert item["clientName"] == active_client.display_name
    assert item["savingsProductName"] == "Passbook savings"


def test_deposit_and_withdrawal_as_the_webapp_sends_them(api, active_client, open_savings):
    account = open_savings(active_client)
    template = api.get(f"{BASE}/savingsaccounts/{account.pk}/transactions/template").json()
    assert template["paymentTypeOptions"] == [
        {"id": 1, "name": "Cash", "description": "", "isCashPayment": True, "position": 1}
    ]
    url = f"{BASE}/savingsaccounts/{account.pk}/transactions?command="
    body = {"transactionDate": "01 February 2024", "transactionAmount": 500, "paymentTypeId": 1,
            "note": "", "externalId": "", "accountNumber": "", **WEBAPP}  # fmt: skip
    assert api.post(url + "deposit", body, "json").status_code == 200
    assert (
        api.post(url + "withdrawal", {**body, "transactionAmount": 200}, "json").status_code == 200
    )
    account.refresh_from_db()
    assert account.balance == Decimal("1300")


def test_unknown_payment_type_and_transaction_external_id_refused(api, active_client, open_savings):
    account = open_savings(active_client)
    url = f"{BASE}/savingsaccounts/{account.pk}/transactions?command=deposit"
    body = {"transactionDate": "2024-02-01", "transactionAmount": 500}
    wrong_type = api.post(url, {**body, "paymentTypeId": 7}, "json")
    assert wrong_type.status_code == 404
    assert codes_of(wrong_type) == ["error.msg.payment.type.invalid"]
    external = api.post(url, {**body, "externalId": "TX-1"}, "json")
    assert external.status_code == 400
    assert codes_of(external) == ["validation.msg.transaction.externalId.not.supported"]
    account.refresh_from_db()
    assert account.balance == Decimal("1000")


def test_close_as_the_webapp_sends_it(api, active_client, open_savings):
    account = open_savings(active_client)
    response = api.post(
        f"{BASE}/savingsaccounts/{account.pk}?command=close",
        {"closedOnDate": "01 February 2024", "withdrawBalance": True,
         "postInterestValidationOnClosure": False, "note": "", "paymentTypeId": 1, **WEBAPP},
        "json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    account.refresh_from_db()
    assert (account.status, account.balance) == (SavingsStatus.CLOSED, Decimal("0"))


def test_loan_view_answers_what_the_loan_page_reads(api, active_client, disbursed_loan, today):
    loan = disbursed_loan(active_client, day=today - datetime.timedelta(days=70))
    body = api.get(f"{BASE}/loans/{loan.pk}?associations=all&exclude=guarantors,futureSchedule")
    body = body.json()
    assert body["clientAccountNo"] == active_client.account_no
    assert body["loanProductName"] == "Business loan"
    assert body["overdueCharges"] == [] and body["charges"] == [] and body["collateral"] == []
    assert body["multiDisburseLoan"] is False and body["canDisburse"] is False
    summary = body["summary"]
    assert summary["totalOverdue"] > 0
    overdue = [Decimal(str(summary[k])) for k in ("principalOverdue", "interestOverdue")]
    assert sum(overdue) == Decimal(str(summary["totalOverdue"]))
    assert (summary["feeChargesCharged"], summary["totalWaived"]) == (0.0, 0.0)
    assert body["delinquent"]["pastDueDays"] == summary["daysInArrears"] > 0
    assert body["timeline"]["expectedMaturityDate"] is not None
    first = body["repaymentSchedule"]["periods"][0]
    assert first["daysInPeriod"] > 0
    assert first["principalLoanBalanceOutstanding"] == 10000.0 - first["principalDue"]
    assert body["repaymentSchedule"]["totalOutstanding"] == summary["totalOutstanding"]
    assert body["originalSchedule"]["periods"] == body["repaymentSchedule"]["periods"]
    assert body["transactionProcessingStrategyCode"] == "mifos-standard-strategy"
    assert body["interestRateFrequencyType"] == body["repaymentFrequencyType"]
    assert body["annualInterestRate"] == 24  # 2 % a month
    assert body["interestCalculationPeriodType"]["id"] == 1
    assert body["daysInYearType"]["value"] == "Actual"
    (disbursement,) = body["transactions"]
    assert (
        disbursement["type"]["disbursement"] is True and disbursement["type"]["chargeoff"] is False
    )
    assert disbursement["transactionRelations"] == []
    assert disbursement["officeName"] == active_client.office.name


def _apply(api, client, product):
    response = api.post(f"{BASE}/loans", {
        "clientId": client.pk, "productId": product.pk, "principal": "12000",
        "submittedOnDate": "2024-01-20", "expectedDisbursementDate": "2024-01-25",
    }, "json")  # fmt: skip
    return response.json()["loanId"]


def test_approve_and_disburse_as_the_webapp_sends_them(api, active_client, loan_product):
    loan_id = _apply(api, active_client, loan_product)
    approval = api.get(f"{BASE}/loans/{loan_id}/template?templateType=approval").json()
    assert (approval["approvalAmount"], approval["expectedDisbursementDate"]) == (
        12000.0, [2024, 1, 25])  # fmt: skip
    response = api.post(f"{BASE}/loans/{loan_id}?command=approve", {
        "approvedOnDate": "20 January 2024", "expectedDisbursementDate": "25 January 2024",
        "approvedLoanAmount": 12000, "note": "", **WEBAPP}, "json")  # fmt: skip
    assert response.status_code == 200, response.json()
    template = api.get(f"{BASE}/loans/{loan_id}/transactions/template?command=disburse").json()
    assert template["amount"] == 12000.0 and template["type"]["id"] == 1
    assert template["paymentTypeOptions"][0]["name"] == "Cash"
    response = api.post(f"{BASE}/loans/{loan_id}?command=disburse", {
        "actualDisbursementDate": "25 January 2024", "transactionAmount": 12000,
        "externalId": "", "paymentTypeId": 1, "note": "", **WEBAPP}, "json")  # fmt: skip
    assert response.status_code == 200, response.json()
    assert Loan.objects.get(pk=loan_id).status == LoanStatus.ACTIVE


def test_repayment_as_the_webapp_sends_it(api, active_client, disbursed_loan):
    loan = disbursed_loan(active_client)
    template = api.get(f"{BASE}/loans/{loan.pk}/transactions/template?command=repayment").json()
    response = api.post(f"{BASE}/loans/{loan.pk}/transactions?command=repayment", {
        "transactionDate": "20 February 2024", "externalId": "", "paymentTypeId": 1, "note": "",
        "transactionAmount": template["amount"], **WEBAPP}, "json")  # fmt: skip
    assert response.status_code == 200, response.json()
    loan.refresh_from_db()
    assert loan.principal_repaid + loan.interest_repaid == Decimal(str(template["amount"]))


def test_other_amounts_than_the_loans_are_refused(api, active_client, loan_product):
    loan_id = _apply(api, active_client, loan_product)
    url = f"{BASE}/loans/{loan_id}?command="
    response = api.post(url + "approve", {"approvedOnDate": "2024-01-20",
                                          "approvedLoanAmount": 9000}, "json")  # fmt: skip
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.loan.approvedLoanAmount.cannot.change"]
    assert api.post(url + "approve", {"approvedOnDate": "2024-01-20"}, "json").status_code == 200
    response = api.post(url + "disburse", {"actualDisbursementDate": "2024-01-25",
                                           "transactionAmount": 11000}, "json")  # fmt: skip
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.loan.transactionAmount.cannot.change"]
    assert Loan.objects.get(pk=loan_id).status == LoanStatus.APPROVED


def test_unknown_loan_template_type_is_refused(api, active_client, loan_product):
    loan_id = _apply(api, active_client, loan_product)
    response = api.get(f"{BASE}/loans/{loan_id}/template?templateType=collateral")
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.query.parameter.value.unsupported"]


def test_loan_arrears_display_setting(api):
    body = api.get(f"{BASE}/configurations/name/loan-arrears-delinquency-display-data").json()
    assert (body["name"], body["value"], body["enabled"]) == (
        "loan-arrears-delinquency-display-data", 0, True)  # fmt: skip


def test_client_accounts_leave_out_a_last_transaction_date_never_set(
    api, active_client, open_savings
):
    # The web-app's date pipe shows "Invalid date" for a null; Fineract leaves nulls out.
    fresh = open_savings(active_client, deposit=Decimal("0"))
    used = open_savings(active_client, deposit=Decimal("500"))
    accounts = api.get(f"{BASE}/clients/{active_client.pk}/accounts").json()["savingsAccounts"]
    by_id = {a["id"]: a for a in accounts}
    assert "lastActiveTransactionDate" not in by_id[fresh.pk]
    assert by_id[used.pk]["lastActiveTransactionDate"] == [2024, 1, 15]
    assert by_id[used.pk]["depositType"]["value"] == "Savings"
