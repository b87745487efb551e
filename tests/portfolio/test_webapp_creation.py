"""Creating savings accounts and loans from the Mifos X web-app's client page: the product
templates its steppers read and the bodies they send (copied from the web-app's requests)."""

import pytest

from mteja.portfolio.models import Loan, SavingsAccount

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db
WEBAPP = {"dateFormat": "dd MMMM yyyy", "locale": "en"}


def _savings_body(client, product, **changes):
    return {
        "productId": product.pk, "submittedOnDate": "03 February 2024", "fieldOfficerId": "",
        "externalId": "", "nominalAnnualInterestRate": 5, "interestCompoundingPeriodType": 1,
        "interestPostingPeriodType": 4, "interestCalculationType": 1,
        "interestCalculationDaysInYearType": 365, "withdrawalFeeForTransfers": False,
        "lockinPeriodFrequency": "", "lockinPeriodFrequencyType": "", "allowOverdraft": False,
        "enforceMinRequiredBalance": False, "minRequiredBalance": 100, "charges": [],
        "monthDayFormat": "dd MMMM", "clientId": client.pk, **WEBAPP, **changes,
    }  # fmt: skip


def test_savings_product_template_for_the_creation_screen(
    api, active_client, savings_product, make_staff
):
    officer = make_staff(office=active_client.office, is_loan_officer=True)
    make_staff(office=active_client.office, is_loan_officer=False)
    url = f"{BASE}/savingsaccounts/template?clientId={active_client.pk}&productId="
    body = api.get(url + str(savings_product.pk)).json()
    assert body["clientId"] == active_client.pk
    assert body["currency"]["code"] == "KES" and body["minRequiredBalance"] == 100.0
    assert body["interestCompoundingPeriodType"]["id"] == 1
    assert body["interestCompoundingPeriodTypeOptions"] == [body["interestCompoundingPeriodType"]]
    assert body["interestCalculationDaysInYearTypeOptions"][0]["id"] == 365
    assert body["chargeOptions"] == [] and body["lockinPeriodFrequencyTypeOptions"] == []
    assert [o["id"] for o in body["fieldOfficerOptions"]] == [officer.pk]


def test_savings_created_as_the_webapp_sends_it(api, active_client, savings_product):
    response = api.post(f"{BASE}/savingsaccounts", _savings_body(active_client, savings_product),
                        "json")  # fmt: skip
    assert response.status_code == 200, response.json()
    account = SavingsAccount.objects.get(pk=response.json()["resourceId"])
    assert (account.client, account.product) == (active_client, savings_product)


@pytest.mark.parametrize(
    ("param", "value"),
    [("allowOverdraft", True), ("interestPostingPeriodType", 7), ("nominalAnnualInterestRate", 9),
     ("minRequiredBalance", 50), ("lockinPeriodFrequency", 3), ("charges", [{"chargeId": 1}])],
)  # fmt: skip
def test_savings_creation_asking_what_mteja_lacks_is_refused(
    api, active_client, savings_product, param, value
):
    body = _savings_body(active_client, savings_product, **{param: value})
    response = api.post(f"{BASE}/savingsaccounts", body, "json")
    assert response.status_code == 400
    assert codes_of(response) == [f"validation.msg.savingsaccount.{param}.not.supported"]
    assert not SavingsAccount.objects.exists()


def _loan_body(client, product, **changes):
    return {
        "productId": product.pk, "loanOfficerId": "", "loanPurposeId": "", "fundId": "",
        "submittedOnDate": "03 February 2024", "expectedDisbursementDate": "05 February 2024",
        "externalId": "", "linkAccountId": "", "createStandingInstructionAtDisbursement": "",
        "loanTermFrequency": 12, "loanTermFrequencyType": 2, "numberOfRepayments": 12,
        "repaymentEvery": 1, "repaymentFrequencyType": 2, "repaymentFrequencyNthDayType": "",
        "repaymentFrequencyDayOfWeekType": "", "repaymentsStartingFromDate": None,
        "interestChargedFromDate": None, "interestType": 0, "isEqualAmortization": False,
        "amortizationType": 1, "interestCalculationPeriodType": 1, "loanIdToClose": "",
        "isTopup": "", "transactionProcessingStrategyCode": "mifos-standard-strategy",
        "interestRateFrequencyType": 2, "interestRatePerPeriod": 2, "charges": [],
        "collateral": [], "clientId": client.pk, "loanType": "individual", "principal": 10000,
        "allowPartialPeriodInterestCalcualtion": False, **WEBAPP, **changes,
    }  # fmt: skip


def test_loan_product_template_for_the_creation_screen(api, active_client, loan_product):
    url = f"{BASE}/loans/template?activeOnly=true&staffInSelectedOfficeOnly=true"
    body = api.get(f"{url}&clientId={active_client.pk}&templateType=individual"
                   f"&productId={loan_product.pk}").json()  # fmt: skip
    assert body["loanProductId"] == loan_product.pk and body["clientId"] == active_client.pk
    assert body["termFrequency"] == 12 and body["termPeriodFrequencyType"]["id"] == 2
    assert body["interestRateFrequencyType"] == body["repaymentFrequencyType"]
    assert body["loanScheduleType"]["code"] == "CUMULATIVE"
    assert body["product"]["allowAttributeOverrides"]["repaymentEvery"] is True
    assert body["product"]["allowAttributeOverrides"]["graceOnArrearsAgeing"] is False
    assert {o["id"] for o in body["interestTypeOptions"]} == {0, 1}
    assert body["transactionProcessingStrategyOptions"][0]["code"] == "mifos-standard-strategy"
    assert body["chargeOptions"] == [] and body["loanPurposeOptions"] == []


def test_loan_created_as_the_webapp_sends_it(api, active_client, loan_product):
    response = api.post(f"{BASE}/loans", _loan_body(active_client, loan_product), "json")
    assert response.status_code == 200, response.json()
    loan = Loan.objects.get(pk=response.json()["resourceId"])
    assert (loan.principal, loan.number_of_repayments, str(loan.expected_disbursement_date)) == (
        10000, 12, "2024-02-05")  # fmt: skip


def test_schedule_preview_saves_nothing(api, active_client, loan_product):
    body = _loan_body(active_client, loan_product)
    response = api.post(f"{BASE}/loans?command=calculateLoanSchedule", body, "json")
    assert response.status_code == 200, response.json()
    schedule = response.json()
    assert len(schedule["periods"]) == 12 and schedule["periods"][0]["dueDate"] == [2024, 3, 5]
    assert schedule["totalPrincipalExpected"] == 10000.0
    assert not Loan.objects.exists()


@pytest.mark.parametrize(
    ("param", "value"),
    [("loanPurposeId", 4), ("graceOnPrincipalPayment", 2), ("isTopup", True),
     ("charges", [{"chargeId": 1}]), ("loanTermFrequency", 10), ("interestRateFrequencyType", 3),
     ("transactionProcessingStrategyCode", "due-penalty-fee-interest-principal-in-advance")],
)  # fmt: skip
def test_loan_creation_asking_what_mteja_lacks_is_refused(
    api, active_client, loan_product, param, value
):
    body = _loan_body(active_client, loan_product, **{param: value})
    response = api.post(f"{BASE}/loans", body, "json")
    assert response.status_code == 400
    assert codes_of(response) == [f"validation.msg.loan.{param}.not.supported"]
    assert not Loan.objects.exists()
