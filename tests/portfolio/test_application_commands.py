"""Reject, Withdrawn by Client, Undo Approval (savings and loans) and Undo Disbursal (loans)
over the API, with the bodies the Mifos X web-app's action screens send: the status and the
timeline the account pages read afterwards, Fineract's codes for a wrong status, the dates
checked as the other commands check theirs, permissions, office scope, one audit event."""

import datetime
from decimal import Decimal

import pytest

from mteja.core.models import AuditEvent
from mteja.portfolio import rules, selectors
from mteja.portfolio.models import (
    Loan,
    LoanStatus,
    LoanTransaction,
    LoanTransactionType,
    SavingsAccount,
    SavingsStatus,
)
from mteja.portfolio.services import commands, loans, savings

from .conftest import BASE, OPENED, codes_of

pytestmark = pytest.mark.django_db
WEBAPP = {"dateFormat": "dd MMMM yyyy", "locale": "en"}


@pytest.fixture
def pending_savings(active_client, savings_product):
    return savings.savings_account_create(
        actor=None, client=active_client, product=savings_product, submitted_on=OPENED
    )


@pytest.fixture
def pending_loan(active_client, loan_product):
    return loans.loan_create(
        actor=None,
        client=active_client,
        product=loan_product,
        principal=Decimal("12000"),
        submitted_on=OPENED,
        expected_disbursement_date=datetime.date(2024, 1, 25),
    )


def _approve(account, registry):
    commands.run(registry["approve"], actor=None, account=account, day=OPENED)
    account.refresh_from_db()
    return account


def _savings(api, account, command, body):
    return api.post(f"{BASE}/savingsaccounts/{account.pk}?command={command}", body, "json")


def _loan(api, loan, command, body):
    return api.post(f"{BASE}/loans/{loan.pk}?command={command}", body, "json")


def _events(action, entity):
    return list(AuditEvent.objects.filter(action_name=action, entity_name=entity))


# --- savings ---------------------------------------------------------------------------------


def test_reject_a_savings_application_as_the_webapp_sends_it(api, pending_savings):
    body = {"rejectedOnDate": "01 February 2024", "note": "Incomplete papers", **WEBAPP}
    response = _savings(api, pending_savings, "reject", body)
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["savingsId"] == pending_savings.pk
    assert answer["changes"] == {"status": 500, "rejectedOnDate": "01 February 2024"}

    shown = api.get(f"{BASE}/savingsaccounts/{pending_savings.pk}?associations=all").json()
    status = shown["status"]
    assert (status["id"], status["code"], status["value"]) == (
        500, "savingsAccountStatusType.rejected", "Rejected")  # fmt: skip
    assert status["rejected"] and status["closed"]
    assert not (status["submittedAndPendingApproval"] or status["withdrawnByApplicant"])
    assert shown["timeline"]["rejectedOnDate"] == [2024, 2, 1]
    assert shown["timeline"]["closedOnDate"] == [2024, 2, 1]
    assert shown["timeline"]["withdrawnOnDate"] is None

    (event,) = _events("REJECT", "SAVINGSACCOUNT")
    assert event.resource_id == pending_savings.pk
    assert event.client_id == pending_savings.client_id
    assert event.changes["status"] == [100, 500]
    assert event.changes["rejected_on"] == [None, "2024-02-01"]


def test_withdrawn_by_the_client_as_the_webapp_sends_it(api, pending_savings):
    body = {"withdrawnOnDate": "02 February 2024", "note": "", **WEBAPP}
    response = _savings(api, pending_savings, "withdrawnByApplicant", body)
    assert response.status_code == 200, response.json()
    pending_savings.refresh_from_db()
    assert pending_savings.status == SavingsStatus.WITHDRAWN
    assert pending_savings.withdrawn_on == pending_savings.closed_on == datetime.date(2024, 2, 2)
    status = api.get(f"{BASE}/savingsaccounts/{pending_savings.pk}").json()["status"]
    assert status["id"] == 400 and status["value"] == "Withdrawn by applicant"
    assert status["code"] == "savingsAccountStatusType.withdrawn.by.applicant"
    assert status["withdrawnByApplicant"] and status["closed"] and not status["rejected"]
    assert len(_events("WITHDRAW", "SAVINGSACCOUNT")) == 1


