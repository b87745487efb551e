"""The filters a list applies, shown above its rows as chips: each names the filter and its
value and links to the same list without it, so filters combine visibly, and the page's URL
(which holds them all) can be shared as it is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Chip:
    label: str
    value: str
    remove_url: str  # the list without this filter (and back on its first page)


def _shown(field: forms.Field, value) -> str:
    if value is True:
        return str(_("Yes"))
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def filter_chips(request, form: forms.Form) -> list[Chip]:
    """A chip per filter of `form` (bound to the query string) with a valid value."""
    form.is_valid()
    chips = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name) if name not in form.errors else None
        if value is None or value is False or value in ("", [], ()):
            continue  # not filtering (an unticked box is False)
        rest = request.GET.copy()
        for key in (name, "page"):
            rest.pop(key, None)
        query = rest.urlencode()
        chips.append(
            Chip(
                label=str(field.label or name),
                value=_shown(field, value),
                remove_url=f"{request.path}?{query}" if query else request.path,
            )
        )
    return chips
