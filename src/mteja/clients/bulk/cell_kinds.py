"""How a row reader reads a cell of a client field (rows.RowReader._value): told once per
column of a file from its model field, not asked of the field again for every row."""

from __future__ import annotations

from django.db import models

DATE, YES_NO, CHOICE, TEXT, REFERENCE, OTHER = (
    "date", "yes/no", "choice", "text", "reference", "other",
)  # fmt: skip


def kind_of(model_field: models.Field) -> str:
    """The first that applies: a date (a date and time too), a yes or no, a choice, text, a
    reference; else another value (a number)."""
    if isinstance(model_field, models.DateField):
        return DATE
    if isinstance(model_field, models.BooleanField):
        return YES_NO
    if model_field.choices:
        return CHOICE
    if isinstance(model_field, models.CharField):
        return TEXT
    return REFERENCE if model_field.is_relation else OTHER