def test_undo_a_savings_approval_as_the_webapp_sends_it(api, pending_savings):
    account = _approve(pending_savings, commands.SAVINGS_COMMANDS)
    response = _savings(api, account, "undoapproval", {"note": "Approved too early"})
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"status": 100, "approvedOnDate": ""}
    shown = api.get(f"{BASE}/savingsaccounts/{account.pk}").json()
    assert shown["status"]["submittedAndPendingApproval"] is True
    assert shown["timeline"]["approvedOnDate"] is None
    (event,) = _events("APPROVALUNDO", "SAVINGSACCOUNT")
    assert event.changes["approved_on"] == ["2024-01-15", None]
    # The application is pending again: approved a second time, then activated.
    again = _savings(api, account, "approve", {"approvedOnDate": "03 February 2024", **WEBAPP})
    assert again.status_code == 200, again.json()


def test_savings_commands_refused_from_another_status(api, pending_savings):
    undo = _savings(api, pending_savings, "undoapproval", {"note": ""})
    assert undo.status_code == 403
    assert codes_of(undo) == ["validation.msg.savingsaccount.undoApproval.not.in.approved.state"]
    account = _approve(pending_savings, commands.SAVINGS_COMMANDS)
    reject = _savings(api, account, "reject", {"rejectedOnDate": "01 February 2024", **WEBAPP})
    assert reject.status_code == 403
    assert codes_of(reject) == [
        "validation.msg.savingsaccount.reject.not.in.submittedandpendingapproval.state"
    ]
    withdrawn = _savings(api, account, "withdrawnByApplicant",
                         {"withdrawnOnDate": "01 February 2024", **WEBAPP})  # fmt: skip
    assert withdrawn.status_code == 403
    assert codes_of(withdrawn) == [
        "validation.msg.savingsaccount.withdrawnByApplicant.not.in.submittedandpendingapproval.state"
    ]
    account.refresh_from_db()
    assert (account.status, account.rejected_on) == (SavingsStatus.APPROVED, None)
    assert not _events("REJECT", "SAVINGSACCOUNT")


def test_savings_dates_checked_as_the_other_commands(api, pending_savings):
    early = _savings(api, pending_savings, "reject",
                     {"rejectedOnDate": "14 January 2024", **WEBAPP})  # fmt: skip
    assert early.status_code == 403
    assert codes_of(early) == [
        "validation.msg.savingsaccount.reject.cannot.be.before.submittal.date"
    ]
    future = _savings(api, pending_savings, "withdrawnByApplicant",
                      {"withdrawnOnDate": "15 June 2024", **WEBAPP})  # fmt: skip
    assert future.status_code == 400
    assert codes_of(future) == [
        "validation.msg.savingsaccount.withdrawnOnDate.is.greater.than.date"
    ]
    blank = _savings(api, pending_savings, "reject", {"note": "", **WEBAPP})
    assert blank.status_code == 400
    assert codes_of(blank) == ["validation.msg.savingsaccount.rejectedOnDate.cannot.be.blank"]
    unknown = _savings(api, pending_savings, "undoapproval", {"note": "", "approvedOnDate": "x"})
    assert unknown.status_code == 400
    pending_savings.refresh_from_db()
    assert pending_savings.status == SavingsStatus.SUBMITTED


def test_savings_commands_need_their_own_permissions(api_as, make_user, pending_savings):
    approver = api_as(make_user(("APPROVE_SAVINGSACCOUNT", "READ_SAVINGSACCOUNT")))
    body = {"rejectedOnDate": "01 February 2024", **WEBAPP}
    assert _savings(approver, pending_savings, "reject", body).status_code == 403
    rejecter = api_as(make_user(("REJECT_SAVINGSACCOUNT",)))
    withdrawn = {"withdrawnOnDate": "01 February 2024", **WEBAPP}
    assert _savings(rejecter, pending_savings, "withdrawnByApplicant", withdrawn).status_code == 403
    assert _savings(rejecter, pending_savings, "reject", body).status_code == 200
    account = SavingsAccount.objects.get(pk=pending_savings.pk)
    assert account.status == SavingsStatus.REJECTED


