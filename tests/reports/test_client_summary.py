"""runreports/ClientSummary: a client's loans and savings by state, counted from the portfolio,
in the shapes the web-app reads (rows of named figures, or Fineract's generic result set)."""

import datetime
from decimal import Decimal

import pytest
from tests.reports.conftest import BASE, rows, run

from mteja.portfolio.services import commands, loans, savings

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_with_accounts(
    active_client, open_savings, disbursed_loan, loan_product, savings_product, today
):
    open_savings(active_client, deposit=Decimal("1000"))
    open_savings(active_client, deposit=Decimal("500.50"))
    savings.savings_account_create(
        actor=None, client=active_client, product=savings_product, submitted_on=today
    )
    disbursed_loan(active_client, principal=Decimal("10000"), day=datetime.date(2024, 1, 20))
    disbursed_loan(active_client, principal=Decimal("4000"), day=datetime.date(2024, 3, 1))
    approved = loans.loan_create(
        actor=None,
        client=active_client,
        product=loan_product,
        principal=Decimal("7000"),
        submitted_on=datetime.date(2024, 5, 2),
        expected_disbursement_date=datetime.date(2024, 6, 20),
    )
    commands.run(
        commands.LOAN_COMMANDS["approve"], actor=None, account=approved, day=approved.submitted_on
    )
    loans.loan_create(
        actor=None,
        client=active_client,
        product=loan_product,
        principal=Decimal("3000"),
        submitted_on=datetime.date(2024, 6, 1),
        expected_disbursement_date=datetime.date(2024, 6, 30),
    )
    return active_client


def test_the_figures_are_the_clients_accounts(api, client_with_accounts):
    [summary] = rows(api, "ClientSummary", R_clientId=client_with_accounts.pk)
    assert summary == {
        "anyLoanCount": 4,
        "pendingApprovalLoans": 1,
        "waitingForDisbursalLoans": 1,
        "activeLoans": 2,
        "closedLoans": 0,
        "loanCycle": 2,
        "lastLoanAmount": 4000.0,
        "anySavingCount": 3,
        "pendingApprovalSavings": 1,
        "waitingForActivationSavings": 0,
        "activeSavings": 2,
        "closedSavings": 0,
        "totalSavings": 1500.5,
    }


def test_a_client_without_accounts_has_nothing_and_no_last_loan(api, active_client):
    [summary] = rows(api, "ClientSummary", R_clientId=active_client.pk)
    assert summary["anyLoanCount"] == summary["anySavingCount"] == summary["loanCycle"] == 0
    assert summary["lastLoanAmount"] is None
    assert summary["totalSavings"] == 0


def test_the_generic_result_set_is_fineracts_default(api, client_with_accounts):
    response = run(api, "ClientSummary", R_clientId=client_with_accounts.pk)
    body = response.json()
    names = [header["columnName"] for header in body["columnHeaders"]]
    [row] = [entry["row"] for entry in body["data"]]
    figures = dict(zip(names, row, strict=True))
    assert figures["activeLoans"] == 2
    assert figures["totalSavings"] == 1500.5
    types = {h["columnName"]: h["columnDisplayType"] for h in body["columnHeaders"]}
    assert types["totalSavings"] == "DECIMAL"
    assert types["activeLoans"] == "INTEGER"


def test_a_client_of_another_office_does_not_exist(api_as, make_user, make_office, make_client):
    client = make_client(office=make_office(name="Mombasa"))
    outsider = make_user(("ALL_FUNCTIONS",), office=make_office(name="Eldoret"))
    response = run(api_as(outsider), "ClientSummary", R_clientId=client.pk)
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.client.id.invalid"
    )


def test_the_report_needs_its_own_permission(api_as, make_user, make_client):
    client = make_client()
    reader = make_user(("READ_CLIENT",))
    refused = run(api_as(reader), "ClientSummary", R_clientId=client.pk)
    assert refused.status_code == 403
    assert refused.json()["userMessageGlobalisationCode"] == "error.msg.not.authorized"
    runner = make_user(("READ_ClientSummary",))
    assert run(api_as(runner), "ClientSummary", R_clientId=client.pk).status_code == 200


@pytest.mark.parametrize("value", [None, "", "abc"])
def test_the_client_parameter_is_required_and_a_number(api, value):
    params = {} if value is None else {"R_clientId": value}
    response = run(api, "ClientSummary", **params)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["parameterName"] == "R_clientId"
    assert error["userMessageGlobalisationCode"].startswith("validation.msg.")


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_a_report_mteja_does_not_run_is_a_json_404(api, method):
    response = getattr(api, method)(f"{BASE}/runreports/Active%20Loans%20-%20Details?R_officeId=1")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.resource.not.found"
