"""Input serializer fields derived from model fields, so the API's limits are the model's.

Every field is optional in the body (Fineract's updates send what changes; what creation
requires is the service's rule); a blank string or null clears an optional value.
"""

from __future__ import annotations

from django.core import validators
from django.db import models
from rest_framework import serializers

from mteja.core.api.fields import IdField, RequestDateField, StrictCharField
from mteja.core.declarations import Declaration, bound


def input_field(model_field: models.Field) -> serializers.Field:
    """The request field for one model field."""
    optional = {"required": False}
    if model_field.is_relation:
        return IdField(allow_null=True, **optional)
    if model_field.choices:
        return serializers.ChoiceField(
            choices=[value for value, _label in model_field.choices], **optional
        )
    if isinstance(model_field, models.CharField):
        return StrictCharField(
            max_length=model_field.max_length, allow_null=True, allow_blank=True, **optional
        )
    if isinstance(model_field, models.DateField):
        return RequestDateField(allow_null=True, **optional)
    if isinstance(model_field, models.BooleanField):
        return serializers.BooleanField(**optional)
    if isinstance(model_field, models.DecimalField):
        return serializers.DecimalField(
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
            min_value=bound(model_field, validators.MinValueValidator),
            max_value=bound(model_field, validators.MaxValueValidator),
            allow_null=model_field.null,
            **optional,
        )
    if isinstance(model_field, models.IntegerField):
        return serializers.IntegerField(
            min_value=bound(model_field, validators.MinValueValidator),
            max_value=bound(model_field, validators.MaxValueValidator),
            allow_null=model_field.null,
            **optional,
        )
    raise TypeError(f"No input field for {model_field!r}")


def input_fields(declaration: Declaration) -> dict[str, serializers.Field]:
    """The body's fields for the declaration's editable fields, by their API names."""
    return {
        declaration.api_name(model_field.name): input_field(model_field)
        for model_field in declaration.editable()
    }
