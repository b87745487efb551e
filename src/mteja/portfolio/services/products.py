"""Savings and loan products: created and changed by administrators, audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from mteja.core import values, writes
from mteja.core.uniqueness import save_unique, unique_field
from mteja.portfolio.models import LoanProduct, SavingsProduct


def _unique(model, resource: str):
    return [
        unique_field(
            model,
            "name",
            f"error.msg.{resource}.duplicate.name",
            gettext_lazy("A product named “%(name)s” already exists."),
        ),
        unique_field(
            model,
            "short_name",
            f"error.msg.{resource}.duplicate.shortName",
            gettext_lazy("A product with short name “%(short_name)s” already exists."),
        ),
    ]


UNIQUE = {
    SavingsProduct: _unique(SavingsProduct, "savingsproduct"),
    LoanProduct: _unique(LoanProduct, "loanproduct"),
}


@transaction.atomic
def product_create(*, actor, model: type[SavingsProduct | LoanProduct], **fields):
    """A savings or a loan product from its fields (by model field name), validated as the
    model declares them; one CREATE event."""
    values.refuse_unknown(f"{model.__name__} create", fields, values.updatable(model))
    product = model()
    values.assign(product, fields)
    writes.validate(product)
    save_unique(product, UNIQUE[model])
    writes.record_created(product, actor=actor)
    return product


@transaction.atomic
def product_update(*, actor, product, **fields) -> tuple[object, dict]:
    model = type(product)
    values.refuse_unknown(f"{model.__name__} update", fields, values.updatable(model))
    return values.update_fields(product, fields, actor=actor, unique=UNIQUE[model])


@transaction.atomic
def policy_update(*, actor, refuse_transfer_in_arrears: bool):
    """The institution's portfolio rules, changed and journalled."""
    from mteja.portfolio.models import PortfolioPolicy

    return values.update_fields(
        PortfolioPolicy.current(),
        {"refuse_transfer_in_arrears": refuse_transfer_in_arrears},
        actor=actor,
    )
