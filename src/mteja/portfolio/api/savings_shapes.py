"""The parts of Fineract's SavingsAccountData that Mteja's savings do not hold but that the
Mifos X web-app reads unconditionally: the sub-status (blocks, dormancy), the interest
settings, the flags of features Mteja does not offer (overdraft, withholding tax, holds) and
the summary's totals. Each answers what is true of a Mteja account: never blocked, never
dormant, no overdraft, no interest posted (docs/fineract-compat.md)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from mteja.core import wire
from mteja.core.errors import ParameterError
from mteja.portfolio.models import ZERO, SavingsTransaction, SavingsTransactionType, rounded

# Fineract's SavingsAccountSubStatusEnum: Mteja blocks no account and tracks no dormancy.
SUB_STATUS_NONE = {
    **wire.enum_out(0, "SavingsAccountSubStatusEnum.none", "None"),
    "none": True,
    "inactive": False,
    "dormant": False,
    "escheat": False,
    "block": False,
    "blockCredit": False,
    "blockDebit": False,
}

# The settings Fineract's products declare for interest. Mteja keeps the rate but posts no
# interest yet: these are Fineract's defaults, answered so that screens reading them open,
# with nothing earned or posted in the summary.
INTEREST_SETTINGS = {
    "interestCompoundingPeriodType": wire.enum_out(
        1, "savings.interest.period.savingsCompoundingInterestPeriodType.daily", "Daily"
    ),
    "interestPostingPeriodType": wire.enum_out(
        4, "savings.interest.posting.period.savingsPostingInterestPeriodType.monthly", "Monthly"
    ),
    "interestCalculationType": wire.enum_out(
        1, "savingsInterestCalculationType.dailybalance", "Daily Balance"
    ),
    "interestCalculationDaysInYearType": wire.enum_out(
        365, "savingsInterestCalculationDaysInYearType.days365", "365 Days"
    ),
}

NOT_OFFERED = {
    "allowOverdraft": False,
    "enforceMinRequiredBalance": False,
    "withdrawalFeeForTransfers": False,
    "withHoldTax": False,
    "lienAllowed": False,
    "isDormancyTrackingActive": False,
    "charges": [],
}

# Every flag of Fineract's SavingsAccountTransactionEnumData, false unless set below.
TRANSACTION_FLAGS = (
    "deposit", "dividendPayout", "withdrawal", "interestPosting", "feeDeduction",
    "initiateTransfer", "approveTransfer", "withdrawTransfer", "rejectTransfer",
    "overdraftInterest", "writtenoff", "overdraftFee", "withholdTax", "escheat",
    "amountHold", "amountRelease", "accrual",
)  # fmt: skip
FLAG_OF = {SavingsTransactionType.DEPOSIT: "deposit",
           SavingsTransactionType.WITHDRAWAL: "withdrawal"}  # fmt: skip


def transaction_flags(kind: int) -> dict:
    return {flag: FLAG_OF.get(kind) == flag for flag in TRANSACTION_FLAGS}


def totals(account) -> dict:
    """Deposits and withdrawals not reversed (one query)."""
    rows = (
        SavingsTransaction.objects.filter(account=account, reversed_by__isnull=True)
        .values("type")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    sums = {row["type"]: row["total"] for row in rows}
    digits = account.digits
    return {
        "totalDeposits": rounded(sums.get(SavingsTransactionType.DEPOSIT, ZERO), digits),
        "totalWithdrawals": rounded(sums.get(SavingsTransactionType.WITHDRAWAL, ZERO), digits),
        "totalInterestEarned": rounded(ZERO, digits),
        "totalInterestPosted": rounded(ZERO, digits),
        "interestNotPosted": rounded(ZERO, digits),
        "totalOverdraftInterestDerived": rounded(ZERO, digits),
    }


def option_lists() -> dict:
    """The choices of the creation screen: for each interest setting, the one value Mteja
    answers (INTEREST_SETTINGS); no lock-in, no charges."""
    options = {f"{name}Options": [value] for name, value in INTEREST_SETTINGS.items()}
    return {**options, "lockinPeriodFrequencyTypeOptions": [], "chargeOptions": []}


# What the creation screen sends that Mteja holds one value of: another value is refused.
OFFERED_ONLY = {
    **{name: value["id"] for name, value in INTEREST_SETTINGS.items()},
    "allowOverdraft": False,
    "enforceMinRequiredBalance": False,
    "withdrawalFeeForTransfers": False,
    "withHoldTax": False,
}


def unsupported_settings(data: dict, product) -> list[ParameterError]:
    """What a creation body asks that Mteja does not do: a setting other than the one it
    holds, a rate or minimum balance other than the product's, a lock-in, an opening
    balance, charges."""
    wanted = {**OFFERED_ONLY,
              "nominalAnnualInterestRate": product.nominal_annual_interest_rate,
              "minRequiredBalance": product.min_required_balance,
              "lockinPeriodFrequency": 0, "minRequiredOpeningBalance": ZERO}  # fmt: skip
    problems = [
        ParameterError(
            f"validation.msg.savingsaccount.{param}.not.supported",
            param,
            _("Mteja offers %(value)s only.") % {"value": value},
            data[param],
        )
        for param, value in wanted.items()
        if data.get(param) is not None and data[param] != value
    ]
    if data.get("charges"):
        problems.append(ParameterError("validation.msg.savingsaccount.charges.not.supported",
                                       "charges", _("Mteja has no charges."), None))  # fmt: skip
    return problems
