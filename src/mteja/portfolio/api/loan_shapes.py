"""The parts of Fineract's loan answers that Mteja's loans do not hold but that the Mifos X
web-app's loan view reads unconditionally: the summary's columns for fees, penalties,
waivers and write-offs (Mteja has none: zero), the lists of features it does not offer
(charges, collateral, term variations: empty), and the flags of every transaction type.
Each answers what is true of a Mteja loan (docs/fineract-compat.md)."""

from __future__ import annotations

from decimal import Decimal

from mteja.core import clock, wire
from mteja.portfolio.models import ZERO, LoanStatus, LoanTransactionType, currency_out, rounded

NOT_OFFERED = {
    "charges": [],
    "overdueCharges": [],
    "collateral": [],
    "guarantors": [],
    "loanTermVariations": [],
    "disbursementDetails": [],
    "multiDisburseLoan": False,
    "isVariableInstallmentsAllowed": False,
    "isLoanProductLinkedToFloatingRate": False,
    "isFloatingInterestRate": False,
    "isInterestRecalculationEnabled": False,
    "recalculateInterest": False,
    "chargedOff": False,
    "enableIncomeCapitalization": False,
    "isTopup": False,
    "isNPA": False,
    "fraud": False,
    "totalOverpaid": ZERO,
}

# Summary columns of things Mteja loans never have.
NONE_OF = (
    "principalAdjustments", "principalWaived", "principalWrittenOff",
    "interestWaived", "interestWrittenOff",
    "feeChargesCharged", "feeChargesPaid", "feeChargesWaived", "feeChargesWrittenOff",
    "feeChargesOutstanding", "feeChargesOverdue",
    "penaltyChargesCharged", "penaltyChargesPaid", "penaltyChargesWaived",
    "penaltyChargesWrittenOff", "penaltyChargesOutstanding", "penaltyChargesOverdue",
    "totalWaived", "totalWrittenOff",
)  # fmt: skip

# Every flag of Fineract's LoanTransactionEnumData, false unless the type is the flag's.
TRANSACTION_FLAGS = (
    "disbursement", "repaymentAtDisbursement", "repayment", "merchantIssuedRefund",
    "payoutRefund", "goodwillCredit", "chargeRefund", "contra", "waiveInterest", "waiveCharges",
    "accrual", "writeOff", "recoveryRepayment", "initiateTransfer", "approveTransfer",
    "withdrawTransfer", "rejectTransfer", "chargePayment", "refund", "refundForActiveLoans",
    "creditBalanceRefund", "chargeAdjustment", "chargeback", "chargeoff", "downPayment",
    "reAge", "reAmortize", "interestPaymentWaiver", "interestRefund", "accrualActivity",
    "reversal",
)  # fmt: skip
FLAG_OF = {
    LoanTransactionType.DISBURSEMENT: "disbursement",
    LoanTransactionType.REPAYMENT: "repayment",
    LoanTransactionType.REVERSAL: "reversal",
}


def transaction_flags(kind: int) -> dict:
    return {flag: FLAG_OF.get(kind) == flag for flag in TRANSACTION_FLAGS}


def summary_extras(loan) -> dict:
    digits, pos = loan.digits, loan.position
    none = rounded(ZERO, digits)
    return {
        "totalPrincipal": rounded(pos.principal, digits),
        "principalOverdue": rounded(pos.principal_overdue, digits),
        "interestOverdue": rounded(pos.interest_overdue, digits),
        **dict.fromkeys(NONE_OF, none),
    }


ACTUAL_DAYS = wire.enum_out(1, "DaysInMonthType.actual", "Actual")
ACTUAL_YEAR = wire.enum_out(1, "DaysInYearType.actual", "Actual")
REGULAR_CHARGE_OFF = wire.enum_out(0, "ChargeOffBehaviour.regular", "Regular")
SAME_AS_REPAYMENT = wire.enum_out(
    1, "interestCalculationPeriodType.same.as.repayment.period", "Same as repayment period"
)
STRATEGY = {"code": "mifos-standard-strategy", "name": "Penalties, Fees, Interest, Principal order"}
PERIODS_A_YEAR = {0: 365, 1: 52, 2: 12}  # days, weeks, months (Frequency)


