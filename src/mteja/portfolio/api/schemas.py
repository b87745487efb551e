"""The OpenAPI description of the portfolio's responses (api/outputs.py builds them): one
serializer per shape, used only to document them, so the schema and the answers agree."""

from rest_framework import serializers

from mteja.core.api.fields import DateTripletField, EnumOptionSerializer

Number = serializers.FloatField


def day_field(**options):
    return DateTripletField(allow_null=True, default=None, **options)


def nullable_int():
    return serializers.IntegerField(allow_null=True, default=None)


def nullable_text():
    return serializers.CharField(allow_null=True, default=None)


class CurrencyOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    decimalPlaces = serializers.IntegerField()
    inMultiplesOf = serializers.IntegerField()
    displaySymbol = serializers.CharField()
    nameCode = serializers.CharField()
    displayLabel = serializers.CharField()


class SavingsStatusOut(EnumOptionSerializer):
    submittedAndPendingApproval = serializers.BooleanField()
    approved = serializers.BooleanField()
    rejected = serializers.BooleanField()
    withdrawnByApplicant = serializers.BooleanField()
    active = serializers.BooleanField()
    closed = serializers.BooleanField()
    prematureClosed = serializers.BooleanField()
    transferInProgress = serializers.BooleanField()
    transferOnHold = serializers.BooleanField()
    matured = serializers.BooleanField()


class LoanStatusOut(EnumOptionSerializer):
    pendingApproval = serializers.BooleanField()
    waitingForDisbursal = serializers.BooleanField()
    active = serializers.BooleanField()
    closedObligationsMet = serializers.BooleanField()
    closedWrittenOff = serializers.BooleanField()
    closedRescheduled = serializers.BooleanField()
    closed = serializers.BooleanField()
    overpaid = serializers.BooleanField()


class ProductOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    shortName = serializers.CharField()
    description = serializers.CharField()
    currency = CurrencyOut()


class SavingsProductOut(ProductOut):
    nominalAnnualInterestRate = Number()
    minRequiredBalance = Number()


class TermsOut(serializers.Serializer):
    interestRatePerPeriod = Number()
    interestType = EnumOptionSerializer()
    amortizationType = EnumOptionSerializer()
    repaymentEvery = serializers.IntegerField()
    repaymentFrequencyType = EnumOptionSerializer()
    numberOfRepayments = serializers.IntegerField()


class LoanProductOut(ProductOut, TermsOut):
    principal = Number(allow_null=True, default=None)


class ProductDetailExtras(serializers.Serializer):
    accountingRule = EnumOptionSerializer(help_text="NONE: Mteja keeps no ledger.")
    charges = serializers.ListField(child=serializers.DictField(), help_text="Always empty.")


class SavingsProductDetailOut(SavingsProductOut, ProductDetailExtras):
    interestCompoundingPeriodType = EnumOptionSerializer()
    interestPostingPeriodType = EnumOptionSerializer()
    interestCalculationType = EnumOptionSerializer()
    interestCalculationDaysInYearType = EnumOptionSerializer()
    allowOverdraft = serializers.BooleanField()


class LoanProductDetailOut(LoanProductOut, ProductDetailExtras):
    allowAttributeOverrides = serializers.DictField(child=serializers.BooleanField())
    interestCalculationPeriodType = EnumOptionSerializer()
    transactionProcessingStrategyCode = serializers.CharField()
    daysInMonthType = EnumOptionSerializer()
    daysInYearType = EnumOptionSerializer()


class SavingsTimelineOut(serializers.Serializer):
    submittedOnDate = day_field()
    rejectedOnDate = day_field()
    withdrawnOnDate = day_field()
    approvedOnDate = day_field()
    activatedOnDate = day_field()
    closedOnDate = day_field()


class AccountOut(serializers.Serializer):
    id = serializers.IntegerField()
    accountNo = nullable_text()
    externalId = nullable_text()
    productId = serializers.IntegerField()
    productName = serializers.CharField()
    shortProductName = serializers.CharField()
    currency = CurrencyOut()


class SavingsSummaryOut(AccountOut):
    status = SavingsStatusOut()
    accountBalance = Number()
    accountType = EnumOptionSerializer()
    depositType = EnumOptionSerializer()
    lastActiveTransactionDate = day_field()
    timeline = SavingsTimelineOut()


class SavingsTransactionTypeOut(EnumOptionSerializer):
    deposit = serializers.BooleanField()
    withdrawal = serializers.BooleanField()


class SavingsTransactionOut(serializers.Serializer):
    id = serializers.IntegerField()
    transactionType = SavingsTransactionTypeOut()
    accountId = serializers.IntegerField()
    accountNo = nullable_text()
    date = day_field()
    currency = CurrencyOut()
    amount = Number()
    runningBalance = Number()
    reversed = serializers.BooleanField()
    reversesId = nullable_int()
    submittedOnDate = day_field()


class SavingsBalancesOut(serializers.Serializer):
    currency = CurrencyOut()
    accountBalance = Number()
    availableBalance = Number()


