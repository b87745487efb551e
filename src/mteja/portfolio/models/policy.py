"""The institution's portfolio rules: one row, edited by administrators."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mteja.core.declarations import Declaration
from mteja.core.querysets import BaseModel


class PortfolioPolicy(BaseModel):
    refuse_transfer_in_arrears = models.BooleanField(
        _("refuse to transfer a client whose loan is in arrears"), default=False
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self):
        return str(_("Portfolio rules"))

    @classmethod
    def current(cls) -> "PortfolioPolicy":
        return cls.objects.get_or_create(pk=1)[0]


Declaration(PortfolioPolicy, entity="PORTFOLIOPOLICY", resource="portfoliopolicy")
