"""An applied filter's value as people read it, derived from its FilterSet's declaration:
the journal shows an export's filters so (an office by its name, not `.1.2.`; a status by
its label; yes or no; a date as a date).

A filter names a row when its `field_name` goes through a relation of the FilterSet's model
(`office_id`: the office by its id; `office__hierarchy`: the office by its hierarchy) or
when it says so (`WholeNumberFilter(row_model=…)`, a filter applied by a method). Such names are
read when the event is written (`row_names`), by the user's scope, and kept in it: the
journal then says what the user chose, even after the row is renamed. Choices, yes/no and
dates are worded when shown (`shown`), in the reader's language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext

from mteja.core.errors import MtejaError
from mteja.core.filtersets import IsoDateFilter, TrueFalseFilter

# The key beside an export's `filters` in the journal: {filter: the row's name when written}.
FILTER_NAMES = "filterNames"

Reference = tuple[type[models.Model], str]  # a model, and the field a value matches


def reference(filterset_class, name: str) -> Reference | None:
    """The model (and its field) whose row the filter `name`'s value names, if it names one."""
    declared = filterset_class.base_filters.get(name)
    if declared is None:
        return None
    named = getattr(declared, "row_model", "")
    if named:  # "app_label.Model", by its id
        return apps.get_model(named), "pk"
    first, _, rest = (declared.field_name or "").partition("__")
    try:
        field = filterset_class._meta.model._meta.get_field(first)
    except FieldDoesNotExist:
        return None
    if not field.is_relation or field.related_model is None:
        return None
    return field.related_model, rest or "pk"


def _typed(declared, name: str, value):
    """The value as the filter reads it (a date, a bool, a stored choice); as given if the
    filter has no reader of its own, or cannot read it."""
    parse = declared.extra.get("parse")
    if parse is None or not isinstance(value, str | int):
        return value
    try:
        return parse({name: str(value)}, name)
    except MtejaError:  # a value an old event kept: shown as it is
        return value


def row_names(filterset_class, filters: dict, user) -> dict[str, str]:
    """{filter: the name of the row its value names}, of the rows `user` may see."""
    wanted = names_to_read(filterset_class, [filters])
    found = read_names(wanted, user)
    names = {}
    for name, value in filters.items():
        ref = reference(filterset_class, name)
        if ref is not None and str(value) in found.get(ref, {}):
            names[name] = found[ref][str(value)]
    return names


def names_to_read(filterset_class, many: Iterable[dict]) -> dict[Reference, set]:
    """{(model, field): values} of the rows the filters of `many` name (an export's; events
    written before the names were kept are named for their reader, all at once)."""
    wanted: dict[Reference, set] = defaultdict(set)
    for filters in many:
        for name, value in filters.items():
            ref = reference(filterset_class, name)
            if ref is not None and value not in (None, ""):
                wanted[ref].add(str(value))
    return wanted


def read_names(wanted: dict[Reference, set], user) -> dict[Reference, dict[str, str]]:
    """The names of the rows `wanted` that `user` may see, by their value's text: one query
    per model and field."""
    found = {}
    for (model, field), values in wanted.items():
        if field == "pk":
            values = {value for value in values if value.isascii() and value.isdigit()}
        manager = model._default_manager
        rows = manager.restrict(user) if hasattr(manager, "restrict") else manager.all()
        rows = rows.filter(**{f"{field}__in": values}) if values else rows.none()
        found[(model, field)] = {
            str(getattr(row, field)): str(row) for row in rows.order_by() if str(row)
        }
    return found


def shown(
    filterset_class, filters: dict, kept: dict, looked_up: Callable[[Reference, str], str | None]
) -> dict[str, str]:
    """{filter: its value as people read it}: a row by the name `kept` when the event was
    written (or, for an older event, `looked_up` now), a choice by its label, yes or no, a
    date in the reader's format, other text as given."""
    words = {}
    for name, value in filters.items():
        declared = filterset_class.base_filters.get(name)
        if declared is None:
            words[name] = str(value)
            continue
        ref = reference(filterset_class, name)
        if ref is not None:
            words[name] = kept.get(name) or looked_up(ref, str(value)) or str(value)
            continue
        typed = _typed(declared, name, value)
        if isinstance(declared, TrueFalseFilter) and isinstance(typed, bool):
            words[name] = gettext("yes") if typed else gettext("no")
        elif isinstance(declared, IsoDateFilter) and hasattr(typed, "isoformat"):
            words[name] = date_format(typed, "SHORT_DATE_FORMAT")
        else:
            words[name] = _choice_label(filterset_class, declared, typed) or str(value)
    return words


def _choice_label(filterset_class, declared, typed) -> str | None:
    try:
        field = filterset_class._meta.model._meta.get_field(declared.field_name)
    except FieldDoesNotExist:
        return None
    if not field.choices:
        return None
    label = dict(field.flatchoices).get(typed)
    return None if label is None else str(label)