def test_undo_approval_needs_its_permission(api_as, make_user, pending_savings):
    account = _approve(pending_savings, commands.SAVINGS_COMMANDS)
    approver = api_as(make_user(("APPROVE_SAVINGSACCOUNT",)))
    assert _savings(approver, account, "undoapproval", {"note": ""}).status_code == 403
    undoer = api_as(make_user(("APPROVALUNDO_SAVINGSACCOUNT",)))
    assert _savings(undoer, account, "undoapproval", {"note": ""}).status_code == 200


def test_another_branchs_application_is_not_found(
    api_as, make_user, make_office, make_client, savings_product, loan_product
):
    mine, theirs = make_office(), make_office()
    api = api_as(make_user(("ALL_FUNCTIONS",), office=mine))
    client = make_client(office=theirs, active=True, activation_date=OPENED)
    account = savings.savings_account_create(
        actor=None, client=client, product=savings_product, submitted_on=OPENED
    )
    loan = loans.loan_create(actor=None, client=client, product=loan_product, principal="500",
                             submitted_on=OPENED, expected_disbursement_date=OPENED)  # fmt: skip
    rejected = _savings(api, account, "reject", {"rejectedOnDate": "01 February 2024", **WEBAPP})
    assert rejected.status_code == 404
    withdrawn = {"withdrawnOnDate": "01 February 2024", **WEBAPP}
    assert _loan(api, loan, "withdrawnByApplicant", withdrawn).status_code == 404
    account.refresh_from_db()
    loan.refresh_from_db()
    assert (account.status, loan.status) == (SavingsStatus.SUBMITTED, LoanStatus.SUBMITTED)


# --- loans -----------------------------------------------------------------------------------


def test_reject_a_loan_application_as_the_webapp_sends_it(api, pending_loan):
    body = {"rejectedOnDate": "01 February 2024", "note": "", **WEBAPP}
    response = _loan(api, pending_loan, "reject", body)
    assert response.status_code == 200, response.json()
    assert response.json()["loanId"] == pending_loan.pk
    shown = api.get(f"{BASE}/loans/{pending_loan.pk}?associations=all").json()
    status = shown["status"]
    assert (status["id"], status["code"], status["value"]) == (
        500, "loanStatusType.rejected", "Rejected")  # fmt: skip
    assert not (status["pendingApproval"] or status["active"] or status["closed"])
    assert shown["timeline"]["rejectedOnDate"] == [2024, 2, 1]
    assert shown["timeline"]["closedOnDate"] == [2024, 2, 1]
    (event,) = _events("REJECT", "LOAN")
    assert event.changes["status"] == [100, 500]


def test_a_loan_withdrawn_by_the_client_as_the_webapp_sends_it(api, pending_loan):
    body = {"withdrawnOnDate": "01 February 2024", "note": "Found money elsewhere", **WEBAPP}
    response = _loan(api, pending_loan, "withdrawnByApplicant", body)
    assert response.status_code == 200, response.json()
    status = api.get(f"{BASE}/loans/{pending_loan.pk}").json()["status"]
    assert (status["id"], status["code"], status["value"]) == (
        400, "loanStatusType.withdrawn.by.client", "Withdrawn by applicant")  # fmt: skip
    pending_loan.refresh_from_db()
    assert pending_loan.withdrawn_on == datetime.date(2024, 2, 1)
    assert len(_events("WITHDRAW", "LOAN")) == 1


def test_ended_applications_in_the_clients_accounts(api, active_client, pending_loan,
                                                    pending_savings):  # fmt: skip
    _loan(api, pending_loan, "reject", {"rejectedOnDate": "01 February 2024", **WEBAPP})
    _savings(api, pending_savings, "withdrawnByApplicant",
             {"withdrawnOnDate": "01 February 2024", **WEBAPP})  # fmt: skip
    body = api.get(f"{BASE}/clients/{active_client.pk}/accounts").json()
    (loan,) = body["loanAccounts"]
    (account,) = body["savingsAccounts"]
    # What the web-app's accounts filter reads to list them among the closed accounts.
    assert loan["status"]["code"] == "loanStatusType.rejected"
    assert loan["timeline"]["rejectedOnDate"] == [2024, 2, 1]
    assert account["status"]["code"] == "savingsAccountStatusType.withdrawn.by.applicant"
    assert account["timeline"]["withdrawnOnDate"] == [2024, 2, 1]
    # Ended applications do not keep the client open.
    rules.refuse_close_with_open_accounts(active_client, datetime.date(2024, 2, 2))


