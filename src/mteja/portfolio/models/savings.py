"""Savings: products, accounts and their deposits and withdrawals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mteja.core.constraints import unique_when_set
from mteja.core.declarations import Declaration, Wire
from mteja.portfolio.models.base import Account, Product, Transaction, officer_field
from mteja.portfolio.models.money import ZERO, amount_field, rate_field


class SavingsProduct(Product):
    nominal_annual_interest_rate = rate_field(_("nominal annual interest rate"), default=ZERO)
    min_required_balance = amount_field(_("minimum balance"), default=ZERO)

    class Meta(Product.Meta):
        pass


class SavingsStatus(models.IntegerChoices):
    SUBMITTED = 100, _("Submitted and pending approval")
    APPROVED = 200, _("Approved")
    ACTIVE = 300, _("Active")
    WITHDRAWN = 400, _("Withdrawn by applicant")
    REJECTED = 500, _("Rejected")
    CLOSED = 600, _("Closed")


SAVINGS_STATUS_CODES = {
    SavingsStatus.SUBMITTED: "savingsAccountStatusType.submitted.and.pending.approval",
    SavingsStatus.APPROVED: "savingsAccountStatusType.approved",
    SavingsStatus.ACTIVE: "savingsAccountStatusType.active",
    SavingsStatus.WITHDRAWN: "savingsAccountStatusType.withdrawn.by.applicant",
    SavingsStatus.REJECTED: "savingsAccountStatusType.rejected",
    SavingsStatus.CLOSED: "savingsAccountStatusType.closed",
}

OPEN_SAVINGS = (SavingsStatus.SUBMITTED, SavingsStatus.APPROVED, SavingsStatus.ACTIVE)


class SavingsAccount(Account):
    product = models.ForeignKey(
        SavingsProduct, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    field_officer = officer_field(_("field officer"))
    status = models.IntegerField(
        _("status"), choices=SavingsStatus.choices, default=SavingsStatus.SUBMITTED
    )
    activated_on = models.DateField(_("activated on"), null=True, blank=True)
    # The running balance: the sum of the account's transactions, kept here so that a read
    # needs no sum and a withdrawal can lock one row (selectors.savings_balance_check).
    balance = models.DecimalField(_("balance"), max_digits=19, decimal_places=6, default=ZERO)
    last_transaction_on = models.DateField(_("last active"), null=True, blank=True)

    class Meta(Account.Meta):
        constraints = [
            unique_when_set("external_id", name="portfolio_savings_unique_external_id"),
        ]
        indexes = [models.Index(fields=["client", "status"], name="portfolio_savings_client")]


class SavingsTransactionType(models.IntegerChoices):
    DEPOSIT = 1, _("Deposit")
    WITHDRAWAL = 2, _("Withdrawal")
    REVERSAL = 3, _("Reversal")


SAVINGS_TRANSACTION_CODES = {
    SavingsTransactionType.DEPOSIT: "savingsAccountTransactionType.deposit",
    SavingsTransactionType.WITHDRAWAL: "savingsAccountTransactionType.withdrawal",
    SavingsTransactionType.REVERSAL: "savingsAccountTransactionType.reversal",
}


class SavingsTransaction(Transaction):
    account = models.ForeignKey(
        SavingsAccount, on_delete=models.PROTECT, related_name="transactions"
    )
    type = models.IntegerField(_("type"), choices=SavingsTransactionType.choices)
    amount = amount_field(_("amount"))
    # Signed effect on the balance (+ deposit, − withdrawal, the opposite of the reversed row).
    delta = models.DecimalField(max_digits=19, decimal_places=6)
    running_balance = models.DecimalField(_("balance after"), max_digits=19, decimal_places=6)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    office_scope_paths = ("account__client__office", "account__client__transfer_to_office")

    class Meta(Transaction.Meta):
        indexes = [models.Index(fields=["account", "id"], name="portfolio_savings_tx_account")]


# --- What the fields above do not say (core/declarations.py) ---------------------------------

_BOOKKEEPING = {"balance": Wire(audited=False), "last_transaction_on": Wire(audited=False)}

Declaration(SavingsProduct, entity="SAVINGSPRODUCT", resource="savingsproduct")
Declaration(
    SavingsAccount,
    entity="SAVINGSACCOUNT",
    resource="savingsaccount",
    wires={**_BOOKKEEPING, "field_officer": Wire(api="fieldOfficerId")},
)
