"""What the request bodies of products, accounts, commands and transactions may hold."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mteja.core.api.fields import IdField, RequestDateField, StrictCharField
from mteja.core.api.inputs import InputSerializer
from mteja.portfolio.models import AmortizationType, Frequency, InterestType
from mteja.portfolio.models.money import CURRENCIES

# The creation body's parameters of features Mteja lacks (checked in api/loan_template.py).
NOT_OFFERED = (
    "loanPurposeId", "fundId", "linkAccountId", "loanIdToClose", "fixedEmiAmount",
    "maxOutstandingLoanBalance", "balloonRepaymentAmount", "repaymentsStartingFromDate",
    "interestChargedFromDate", "repaymentFrequencyNthDayType", "repaymentFrequencyDayOfWeekType",
    "calendarId", "groupId",
)  # fmt: skip
ZERO_ONLY = (
    "graceOnInterestCharged", "graceOnPrincipalPayment", "graceOnInterestPayment",
    "graceOnArrearsAgeing", "inArrearsTolerance", "interestRateDifferential",
)  # fmt: skip
FALSE_ONLY = (
    "isFloatingInterestRate", "isEqualAmortization", "allowPartialPeriodInterestCalcualtion",
    "allowPartialPeriodInterestCalculation", "isTopup", "createStandingInstructionAtDisbursement",
    "interestRecognitionOnDisbursementDate", "enableInstallmentLevelDelinquency",
    "multiDisburseLoan",
)  # fmt: skip

# As DRF and Fineract read an amount: a JSON number or its text ("1500.50"); a blank text is
# an optional amount left out.
DECIMAL_TEXT = r"^\s*([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+))?\s*$"


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_TEXT}]})
class AmountField(serializers.DecimalField):
    """A decimal read from a number or a string."""


def money_field(**options):
    return AmountField(max_digits=19, decimal_places=6, min_value=0, **options)


def rate_field(**options):
    return AmountField(max_digits=9, decimal_places=6, min_value=0, **options)


def _choice(choices, **options):
    """An enum's id (Fineract's `interestType: 1`), documented as a bounded integer."""
    values = [int(v) for v in choices.values]
    return serializers.IntegerField(min_value=min(values), max_value=max(values), **options)


def _optional_int(**options):
    return serializers.IntegerField(required=False, allow_null=True, **options)


class ProductInput(InputSerializer):
    name = StrictCharField(max_length=100)
    shortName = StrictCharField(max_length=4)
    description = StrictCharField(max_length=500, required=False, allow_blank=True)
    currencyCode = serializers.ChoiceField(choices=sorted(CURRENCIES))
    # Fineract's clients send these; the currency's own precision decides.
    digitsAfterDecimal = _optional_int(min_value=0, max_value=6)
    inMultiplesOf = _optional_int(min_value=0, max_value=1000000)


class SavingsProductInput(ProductInput):
    resource = "savingsproduct"

    nominalAnnualInterestRate = rate_field(required=False)
    minRequiredBalance = money_field(required=False, allow_null=True)
    # Accepted for Fineract's clients, not used: interest is not posted by Mteja yet.
    interestCompoundingPeriodType = _optional_int()
    interestPostingPeriodType = _optional_int()
    interestCalculationType = _optional_int()
    interestCalculationDaysInYearType = _optional_int()
    accountingRule = _optional_int()


class LoanTermsInput(InputSerializer):
    interestRatePerPeriod = rate_field()
    interestType = _choice(InterestType)
    amortizationType = _choice(AmortizationType)
    repaymentEvery = serializers.IntegerField(min_value=1, max_value=366)
    repaymentFrequencyType = _choice(Frequency)
    numberOfRepayments = serializers.IntegerField(min_value=1, max_value=600)


# The body's loan terms and the fields they set.
LOAN_TERM_FIELDS = {
    "interestRatePerPeriod": "interest_rate_per_period",
    "interestType": "interest_type",
    "amortizationType": "amortization_type",
    "repaymentEvery": "repayment_every",
    "repaymentFrequencyType": "repayment_frequency_type",
    "numberOfRepayments": "number_of_repayments",
}


def loan_terms(data: dict) -> dict:
    """The terms a body gives, by field name."""
    return {f: data[p] for p, f in LOAN_TERM_FIELDS.items() if data.get(p) is not None}


class LoanProductInput(ProductInput, LoanTermsInput):
    resource = "loanproduct"

    principal = money_field(required=False, allow_null=True)
    interestRateFrequencyType = _optional_int()
    interestCalculationPeriodType = _optional_int()
    transactionProcessingStrategyCode = StrictCharField(max_length=100, required=False)
    accountingRule = _optional_int()


class SavingsAccountInput(InputSerializer):
    resource = "savingsaccount"

    clientId = IdField()
    productId = IdField()
    submittedOnDate = RequestDateField()
    fieldOfficerId = IdField(required=False, allow_null=True)
    externalId = StrictCharField(max_length=100, required=False, allow_blank=True, allow_null=True)
    nominalAnnualInterestRate = rate_field(required=False)
    # What the Mifos X web-app's creation screen sends: each must be what Mteja holds
    # (api/savings_shapes.unsupported_settings).
    interestCompoundingPeriodType = _optional_int()
    interestPostingPeriodType = _optional_int()
    interestCalculationType = _optional_int()
    interestCalculationDaysInYearType = _optional_int()
    allowOverdraft = serializers.BooleanField(required=False, allow_null=True)
    enforceMinRequiredBalance = serializers.BooleanField(required=False, allow_null=True)
    withdrawalFeeForTransfers = serializers.BooleanField(required=False, allow_null=True)
    withHoldTax = serializers.BooleanField(required=False, allow_null=True)
    minRequiredBalance = money_field(required=False, allow_null=True)
    minRequiredOpeningBalance = money_field(required=False, allow_null=True)
    lockinPeriodFrequency = _optional_int(min_value=0)
    lockinPeriodFrequencyType = _optional_int()
    charges = serializers.ListField(required=False, allow_empty=True)
    monthDayFormat = StrictCharField(max_length=20, required=False, allow_blank=True)


# What the Mifos X web-app sends of features Mteja lacks, any value read as given.
LackedLoanFeaturesInput = type(
    "LackedLoanFeaturesInput",
    (InputSerializer,),
    {
        name: serializers.JSONField(required=False, allow_null=True)
        for name in (*NOT_OFFERED, *ZERO_ONLY, *FALSE_ONLY, "charges", "collateral",
                     "disbursementData")
    },
)  # fmt: skip


class LoanInput(LackedLoanFeaturesInput):
    resource = "loan"

    clientId = IdField()
    productId = IdField()
    principal = money_field()
    submittedOnDate = RequestDateField()
    expectedDisbursementDate = RequestDateField(required=False)
    loanOfficerId = IdField(required=False, allow_null=True)
    externalId = StrictCharField(max_length=100, required=False, allow_blank=True, allow_null=True)
    loanType = StrictCharField(max_length=20, required=False)
    loanTermFrequency = _optional_int(min_value=0)
    loanTermFrequencyType = _optional_int()
    interestRatePerPeriod = rate_field(required=False)
    interestType = _choice(InterestType, required=False)
    amortizationType = _choice(AmortizationType, required=False)
    repaymentEvery = serializers.IntegerField(min_value=1, max_value=366, required=False)
    repaymentFrequencyType = _choice(Frequency, required=False)
    numberOfRepayments = serializers.IntegerField(min_value=1, max_value=600, required=False)
    interestCalculationPeriodType = _optional_int()
    transactionProcessingStrategyCode = StrictCharField(max_length=100, required=False)
    interestRateFrequencyType = _optional_int()


def _payment_fields() -> dict:
    """How money was paid (Fineract's payment details): the payment type is checked, the
    rest accepted as Fineract's screens send them."""
    return {
        "paymentTypeId": IdField(required=False, allow_null=True),
        # Sent blank by Fineract's screens; Mteja keeps no external id on a transaction.
        "externalId": StrictCharField(max_length=100, required=False, allow_blank=True),
        **{
            name: StrictCharField(max_length=50, required=False, allow_blank=True)
            for name in ("accountNumber", "checkNumber", "receiptNumber", "bankNumber",
                         "routingCode")
        },
    }  # fmt: skip


def _same_as_field(param: str):
    return (
        RequestDateField(required=False)
        if param.endswith("Date")
        else money_field(required=False, allow_null=True)
    )


def command_input(
    date_param: str,
    flags=(),
    resource: str = "",
    *,
    pays=False,
    accepted=(),
    same_as=(),
    name: str = "",
) -> type[InputSerializer]:
    """The body of one command: its date (none for an undo), a note, its flags; how money was
    paid when the command may pay some out (`pays`); booleans Fineract's screens send that
    change nothing in Mteja (`accepted`)."""
    fields = {
        **({date_param: RequestDateField(required=False)} if date_param else {}),
        **{param: _same_as_field(param) for param, _field in same_as},
        "note": StrictCharField(max_length=1000, required=False, allow_blank=True),
        "version": serializers.IntegerField(required=False, min_value=1),
        **{flag: serializers.BooleanField(required=False) for flag in (*flags, *accepted)},
        **(_payment_fields() if pays else {}),
    }
    part = date_param or name.title()
    class_name = f"{resource.title().replace('.', '')}{part[:1].upper()}{part[1:]}Input"
    return type(class_name, (InputSerializer,), {"resource": resource, **fields})


def officer_input(command, resource: str) -> type[InputSerializer]:
    """The body of an officer command (services/officers.py): its date, the new officer and
    the one it replaces (blank when the screen does not know it)."""
    fields = {
        command.date_param: RequestDateField(required=False),
        "version": serializers.IntegerField(required=False, min_value=1),
        **{
            param: IdField(required=False, allow_null=True)
            for param in (command.to_param, command.from_param)
            if param
        },
    }
    name = f"{resource.title()}{command.action.title()}Input"
    return type(name, (InputSerializer,), {"resource": resource, **fields})


TransactionInput = type(
    "TransactionInput",
    (InputSerializer,),
    {
        "resource": "transaction",
        "transactionDate": RequestDateField(),
        "transactionAmount": money_field(),
        "note": StrictCharField(max_length=1000, required=False, allow_blank=True),
        **_payment_fields(),
    },
)