def test_undo_a_loan_approval_takes_back_its_schedule(api, pending_loan):
    loan = _approve(pending_loan, commands.LOAN_COMMANDS)
    assert loan.installments.count() == 12
    response = _loan(api, loan, "undoapproval", {"note": ""})
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"status": 100, "approvedOnDate": ""}
    loan.refresh_from_db()
    assert (loan.status, loan.approved_on, loan.installments.count()) == (
        LoanStatus.SUBMITTED, None, 0)  # fmt: skip
    shown = api.get(f"{BASE}/loans/{loan.pk}").json()
    assert shown["status"]["pendingApproval"] is True
    assert shown["timeline"]["approvedOnDate"] is None
    assert len(_events("APPROVALUNDO", "LOAN")) == 1
    again = _loan(api, loan, "approve", {"approvedOnDate": "20 January 2024", **WEBAPP})
    assert again.status_code == 200 and loan.installments.count() == 12


def test_undo_a_disbursal_as_the_webapp_sends_it(api, pending_loan):
    loan = _approve(pending_loan, commands.LOAN_COMMANDS)
    expected_schedule = list(loan.installments.values_list("due_date", "principal", "interest"))
    disbursed = _loan(api, loan, "disburse", {"actualDisbursementDate": "01 February 2024",
                                              "transactionAmount": 12000, "paymentTypeId": 1,
                                              "externalId": "", "note": "", **WEBAPP})  # fmt: skip
    assert disbursed.status_code == 200, disbursed.json()
    assert loan.installments.values_list("due_date", flat=True)[0] == datetime.date(2024, 3, 1)

    response = _loan(api, loan, "undodisbursal", {"note": "Disbursed on the wrong day"})
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"status": 200, "actualDisbursementDate": ""}
    loan.refresh_from_db()
    assert (loan.status, loan.disbursed_on) == (LoanStatus.APPROVED, None)
    # The schedule runs from the expected date again, as approval fixed it.
    assert list(loan.installments.values_list("due_date", "principal", "interest")) == (
        expected_schedule
    )
    shown = api.get(f"{BASE}/loans/{loan.pk}?associations=all").json()
    assert shown["status"]["waitingForDisbursal"] is True
    assert shown["timeline"]["actualDisbursementDate"] is None
    assert shown["summary"]["principalDisbursed"] == 0
    payout, reversal = shown["transactions"]
    assert payout["type"]["disbursement"] and payout["manuallyReversed"] is True
    assert reversal["reversesId"] == payout["id"] and reversal["amount"] == 12000
    assert selectors.loan_balance_check(loan)
    (event,) = _events("DISBURSALUNDO", "LOAN")
    assert event.changes["status"] == [300, 200]
    assert event.changes["disbursed_on"] == ["2024-02-01", None]

    # Disbursed again, on the right day.
    again = _loan(api, loan, "disburse", {"actualDisbursementDate": "25 January 2024", **WEBAPP})
    assert again.status_code == 200, again.json()
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE and loan.disbursed_on == datetime.date(2024, 1, 25)
    payouts = LoanTransaction.objects.filter(loan=loan, type=LoanTransactionType.DISBURSEMENT)
    assert payouts.count() == 2


