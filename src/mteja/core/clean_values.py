"""A model field's cleaning of a plain value, worked out once a process for the values that
pass.

`Field.clean(value, instance)` converts a value and runs the field's own checks — its type,
its choices, its validators — all declared in code beside the model (no administrator edits
them), and for a value of an immutable plain type its answer is the same on every instance
and every call of the process. A bulk import cleans the same few values row after row (its
legal form, `is_staff`'s default, a few hundred submission dates: decision 261);
`cleaned_value` keeps, by field, the values that passed and what they became, and answers them
again without the field's calls. A value that fails is cleaned each time, raising as the field
raises. Kept: values whose type is exactly one of `_PLAIN` (equal values of such a type are
cleaned alike; not a Decimal, whose equal values may differ in their digits, nor a float),
of fields that are no relation (a reference's check reads the database)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

_PLAIN = frozenset({str, int, bool, datetime.date})
# Values kept for one field (a file's submission dates span a few years: a few thousand), and
# the longest text kept (a long text is a row's own).
_KEPT_BY_FIELD = 4096
_LONGEST_KEPT_TEXT = 64

# By field: {(type, value): the value cleaned}.
_passed: dict[models.Field, dict[tuple[type, Any], Any]] = {}


def passed_values(model_field: models.Field) -> dict[tuple[type, Any], Any] | None:
    """What the process keeps of the field's cleanings, for `cleaned_value` (None for a
    relation, whose check reads the database): a caller cleaning the field row after row asks
    once (`Field.__hash__`, the dictionary's key, is Python code: a bulk import's four
    cleanings a row asked it each time)."""
    if model_field.is_relation:
        return None
    kept = _passed.get(model_field)
    if kept is None:
        kept = _passed[model_field] = {}
    return kept


def cleaned_value(
    model_field: models.Field,
    value: Any,
    instance: models.Model,
    kept: dict[tuple[type, Any], Any] | None = None,
) -> Any:
    """`model_field.clean(value, instance)`, from what the process kept when it may be;
    `kept`: `passed_values(model_field)`, when the caller holds it."""
    kind = type(value)
    if kind not in _PLAIN or (kind is str and len(value) > _LONGEST_KEPT_TEXT):
        return model_field.clean(value, instance)
    if kept is None:
        kept = passed_values(model_field)
        if kept is None:
            return model_field.clean(value, instance)
    key = (kind, value)
    try:
        return kept[key]
    except KeyError:
        pass
    cleaned = model_field.clean(value, instance)  # (raises for a value that fails)
    if len(kept) < _KEPT_BY_FIELD and type(cleaned) in _PLAIN:
        kept[key] = cleaned
    return cleaned
