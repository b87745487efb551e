"""A field's reading of a plain value without DRF's layers, derived once from the field.

DRF reads a value through `run_validation`: the empty values, `to_internal_value`, then the
validators — six to eight Python calls a value. A bulk import reads a dozen values a row,
half of them new to its file (names, mobile numbers, external ids, dates). For most of them
what DRF gives is known from the field's declaration at once: a text already trimmed that
keeps within the limits its validators set (limits.py) is itself; a date in ISO form, in a
body without a dateFormat, is what `wire.parse_date` reads of it; a list or object of plain
JSON values (an import's address) is itself. `plain_reading` gives,
for a field whose reading is DRF's own (or the house fields' that only refuse other types),
the function answering such a value at once and `empty` for any other: that value goes
DRF's whole way, so every refusal, its code and wording stay DRF's."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import serializers
from rest_framework.fields import empty

from mteja.core import wire
from mteja.core.api.fields import RequestDateField, StrictCharField
from mteja.core.api.limits import QuickLimits, limits_of

# How DRF and the house fields read a text, a date, and run a field's validators: a field
# that reads otherwise (a subclass of its own) gets no plain reading.
_TEXT_READINGS = (serializers.CharField.to_internal_value, StrictCharField.to_internal_value)
_VALIDATORS_RUN = (serializers.Field.run_validators, QuickLimits.run_validators)


def plain_reading(field: serializers.Field) -> Callable[[object], object] | None:
    """The field's reading of a plain value (`empty` for another), None for a field read
    otherwise than by DRF's steps alone."""
    kind = type(field)
    if kind.validate_empty_values is not serializers.Field.validate_empty_values:
        return None
    if kind.run_validators not in _VALIDATORS_RUN:
        return None
    if (
        isinstance(field, serializers.CharField)
        and kind.run_validation is serializers.CharField.run_validation
        and kind.to_internal_value in _TEXT_READINGS
    ):
        return _text_reading(field)
    if (
        isinstance(field, RequestDateField)
        and kind.run_validation is serializers.Field.run_validation
        and kind.to_internal_value is RequestDateField.to_internal_value
        and not field.validators
    ):
        return _iso_date_reading
    if (
        isinstance(field, serializers.JSONField)
        and kind.run_validation is serializers.Field.run_validation
        and kind.to_internal_value is serializers.JSONField.to_internal_value
        and not field.binary
        and field.encoder is None
        and not field.validators
    ):
        return _json_reading
    return None


def _text_reading(field: serializers.CharField) -> Callable[[object], object] | None:
    """A text not blank (DRF's blank is its own case), already trimmed where the field
    trims, within the limits of its validators."""
    limits = limits_of(field.validators)
    if limits is None or limits.ranges:
        return None
    keeps, trimmed = limits.keeps, field.trim_whitespace

    def read(value):
        if (
            value.__class__ is str
            and value
            and (not trimmed or value.strip() == value)
            and keeps(value)
        ):
            return value
        return empty

    return read


def _json_reading(value):
    """A list or object of texts, whole numbers, yes/no and nulls (an import's address or
    document) as it is: DRF's JSONField gives back any value `json.dumps` writes, and a tree
    of these it always writes; `empty` for any other (a float may be NaN: DRF's way)."""
    kind = value.__class__
    if (kind is list or kind is dict) and _json_tree(value, 0):
        return value
    return empty


def _json_tree(value: list | dict, depth: int) -> bool:
    if depth == _DEEPEST_JSON:
        return False
    pairs = value.items() if value.__class__ is dict else enumerate(value)
    for key, item in pairs:
        kind = item.__class__
        if value.__class__ is dict and key.__class__ is not str:
            return False
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if (kind is not list and kind is not dict) or not _json_tree(item, depth + 1):
            return False
    return True


_DEEPEST_JSON = 16  # (deeper trees, which no import makes, are DRF's to read)


def _iso_date_reading(value):
    """The date of an ISO text (the body gives no dateFormat: the caller knows), as
    `RequestDateField` reads it then; `empty` for a refusal, which DRF's way words."""
    if value.__class__ is not str:
        return empty
    try:
        return wire.parse_date(value, None, None)
    except wire.DateFormatError:
        return empty
