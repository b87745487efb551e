"""Form fields derived from model fields, so a page's limits and labels are the model's.

Every field is optional in the form: what a record requires is the service's rule (it depends
on the legal form, the institution's policy…), and its errors land beside these fields.
"""

from __future__ import annotations

import functools
import re

from django import forms
from django.core import validators
from django.db import models
from django.template.loader import get_template
from django.utils.text import capfirst

from mteja.core.declarations import bound
from mteja.core.web.forms import DateInput


def form_field(
    model_field: models.Field, *, field_class=None, label=None, **options
) -> forms.Field:
    """The form field for one model field (references are the page's own choice fields)."""
    options = {
        "label": label or capfirst(model_field.verbose_name),
        "required": not model_field.blank and not isinstance(model_field, models.BooleanField),
        **options,
    }
    if isinstance(model_field, models.CharField):
        return (field_class or forms.CharField)(max_length=model_field.max_length, **options)
    if isinstance(model_field, models.DateField):
        options.setdefault("widget", DateInput())
        return (field_class or forms.DateField)(**options)
    if isinstance(model_field, models.BooleanField):
        return (field_class or forms.BooleanField)(**options)
    if isinstance(model_field, models.TimeField):
        options.setdefault("widget", forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
        return (field_class or forms.TimeField)(**options)
    if isinstance(model_field, models.DecimalField):
        return (field_class or forms.DecimalField)(
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
            min_value=bound(model_field, validators.MinValueValidator),
            max_value=bound(model_field, validators.MaxValueValidator),
            localize=True,
            **options,
        )
    if isinstance(model_field, models.IntegerField):
        return (field_class or forms.IntegerField)(
            min_value=bound(model_field, validators.MinValueValidator),
            max_value=bound(model_field, validators.MaxValueValidator),
            **options,
        )
    raise TypeError(f"No form field for {model_field!r}")


_PLACED = re.compile(r"\bform\.(\w+)")


@functools.cache
def placed_in(template_name: str) -> frozenset[str]:
    """Names of the form fields a template places by hand (`form.<name>`)."""
    source = get_template(template_name).template.source
    return frozenset(_PLACED.findall(source))


def unplaced_fields(form: forms.BaseForm, names, template_name: str) -> list:
    """Bound fields among `names` that the template does not place itself: a field added to
    the model appears on the page (in a generic section) without editing the template."""
    placed = placed_in(template_name)
    return [form[name] for name in names if name in form.fields and name not in placed]
