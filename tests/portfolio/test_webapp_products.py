"""The products' view pages of the Mifos X web-app: `GET /savingsproducts/{id}?template=false`
and `GET /loanproducts/{id}?template=false`, with the fields their general tabs read."""

import pytest

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db
NONE_RULE = {"id": 1, "code": "accountingRuleType.none", "value": "NONE"}


def test_savings_product_view(api, savings_product):
    body = api.get(f"{BASE}/savingsproducts/{savings_product.pk}?template=false").json()
    assert (body["name"], body["shortName"]) == ("Passbook savings", "PBS")
    assert body["currency"]["code"] == "KES"
    assert body["currency"].keys() >= {"name", "decimalPlaces", "inMultiplesOf"}
    assert body["nominalAnnualInterestRate"] == 5
    assert body["minRequiredBalance"] == 100
    # The settings Mteja's savings use (the same as every account of the product shows).
    assert body["interestCompoundingPeriodType"]["value"] == "Daily"
    assert body["interestPostingPeriodType"]["value"] == "Monthly"
    assert body["interestCalculationType"]["value"] == "Daily Balance"
    assert body["interestCalculationDaysInYearType"]["value"] == "365 Days"
    assert body["charges"] == [] and body["accountingRule"] == NONE_RULE
    assert body["allowOverdraft"] is False and body["withHoldTax"] is False
    assert body["isDormancyTrackingActive"] is False


def test_loan_product_view(api, loan_product):
    body = api.get(f"{BASE}/loanproducts/{loan_product.pk}?template=false").json()
    assert (body["name"], body["numberOfRepayments"], body["repaymentEvery"]) == (
        "Business loan",
        12,
        1,
    )
    assert body["repaymentFrequencyType"]["value"] == "Months"
    assert body["interestRatePerPeriod"] == 2
    assert body["annualInterestRate"] == 24  # 2 % a month
    assert body["interestCalculationPeriodType"]["id"] == 1
    assert body["transactionProcessingStrategyCode"] == "mifos-standard-strategy"
    assert body["daysInYearType"]["value"] == "Actual"
    assert body["allowAttributeOverrides"]["interestType"] is True
    assert body["allowAttributeOverrides"]["inArrearsTolerance"] is False
    assert body["accountingRule"] == NONE_RULE and body["charges"] == []
    assert body["loanScheduleType"]["code"] == "CUMULATIVE"
    assert body["isInterestRecalculationEnabled"] is False


def test_an_unknown_product_is_a_404(api):
    for path in ("savingsproducts", "loanproducts"):
        response = api.get(f"{BASE}/{path}/999")
        assert response.status_code == 404
        assert codes_of(response)[0].endswith(".id.invalid")
