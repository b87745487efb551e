"""What savings and loans share: products, accounts and append-only transaction rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mteja.core.fields import optional_text, reference
from mteja.core.querysets import BaseModel, RestrictedQuerySet
from mteja.portfolio.models.money import CURRENCY_CHOICES, digits_of


class Product(BaseModel):
    """A product: the terms an account of it starts from. Not office-scoped."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=4, unique=True)
    description = optional_text(_("description"), 500)
    currency_code = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def digits(self) -> int:
        return digits_of(self.currency_code)


class Account(BaseModel):
    """An account of a client: numbered, versioned, seen from the client's office (and the
    office a transfer takes it to), so that a client's transfer moves its accounts with it."""

    account_no = models.CharField(_("account number"), max_length=20, unique=True, null=True)
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True)
    client = reference("clients.Client", _("client"), "+")
    submitted_on = models.DateField(_("submitted on"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    # An application that ends before approval: rejected by the institution or withdrawn by
    # its applicant (the day is also its closing day, as Fineract's timeline has it).
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    office_scope_paths = ("client__office", "client__transfer_to_office")

    class Meta:
        abstract = True
        ordering = ["-id"]

    def __str__(self):
        return self.account_no or ""

    @property
    def currency_code(self) -> str:
        return self.product.currency_code

    @property
    def digits(self) -> int:
        return self.product.digits


class AppendOnlyQuerySet(RestrictedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("Transactions are never changed: a reversal is a new row.")

    def delete(self):
        raise PermissionError("Transactions are never deleted: a reversal is a new row.")


class Transaction(models.Model):
    """One movement of money: written once, never changed. A reversal is a row of its own
    that names the row it reverses (`reverses`)."""

    transaction_date = models.DateField(_("transaction date"))
    created_on = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["transaction_date", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Transactions are never changed: a reversal is a new row.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Transactions are never deleted: a reversal is a new row.")


def officer_field(label):
    return reference("organisation.Staff", label, "+", optional=True)