def test_no_undo_of_a_disbursal_once_repaid(api, disbursed_loan, active_client):
    loan = disbursed_loan(active_client)
    repaid = api.post(f"{BASE}/loans/{loan.pk}/transactions?command=repayment",
                      {"transactionDate": "20 February 2024", "transactionAmount": "500",
                       **WEBAPP}, "json")  # fmt: skip
    assert repaid.status_code == 200, repaid.json()
    refused = _loan(api, loan, "undodisbursal", {"note": "x"})
    assert refused.status_code == 403
    assert codes_of(refused) == ["error.msg.loan.undo.disbursal.not.allowed.with.repayments"]
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE and loan.disbursed_on is not None
    # Once the repayment is reversed, the disbursal may be undone.
    tx = repaid.json()["resourceId"]
    undone = api.post(f"{BASE}/loans/{loan.pk}/transactions/{tx}?command=undo", {}, "json")
    assert undone.status_code == 200, undone.json()
    assert _loan(api, loan, "undodisbursal", {"note": "x"}).status_code == 200
    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPROVED and selectors.loan_balance_check(loan)


def test_loan_commands_refused_from_another_status(api, pending_loan):
    undo = _loan(api, pending_loan, "undodisbursal", {"note": "x"})
    assert undo.status_code == 403
    assert codes_of(undo) == ["error.msg.loan.undo.disbursal.account.is.not.active"]
    undo = _loan(api, pending_loan, "undoapproval", {"note": ""})
    assert codes_of(undo) == ["error.msg.loan.undo.approval.account.is.not.approved"]
    loan = _approve(pending_loan, commands.LOAN_COMMANDS)
    reject = _loan(api, loan, "reject", {"rejectedOnDate": "01 February 2024", **WEBAPP})
    assert reject.status_code == 403
    assert codes_of(reject) == [
        "error.msg.loan.reject.account.is.not.submitted.pending.approval.state"
    ]
    withdrawn = _loan(api, loan, "withdrawnByApplicant",
                      {"withdrawnOnDate": "01 February 2024", **WEBAPP})  # fmt: skip
    assert withdrawn.status_code == 403
    assert codes_of(withdrawn) == ["error.msg.loan.withdraw.cannot.withdraw"]
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.APPROVED


def test_loan_dates_checked_as_the_other_commands(api, pending_loan):
    early = _loan(api, pending_loan, "reject", {"rejectedOnDate": "10 January 2024", **WEBAPP})
    assert early.status_code == 403
    assert codes_of(early) == ["error.msg.loan.reject.cannot.be.before.submittal.date"]
    early = _loan(api, pending_loan, "withdrawnByApplicant",
                  {"withdrawnOnDate": "10 January 2024", **WEBAPP})  # fmt: skip
    assert codes_of(early) == ["error.msg.loan.withdraw.cannot.be.before.submittal.date"]
    future = _loan(api, pending_loan, "reject", {"rejectedOnDate": "20 June 2024", **WEBAPP})
    assert future.status_code == 400
    assert codes_of(future) == ["validation.msg.loan.rejectedOnDate.is.greater.than.date"]
    assert Loan.objects.get(pk=pending_loan.pk).status == LoanStatus.SUBMITTED


def test_loan_commands_need_their_own_permissions(api_as, make_user, active_client,
                                                  disbursed_loan):  # fmt: skip
    loan = disbursed_loan(active_client)
    disburser = api_as(make_user(("DISBURSE_LOAN", "APPROVE_LOAN")))
    assert _loan(disburser, loan, "undodisbursal", {"note": "x"}).status_code == 403
    undoer = api_as(make_user(("DISBURSALUNDO_LOAN",)))
    assert _loan(undoer, loan, "undoapproval", {"note": "x"}).status_code == 403
    assert _loan(undoer, loan, "undodisbursal", {"note": "x"}).status_code == 200


def test_approvers_built_in_role_holds_the_new_commands():
    from mteja.users.models import Role

    manager = set(
        Role.objects.get(name="Branch manager").permissions.values_list("code", flat=True)
    )
    assert {
        "REJECT_SAVINGSACCOUNT", "WITHDRAW_SAVINGSACCOUNT", "APPROVALUNDO_SAVINGSACCOUNT",
        "REJECT_LOAN", "WITHDRAW_LOAN", "APPROVALUNDO_LOAN", "DISBURSALUNDO_LOAN",
    } <= manager  # fmt: skip
    officer = set(Role.objects.get(name="Loan officer").permissions.values_list("code", flat=True))
    assert not {"REJECT_LOAN", "DISBURSALUNDO_LOAN", "APPROVALUNDO_SAVINGSACCOUNT"} & officer
