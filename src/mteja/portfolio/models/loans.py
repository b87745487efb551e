"""Loans: products, loans, their repayment schedules and transactions."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mteja.core.constraints import unique_when_set
from mteja.core.declarations import Declaration, Wire
from mteja.portfolio.models.base import Account, Product, Transaction, officer_field
from mteja.portfolio.models.money import ZERO, amount_field, rate_field


class InterestType(models.IntegerChoices):
    DECLINING_BALANCE = 0, _("Declining balance")
    FLAT = 1, _("Flat")


class AmortizationType(models.IntegerChoices):
    EQUAL_PRINCIPAL = 0, _("Equal principal payments")
    EQUAL_INSTALLMENTS = 1, _("Equal installments")


class Frequency(models.IntegerChoices):
    DAYS = 0, _("Days")
    WEEKS = 1, _("Weeks")
    MONTHS = 2, _("Months")


INTEREST_TYPE_CODES = {
    InterestType.DECLINING_BALANCE: "interestType.declining.balance",
    InterestType.FLAT: "interestType.flat",
}
AMORTIZATION_CODES = {
    AmortizationType.EQUAL_PRINCIPAL: "amortizationType.equal.principal",
    AmortizationType.EQUAL_INSTALLMENTS: "amortizationType.equal.installments",
}
FREQUENCY_CODES = {
    Frequency.DAYS: "repaymentFrequency.periodFrequencyType.days",
    Frequency.WEEKS: "repaymentFrequency.periodFrequencyType.weeks",
    Frequency.MONTHS: "repaymentFrequency.periodFrequencyType.months",
}


def _count(label, maximum: int, **options):
    return models.PositiveIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(maximum)], **options
    )


class LoanTerms(models.Model):
    """The terms a product offers and a loan copies (and may change) when it is submitted."""

    interest_rate_per_period = rate_field(_("interest rate per period"))
    interest_type = models.IntegerField(
        _("interest method"), choices=InterestType.choices, default=InterestType.DECLINING_BALANCE
    )
    amortization_type = models.IntegerField(
        _("amortisation"),
        choices=AmortizationType.choices,
        default=AmortizationType.EQUAL_INSTALLMENTS,
    )
    repayment_every = _count(_("repaid every"), 366, default=1)
    repayment_frequency_type = models.IntegerField(
        _("repayment frequency"), choices=Frequency.choices, default=Frequency.MONTHS
    )
    number_of_repayments = _count(_("number of repayments"), 600)

    class Meta:
        abstract = True


class LoanProduct(Product, LoanTerms):
    principal = amount_field(_("default principal"), null=True, blank=True)

    class Meta(Product.Meta):
        pass

    def __str__(self):
        return self.name


class LoanStatus(models.IntegerChoices):
    SUBMITTED = 100, _("Submitted and pending approval")
    APPROVED = 200, _("Approved")
    ACTIVE = 300, _("Active")
    WITHDRAWN = 400, _("Withdrawn by applicant")
    REJECTED = 500, _("Rejected")
    CLOSED = 600, _("Closed (obligations met)")


# A loan still in its life: rejected, withdrawn and closed loans are ended.
OPEN_LOANS = (LoanStatus.SUBMITTED, LoanStatus.APPROVED, LoanStatus.ACTIVE)

LOAN_STATUS_CODES = {
    LoanStatus.SUBMITTED: "loanStatusType.submitted.and.pending.approval",
    LoanStatus.APPROVED: "loanStatusType.approved",
    LoanStatus.ACTIVE: "loanStatusType.active",
    LoanStatus.WITHDRAWN: "loanStatusType.withdrawn.by.client",
    LoanStatus.REJECTED: "loanStatusType.rejected",
    LoanStatus.CLOSED: "loanStatusType.closed.obligations.met",
}


class Loan(Account, LoanTerms):
    product = models.ForeignKey(
        LoanProduct, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    loan_officer = officer_field(_("loan officer"))
    principal = amount_field(_("principal"), validators=[MinValueValidator(ZERO)])
    status = models.IntegerField(
        _("status"), choices=LoanStatus.choices, default=LoanStatus.SUBMITTED
    )
    expected_disbursement_date = models.DateField(_("expected disbursement"))
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    loan_counter = models.PositiveIntegerField(_("loan cycle"), default=1)
    # Sums of the loan's transactions, kept with the loan (it is locked for every write).
    principal_repaid = models.DecimalField(max_digits=19, decimal_places=6, default=ZERO)
    interest_repaid = models.DecimalField(max_digits=19, decimal_places=6, default=ZERO)

    class Meta(Account.Meta):
        constraints = [unique_when_set("external_id", name="portfolio_loan_unique_external_id")]
        indexes = [models.Index(fields=["client", "status"], name="portfolio_loan_client")]

    def __str__(self):
        return self.account_no or ""


class Installment(models.Model):
    """One period of a loan's schedule, as computed when the loan was approved (and set again
    from the actual date when it is disbursed). What is paid of it is derived from the loan's
    repayments (selectors.loan_position)."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="installments")
    number = models.PositiveIntegerField()
    from_date = models.DateField()
    due_date = models.DateField()
    principal = models.DecimalField(max_digits=19, decimal_places=6)
    interest = models.DecimalField(max_digits=19, decimal_places=6)

    class Meta:
        ordering = ["loan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="portfolio_installment_number")
        ]

    def __str__(self):
        return f"{self.loan_id} #{self.number}"


class LoanTransactionType(models.IntegerChoices):
    DISBURSEMENT = 1, _("Disbursement")
    REPAYMENT = 2, _("Repayment")
    REVERSAL = 3, _("Reversal")


LOAN_TRANSACTION_CODES = {
    LoanTransactionType.DISBURSEMENT: "loanTransactionType.disbursement",
    LoanTransactionType.REPAYMENT: "loanTransactionType.repayment",
    LoanTransactionType.REVERSAL: "loanTransactionType.reversal",
}


class LoanTransaction(Transaction):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="transactions")
    type = models.IntegerField(_("type"), choices=LoanTransactionType.choices)
    amount = amount_field(_("amount"))
    # Signed: a reversal takes back what the last money repaid had paid.
    principal_portion = models.DecimalField(max_digits=19, decimal_places=6, default=ZERO)
    interest_portion = models.DecimalField(max_digits=19, decimal_places=6, default=ZERO)
    outstanding_after = models.DecimalField(max_digits=19, decimal_places=6, default=ZERO)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    office_scope_paths = ("loan__client__office", "loan__client__transfer_to_office")

    class Meta(Transaction.Meta):
        indexes = [models.Index(fields=["loan", "id"], name="portfolio_loan_tx_loan")]


# --- What the fields above do not say (core/declarations.py) ---------------------------------

Declaration(LoanProduct, entity="LOANPRODUCT", resource="loanproduct")
Declaration(
    Loan,
    entity="LOAN",
    resource="loan",
    wires={
        "principal_repaid": Wire(audited=False),
        "interest_repaid": Wire(audited=False),
        "loan_counter": Wire(api="loanCycle"),
    },
)
