"""Uniqueness held by database constraints, reported as Fineract's 403 errors.

A service first looks for a conflicting row (the common case, with a clear message), then
saves inside a savepoint; if a concurrent transaction won the race the constraint fires and
the same checks, run again, name the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction

from mteja.core.declarations import declaration_of
from mteja.core.errors import DomainError, UniquenessViolation


@dataclass(frozen=True)
class UniqueCheck:
    fields: tuple[str, ...]
    error: Callable[[models.Model], DomainError]

    def conflict(self, instance: models.Model) -> bool:
        values = {name: getattr(instance, name) for name in self.fields}
        if any(value in (None, "") for value in values.values()):
            return False
        others = type(instance)._base_manager.filter(**values)
        if instance.pk is not None:
            others = others.exclude(pk=instance.pk)
        return others.exists()


def raise_first_conflict(instance: models.Model, checks: list[UniqueCheck]) -> None:
    for check in checks:
        if check.conflict(instance):
            raise check.error(instance)


def save_unique(instance: models.Model, checks: list[UniqueCheck], **save_kwargs) -> None:
    if not checks:  # nothing to name: no look-up, no savepoint
        instance.save(**save_kwargs)
        return
    raise_first_conflict(instance, checks)
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError:
        raise_first_conflict(instance, checks)
        raise


def unique_field(model: type[models.Model], name: str, code: str, message) -> UniqueCheck:
    """The check of one unique field: its error names the field as the API does and carries
    its value; `message` (a lazy translation) is formatted with “%(<name>)s”."""
    param = declaration_of(model).api_name(name)

    def error(instance: models.Model) -> DomainError:
        value = getattr(instance, name)
        return UniquenessViolation(code, str(message) % {name: value}, param=param, value=value)

    return UniqueCheck((name,), error)
