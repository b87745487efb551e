"""The institution's client rules an administrator edits (one row): ages, required fields,
formats, the duplicate policy, addresses, the mobile numbers' default country."""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _

from mteja.clients.models.client import CLIENT_RULES
from mteja.clients.phones import default_region
from mteja.core import context, stamps
from mteja.core.declarations import Declaration, Wire
from mteja.core.fields import optional_text
from mteja.core.querysets import BaseModel

__all__ = ["ClientPolicy", "DuplicatePolicy", "CLIENT_POLICY"]


class DuplicatePolicy(models.TextChoices):
    BLOCK = "block", _("Refuse")
    WARN = "warn", _("Warn")
    OFF = "off", _("Ignore")


def _duplicate_policy(label) -> models.CharField:
    """What creating a client that looks like another one does (warn by default)."""
    return models.CharField(
        label, max_length=5, choices=DuplicatePolicy.choices, default=DuplicatePolicy.WARN
    )


class ClientPolicy(BaseModel):
    """Institution-wide client rules an administrator edits (one row, id 1)."""

    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), default=100)
    # API parameter names (firstname, mobileNo, genderId, …) that must be given.
    required_fields_person = models.JSONField(
        _("required fields for persons"), default=list, blank=True
    )
    required_fields_entity = models.JSONField(
        _("required fields for entities"), default=list, blank=True
    )
    mobile_pattern = optional_text(_("mobile number format (regular expression)"), 200)
    email_pattern = optional_text(_("email format (regular expression)"), 200)
    duplicate_mobile = _duplicate_policy(_("same mobile number as another client"))
    duplicate_name_and_birth_date = _duplicate_policy(
        _("same name and date of birth as another client")
    )
    address_enabled = models.BooleanField(_("addresses on client creation"), default=True)
    # The country of mobile numbers written without one ("0712 345 678"); "" for none.
    phone_region = models.CharField(
        _("default country of mobile numbers"), max_length=2, blank=True, default=default_region
    )

    @classmethod
    def current(cls) -> "ClientPolicy":
        """The rules, kept in the worker's memory while the client rules' token stays
        (core/stamps.py); each request gets its own copy, once (core.context.remembered).
        A bulk import's row asks four times: a copy the request holds is taken at once."""
        store = context.memo.get()
        if store is not None and cls in store:
            return store[cls]
        return context.remembered(
            cls, lambda: copy.deepcopy(stamps.kept(CLIENT_RULES, "policy", cls._load))
        )

    @classmethod
    def _load(cls) -> "ClientPolicy":
        return cls.objects.get_or_create(pk=1)[0]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        context.forget(type(self))


# Every client rule is audited; Fineract-style names where they are not camelCase.
CLIENT_POLICY = Declaration(
    ClientPolicy,
    entity="CLIENTPOLICY",
    resource="clientpolicy",
    wires={
        "mobile_pattern": Wire(api="mobileNoPattern"),
        "email_pattern": Wire(api="emailAddressPattern"),
        "duplicate_mobile": Wire(api="duplicateMobileNo"),
        "duplicate_name_and_birth_date": Wire(api="duplicateNameAndDateOfBirth"),
        "address_enabled": Wire(api="isAddressEnabled"),
        "phone_region": Wire(api="mobileNoCountry"),
    },
)