class SavingsDetailOut(SavingsSummaryOut):
    clientId = serializers.IntegerField()
    clientName = serializers.CharField()
    officeId = serializers.IntegerField()
    fieldOfficerId = nullable_int()
    fieldOfficerName = nullable_text()
    nominalAnnualInterestRate = Number()
    minRequiredBalance = Number()
    summary = SavingsBalancesOut()
    version = serializers.IntegerField()
    transactions = SavingsTransactionOut(many=True, required=False)


class SavingsPageOut(serializers.Serializer):
    totalFilteredRecords = serializers.IntegerField()
    pageItems = SavingsSummaryOut(many=True)


class SavingsTemplateOut(serializers.Serializer):
    productOptions = SavingsProductOut(many=True)
    clientId = serializers.IntegerField(required=False)
    clientName = serializers.CharField(required=False)
    officeId = serializers.IntegerField(required=False)


class LoanTimelineOut(serializers.Serializer):
    submittedOnDate = day_field()
    rejectedOnDate = day_field()
    withdrawnOnDate = day_field()
    approvedOnDate = day_field()
    expectedDisbursementDate = day_field()
    actualDisbursementDate = day_field()
    closedOnDate = day_field()


class LoanSummaryOut(AccountOut):
    status = LoanStatusOut()
    loanType = EnumOptionSerializer()
    loanCycle = serializers.IntegerField()
    principal = Number()
    originalLoan = Number()
    loanBalance = Number()
    amountPaid = Number()
    inArrears = serializers.BooleanField()
    timeline = LoanTimelineOut()


class LoanBalancesOut(serializers.Serializer):
    currency = CurrencyOut()
    principalDisbursed = Number()
    principalPaid = Number()
    principalOutstanding = Number()
    interestCharged = Number()
    interestPaid = Number()
    interestOutstanding = Number()
    totalExpectedRepayment = Number()
    totalRepayment = Number()
    totalOutstanding = Number()
    totalOverdue = Number()
    overdueSinceDate = day_field()
    daysInArrears = serializers.IntegerField()


class PeriodOut(serializers.Serializer):
    period = serializers.IntegerField()
    fromDate = day_field()
    dueDate = day_field()
    complete = serializers.BooleanField()
    principalDue = Number()
    principalPaid = Number()
    principalOutstanding = Number()
    interestDue = Number()
    interestPaid = Number()
    interestOutstanding = Number()
    totalDueForPeriod = Number()
    totalPaidForPeriod = Number()
    totalOutstandingForPeriod = Number()


class ScheduleOut(serializers.Serializer):
    currency = CurrencyOut()
    loanTermInDays = serializers.IntegerField()
    totalPrincipalExpected = Number()
    totalInterestCharged = Number()
    totalRepaymentExpected = Number()
    periods = PeriodOut(many=True)


class LoanTransactionTypeOut(EnumOptionSerializer):
    disbursement = serializers.BooleanField()
    repayment = serializers.BooleanField()
    reversal = serializers.BooleanField()


class LoanTransactionOut(serializers.Serializer):
    id = serializers.IntegerField()
    type = LoanTransactionTypeOut()
    date = day_field()
    currency = CurrencyOut()
    amount = Number()
    principalPortion = Number()
    interestPortion = Number()
    feeChargesPortion = Number()
    penaltyChargesPortion = Number()
    outstandingLoanBalance = Number()
    manuallyReversed = serializers.BooleanField()


class LoanDetailOut(LoanSummaryOut, TermsOut):
    clientId = serializers.IntegerField()
    clientName = serializers.CharField()
    clientOfficeId = serializers.IntegerField()
    loanOfficerId = nullable_int()
    loanOfficerName = nullable_text()
    approvedPrincipal = Number()
    summary = LoanBalancesOut()
    version = serializers.IntegerField()
    repaymentSchedule = ScheduleOut(required=False)
    transactions = LoanTransactionOut(many=True, required=False)


class LoanPageOut(serializers.Serializer):
    totalFilteredRecords = serializers.IntegerField()
    pageItems = LoanSummaryOut(many=True)


class LoanTemplateOut(LoanProductOut):
    """The product's own fields appear only when `productId` names one."""

    productOptions = LoanProductOut(many=True)
    productId = serializers.IntegerField(required=False)
    clientId = serializers.IntegerField(required=False)
    clientName = serializers.CharField(required=False)
    clientOfficeId = serializers.IntegerField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if name not in {"productOptions"}:
                field.required = False
        return fields


class ClientAccountsOut(serializers.Serializer):
    savingsAccounts = SavingsSummaryOut(many=True)
    loanAccounts = LoanSummaryOut(many=True)
    shareAccounts = serializers.ListField(child=serializers.DictField())


class SavingsTransactionTemplateOut(serializers.Serializer):
    accountId = serializers.IntegerField()
    accountNo = nullable_text()
    date = day_field()
    currency = CurrencyOut()
    paymentTypeOptions = serializers.ListField(child=serializers.DictField())


class LoanTransactionTemplateOut(serializers.Serializer):
    type = EnumOptionSerializer()
    date = day_field()
    currency = CurrencyOut()
    amount = Number()
    principalPortion = Number()
    interestPortion = Number()
    feeChargesPortion = Number()
    penaltyChargesPortion = Number()
    paymentTypeOptions = serializers.ListField(child=serializers.DictField())
