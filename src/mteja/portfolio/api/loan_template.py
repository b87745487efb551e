"""Creating a loan from the Mifos X web-app: the product's template
(`GET /loans/template?templateType=individual&clientId=&productId=`), the schedule preview
(`POST /loans?command=calculateLoanSchedule`) and what the creation body may ask.

The screen offers Fineract's every loan feature; the template offers what Mteja does (its
interest methods, amortisations and frequencies; interest per repayment period, computed
over the same period; interest then principal), and a body asking for anything else (a
purpose, a fund, grace periods, a top-up, charges…) is refused, never silently ignored."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mteja.core import wire
from mteja.core.errors import ParameterError
from mteja.portfolio.api import outputs
from mteja.portfolio.api.inputs import FALSE_ONLY, NOT_OFFERED, ZERO_ONLY
from mteja.portfolio.api.loan_shapes import SAME_AS_REPAYMENT, STRATEGY, settings
from mteja.portfolio.models import (
    AMORTIZATION_CODES,
    FREQUENCY_CODES,
    INTEREST_TYPE_CODES,
    AmortizationType,
    Frequency,
    InterestType,
)

CUMULATIVE = wire.enum_out(1, "CUMULATIVE", "Cumulative")
# Which product terms a loan may change: Mteja's loans keep their own interest method,
# amortisation and repayment interval; the rest is the same for every loan.
OVERRIDES = {
    "repaymentEvery": True, "interestType": True, "amortizationType": True,
    "interestCalculationPeriodType": False, "inArrearsTolerance": False,
    "transactionProcessingStrategyCode": False, "graceOnPrincipalAndInterestPayment": False,
    "graceOnArrearsAgeing": False,
}  # fmt: skip


def _options(choices, codes) -> list[dict]:
    return [wire.enum_out(c.value, codes[c], str(c.label)) for c in choices]


def product_detail(product) -> dict:
    """GET /loanproducts/{id}: the product with how its loans reckon interest and what they
    may change, as its view page reads them; no charges, no accounting."""
    body = outputs.loan_product(product)
    body.update(settings(product, body["repaymentFrequencyType"]))
    body.update(allowAttributeOverrides=OVERRIDES, accountingRule=outputs.NO_ACCOUNTING,
                charges=[], loanScheduleType=CUMULATIVE, multiDisburseLoan=False,
                isInterestRecalculationEnabled=False, isLinkedToFloatingInterestRates=False,
                holdGuaranteeFunds=False, paymentAllocation=[], creditAllocation=[],
                supportedInterestRefundTypes=[])  # fmt: skip
    return body


def product_template(product, client) -> dict:
    body = outputs.loan_product(product)
    frequency = body["repaymentFrequencyType"]
    body.update(
        loanProductId=product.pk,
        loanProductName=product.name,
        product={"id": product.pk, "name": product.name, "enableDownPayment": False,
                 "enableIncomeCapitalization": False, "multiDisburseLoan": False,
                 "allowAttributeOverrides": OVERRIDES},
        termFrequency=product.repayment_every * product.number_of_repayments,
        termPeriodFrequencyType=frequency,
        interestRateFrequencyType=frequency,
        interestRateFrequencyTypeOptions=[frequency],
        interestCalculationPeriodType=SAME_AS_REPAYMENT,
        interestCalculationPeriodTypeOptions=[SAME_AS_REPAYMENT],
        transactionProcessingStrategyCode=STRATEGY["code"],
        transactionProcessingStrategyOptions=[STRATEGY],
        loanScheduleType=CUMULATIVE,
        isEqualAmortization=False,
        allowPartialPeriodInterestCalculation=False,
        multiDisburseLoan=False,
        isLoanProductLinkedToFloatingRate=False,
        isInterestRecalculationEnabled=False,
        interestTypeOptions=_options(InterestType, INTEREST_TYPE_CODES),
        amortizationTypeOptions=_options(AmortizationType, AMORTIZATION_CODES),
        termFrequencyTypeOptions=_options(Frequency, FREQUENCY_CODES),
        repaymentFrequencyTypeOptions=_options(Frequency, FREQUENCY_CODES),
        repaymentFrequencyNthDayTypeOptions=[],
        repaymentFrequencyDaysOfWeekTypeOptions=[],
        loanOfficerOptions=outputs.officer_options(client),
        loanPurposeOptions=[], fundOptions=[], chargeOptions=[], charges=[], overdueCharges=[],
        clientActiveLoanOptions=[], calendarOptions=[], datatables=[],
        loanCollateralOptions=[],
    )  # fmt: skip
    return body


def unsupported(data: dict, product) -> list[ParameterError]:
    """What a creation body asks that Mteja does not do."""
    problems = []

    def refuse(param, message):
        problems.append(ParameterError(f"validation.msg.loan.{param}.not.supported", param,
                                       message, data.get(param)))  # fmt: skip

    for param in NOT_OFFERED:
        if data.get(param) not in (None, "", [], 0):
            refuse(param, _("Mteja loans have no such feature."))
    for param in ZERO_ONLY:
        if data.get(param) not in (None, "", 0):
            refuse(param, _("Mteja loans have no such feature."))
    for param in FALSE_ONLY:
        if data.get(param) not in (None, "", False):
            refuse(param, _("Mteja loans have no such feature."))
    for param in ("charges", "collateral", "disbursementData"):
        if data.get(param):
            refuse(param, _("Mteja loans have no such feature."))
    frequency = data.get("repaymentFrequencyType", product.repayment_frequency_type)
    every = data.get("repaymentEvery") or product.repayment_every
    count = data.get("numberOfRepayments") or product.number_of_repayments
    for param in ("interestRateFrequencyType", "loanTermFrequencyType"):
        if data.get(param) not in (None, frequency):
            refuse(param, _("Mteja reckons this in the repayment frequency."))
    if data.get("loanTermFrequency") not in (None, every * count):
        refuse("loanTermFrequency", _("The term is the repayments times their interval."))
    if data.get("interestCalculationPeriodType") not in (None, SAME_AS_REPAYMENT["id"]):
        refuse("interestCalculationPeriodType", _("Interest is computed per repayment period."))
    if data.get("transactionProcessingStrategyCode") not in (None, "", STRATEGY["code"]):
        refuse("transactionProcessingStrategyCode", _("Repayments pay interest, then principal."))
    return problems
