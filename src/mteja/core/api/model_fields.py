"""Input serializer fields derived from model fields, so the API's limits are the model's.

Every field is optional in the body (Fineract's updates send what changes; what creation
requires is the service's rule); a blank string or null clears an optional value.
"""

from __future__ import annotations

from django.core import validators
from django.db import models
from rest_framework import serializers

from mteja.core.api.fields import DateTripletField, IdField, RequestDateField, StrictCharField
from mteja.core.declarations import Declaration, bound, camel


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
    if isinstance(model_field, models.TimeField):
        return serializers.TimeField(allow_null=True, **optional)
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


# The model validators a request field can run too, told alike by their kind and limit.
_LIMITS = (
    validators.MaxLengthValidator,
    validators.MinLengthValidator,
    validators.MaxValueValidator,
    validators.MinValueValidator,
)


def held_limits(declaration: Declaration, fields: dict[str, serializers.Field]) -> frozenset[str]:
    """The names of the declaration's editable fields whose own checks (`Model.full_clean`)
    a value read by the request `fields` (a bound input's, by API name) has passed already,
    so that a service given such values need not run them again: the model field takes a
    blank value and has no choices, and each of its validators is a limit the request field
    checks too (the same kind, the same limit: `input_field` derives them from it). Whether
    a null may be stored stays the service's to know."""
    held = set()
    for model_field in declaration.editable():
        request_field = fields.get(declaration.api_name(model_field.name))
        if (
            request_field is None
            or model_field.is_relation  # resolved by the service, not validated
            or model_field.choices
            or not model_field.blank
        ):
            continue
        given = {(type(v), v.limit_value) for v in request_field.validators if type(v) in _LIMITS}
        if all(
            type(v) in _LIMITS and (type(v), v.limit_value) in given for v in model_field.validators
        ):
            held.add(model_field.name)
    return frozenset(held)


def _covered_sources(fields: dict[str, serializers.Field]) -> set[str]:
    """Model attributes these fields already show (through nested `source="*"` ones too)."""
    covered = set()
    for name, output in fields.items():
        source = output.source or name
        if source == "*" and isinstance(output, serializers.Serializer):
            covered |= _covered_sources(output.get_fields())
        else:
            covered.add(source.split(".")[0])
    return covered


class DeclaredOutput(serializers.Serializer):
    """A response that shows every audited field of `declaration`: those written by hand (for
    Fineract's shapes and names) and, under their mechanical API names, all the others, so a
    field added to the model appears in the API without a line here."""

    declaration: Declaration

    def get_fields(self):
        fields = super().get_fields()
        for name, model_field in self._unwritten(fields):
            fields[name] = output_field(model_field, name)
        return fields

    @classmethod
    def _unwritten(cls, fields) -> list[tuple[str, models.Field]]:
        """The audited model fields no hand-written field shows, found once per class."""
        found = cls.__dict__.get("_unwritten_fields")
        if found is None:
            covered = _covered_sources(fields)
            found = [
                (cls.declaration.api_name(f.name), f)
                for f in cls.declaration.fields()
                if cls.declaration.wire(f.name).audited and not {f.name, f.attname} & covered
            ]
            cls._unwritten_fields = found
        return found


def output_field(model_field: models.Field, name: str) -> serializers.Field:
    """The response field `name` showing a model field as stored, typed by the model field (a
    reference as its id, a date as Fineract's [y, m, d])."""
    # DRF refuses a `source` equal to the field's own name.
    options = {"source": model_field.attname} if model_field.attname != name else {}
    if model_field.null:
        options["allow_null"] = True
    if isinstance(model_field, models.DateField):
        return DateTripletField(**options)
    if isinstance(model_field, models.BooleanField):
        return serializers.BooleanField(**options)
    if isinstance(model_field, models.TimeField):
        return serializers.TimeField(format="%H:%M", **options)
    if model_field.is_relation or isinstance(model_field, models.IntegerField):
        return serializers.IntegerField(**options)
    if isinstance(model_field, models.CharField | models.TextField):
        return serializers.CharField(**options)
    if isinstance(model_field, models.DecimalField):
        return serializers.DecimalField(
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
            coerce_to_string=False,
            **options,
        )
    return serializers.ReadOnlyField(**options)


class ModelOutput(serializers.Serializer):
    # A response that shows model fields as stored: `Meta.fields` lists, in the response's
    # order, the fields declared on the class (by their API names: Fineract's own names and
    # shapes) and the fields of `Meta.model` (by their names), each of those shown under the
    # mechanical API name of its attribute (address_line_1 → addressLine1, office →
    # officeId). (A comment: a docstring would describe every such schema.)

    class Meta:
        model: type[models.Model]
        fields: tuple[str, ...] = ()

    def get_fields(self):
        declared = super().get_fields()
        unlisted = set(declared) - set(self.Meta.fields)
        if unlisted:
            raise TypeError(f"{type(self).__name__}.Meta.fields omits {sorted(unlisted)}")
        fields = {}
        for name in self.Meta.fields:
            if name in declared:
                fields[name] = declared[name]
                continue
            model_field = self.Meta.model._meta.get_field(name)
            api_name = camel(model_field.attname)
            fields[api_name] = output_field(model_field, api_name)
        return fields