def settings(loan, frequency: dict) -> dict:
    """How the loan reckons interest and allocates repayments, as the account-detail tab
    reads it: the rate is per repayment period, days as they fall, interest then principal."""
    per_year = Decimal(PERIODS_A_YEAR[loan.repayment_frequency_type]) / loan.repayment_every
    return {
        "interestRateFrequencyType": frequency,
        "annualInterestRate": rounded(loan.interest_rate_per_period * per_year, 6).normalize(),
        "interestCalculationPeriodType": SAME_AS_REPAYMENT,
        "transactionProcessingStrategyCode": STRATEGY["code"],
        "transactionProcessingStrategyName": STRATEGY["name"],
        "daysInMonthType": ACTUAL_DAYS,
        "daysInYearType": ACTUAL_YEAR,
        "chargeOffBehaviour": REGULAR_CHARGE_OFF,
        "isEqualAmortization": False,
        "allowPartialPeriodInterestCalculation": False,
        "interestRecognitionOnDisbursementDate": False,
        "enableDownPayment": False,
        "enableInstallmentLevelDelinquency": False,
        "canDefineInstallmentAmount": False,
    }


def detail_extras(loan) -> dict:
    client = loan.client
    pos = loan.position
    return {
        "clientAccountNo": client.account_no,
        "clientOfficeName": client.office.name,
        "loanProductId": loan.product_id,
        "loanProductName": loan.product.name,
        "loanProductDescription": loan.product.description,
        "proposedPrincipal": rounded(loan.principal, loan.digits),
        "canDisburse": loan.status == LoanStatus.APPROVED,
        "delinquent": {
            "pastDueDays": pos.days_in_arrears,
            "delinquentDays": pos.days_in_arrears,
            "delinquentAmount": rounded(pos.overdue, loan.digits),
            "delinquentDate": None,
            "delinquencyPausePeriods": [],
        },
        **NOT_OFFERED,
    }


def schedule_period_extras(period, balance_after, digits: int) -> dict:
    none = rounded(ZERO, digits)
    return {
        "daysInPeriod": (period.due_date - period.from_date).days,
        "principalOriginalDue": rounded(period.principal, digits),
        "principalLoanBalanceOutstanding": rounded(balance_after, digits),
        "interestOriginalDue": rounded(period.interest, digits),
        "feeChargesDue": none,
        "penaltyChargesDue": none,
        "totalOriginalDueForPeriod": rounded(period.total, digits),
        "totalWaivedForPeriod": none,
        "totalWrittenOffForPeriod": none,
        "totalPaidInAdvanceForPeriod": none,
        "totalPaidLateForPeriod": none,
        "totalActualCostOfLoanForPeriod": rounded(period.interest, digits),
    }


def schedule_extras(loan) -> dict:
    digits, pos = loan.digits, loan.position
    none = rounded(ZERO, digits)
    return {
        "totalFeeChargesCharged": none,
        "totalPenaltyChargesCharged": none,
        "totalWaived": none,
        "totalWrittenOff": none,
        "totalPaidInAdvance": none,
        "totalPaidLate": none,
        "totalRepayment": rounded(pos.paid, digits),
        "totalOutstanding": rounded(pos.outstanding, digits),
    }


def approval_template(loan) -> dict:
    """`GET /loans/{id}/template?templateType=approval`: what the approval screen starts from
    (Mteja approves the amount applied for)."""
    principal = rounded(loan.principal, loan.digits)
    return {
        "approvalDate": wire.date_out(clock.today()),
        "approvalAmount": principal,
        "netDisbursalAmount": principal,
        "expectedDisbursementDate": wire.date_out(loan.expected_disbursement_date),
        "currency": currency_out(loan.product.currency_code),
    }


def disbursement_template(loan, kind: dict, payment_types: list) -> dict:
    """`GET /loans/{id}/transactions/template?command=disburse`: the whole principal, on the
    expected date."""
    principal = rounded(loan.principal, loan.digits)
    return {
        "type": kind,
        "date": wire.date_out(loan.expected_disbursement_date),
        "currency": currency_out(loan.product.currency_code),
        "amount": principal,
        "netDisbursalAmount": principal,
        "principalPortion": principal,
        "paymentTypeOptions": payment_types,
    }
