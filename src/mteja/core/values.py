"""Typed service inputs: how a write's keyword arguments become model attributes.

Every service cleans text the same way (trimmed; an empty optional reference such as an
external id is stored as NULL so its uniqueness constraint ignores it), and refuses keyword
arguments that name no updatable field: a caller's typo is a programming error, never a write
that silently stores nothing. Which fields an update may change comes from the model's
declaration (core/declarations.py): its audited fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models

from mteja.core import writes
from mteja.core.declarations import declaration_of


def text(value) -> str:
    return (value or "").strip()


def optional_text(value) -> str | None:
    return (value or "").strip() or None


def updatable(model: type[models.Model], *, without: Iterable[str] = ()) -> frozenset[str]:
    """The fields an update of `model` may change: its audited fields, by name."""
    declaration = declaration_of(model)
    audited = set(declaration.audited_fields())
    names = {f.name for f in declaration.fields() if f.attname in audited}
    return frozenset(names - set(without))


def refuse_unknown(service: str, fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {', '.join(sorted(unknown))}")


def cleaner_for(model_field: models.Field) -> Callable[[Any], Any]:
    """How a service reads a value for `model_field`: text trimmed (NULL when empty for a
    nullable one), booleans as booleans, anything else as given."""
    if isinstance(model_field, models.CharField | models.TextField):
        return optional_text if model_field.null else text
    if isinstance(model_field, models.BooleanField):
        return bool
    return lambda value: value


def assign(instance: models.Model, fields: Mapping[str, Any]) -> None:
    """Sets each of `fields` (model field names) on `instance`, cleaned as its type says."""
    for name, value in fields.items():
        model_field = instance._meta.get_field(name)
        setattr(instance, name, cleaner_for(model_field)(value))


def update_fields(
    instance: models.Model,
    fields: Mapping[str, Any],
    *,
    actor,
    unique=(),
    guard: Callable[[models.Model], None] | None = None,
    **open_kwargs,
) -> tuple[models.Model, dict]:
    """The plain update of a record: lock, scope and snapshot (core.writes.open_write),
    `guard(locked)` (a rule about the record as it stands), `fields` assigned, the model's
    validation, then the save with its one event (commit_write). Returns the record and the
    `{field: [old, new]}` of what changed."""
    locked, before = writes.open_write(instance, actor=actor, **open_kwargs)
    if guard is not None:
        guard(locked)
    assign(locked, fields)
    writes.validate(locked)
    changes = writes.commit_write(
        locked, actor=actor, action="UPDATE", before=before, unique=unique
    )
    return locked, changes
