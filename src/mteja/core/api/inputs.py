"""Reading request bodies: unknown keys refused, every error at once, Fineract codes.

Input serializers describe the body (and so the OpenAPI schema); `parse_body` runs one and
turns DRF's errors into Fineract's `validation.msg.<resource>.<param>.<rule>` codes.
"""

from __future__ import annotations

import copy

from django.core import validators as django_validators
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.fields import SkipField, empty, get_error_detail
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from mteja.core.api.errors import InvalidRequestBody, UnsupportedParameters
from mteja.core.api.fields import RequestDateField
from mteja.core.api.plain_bodies import PlainBodies
from mteja.core.api.plain_values import plain_reading
from mteja.core.errors import ParameterError, ValidationFailed, fineract_code

ALWAYS_ALLOWED = frozenset({"locale", "dateFormat"})
MOST_KEY_SETS = 256  # sets of given keys whose fields to read an input keeps
MOST_VALUES_KEPT = 10_000  # distinct values a remembering reader keeps the reading of, a field


class InputSerializer(serializers.Serializer):
    """Base for request bodies; `resource` names the body in error codes.

    A blank string given for a value that is not text (a date, a reference, a number, a
    choice, a yes/no) means "no value", as Fineract reads it: null where the field takes
    null, else as if the key were absent. Apps send `"staffId": ""` for an unset select."""

    resource = "resource"
    present: frozenset | None = None  # the keys of the body being read, when known

    @property
    def _writable_fields(self):
        """DRF's fields to read, less those the body does not give and that could say
        nothing of their absence (not required, no default): a bulk import's rows give a
        third of a client's parameters, and each absent field costs DRF an exception. Worked
        out once per set of keys given: a bulk import reads all its rows with one instance."""
        by_keys = self.__dict__.setdefault("_writable_by_keys", {})
        found = by_keys.get(self.present)
        if found is None:
            found = tuple(self._fields_to_read(self.present))
            if len(by_keys) < MOST_KEY_SETS:
                by_keys[self.present] = found
        return found

    def _fields_to_read(self, present: frozenset | None):
        for field in self.fields.values():
            if field.read_only:
                continue
            if (
                present is not None
                and field.field_name not in present
                and not field.required
                and field.default is empty
            ):
                continue
            yield field

    def _read_only_defaults(self):
        """DRF's, asked for every body: none when no field is read-only (an input's fields
        are not), which is known once per instance."""
        if "_any_read_only" not in self.__dict__:
            self._any_read_only = any(field.read_only for field in self.fields.values())
        return super()._read_only_defaults() if self._any_read_only else {}

    def to_internal_value(self, data):
        if isinstance(data, dict) and not hasattr(data, "getlist"):  # JSON, not a form
            if "_blank_as_null" not in self.__dict__:
                self._blank_as_null = _blank_as_null(self.fields)
            return self._read_json(_blanks_as_absent(data, self._blank_as_null))
        return super().to_internal_value(data)

    def _read_json(self, data: dict, plan: tuple | None = None) -> dict:
        """DRF's `to_internal_value` of a JSON body, field by field alike (its errors the
        same, in the same order), with what it looks up for each field of each body — the
        field's `validate_<name>` method, whether its value is read from a form, where the
        value goes — looked up once per set of fields read: a bulk import reads every row's
        body with one instance. `plan`: the steps to run (plain_bodies.py), else the
        `_reading_plan` of the body's keys."""
        validated, errors = {}, {}
        undated = not data.get("dateFormat")  # (a remembered date is an ISO date's reading)
        for field, name, read_value, validate_method, key, known, dated in (
            self._reading_plan() if plan is None else plan
        ):
            value = data.get(name, empty) if read_value is None else read_value(data)
            if known is not None and (undated or not dated):
                # The field's remembered reading looked up here, not through its call
                # (`_remembering`: the same key, the same values).
                kind = value.__class__
                if kind is str or kind is int or kind is bool:
                    found = known.get((kind, value), empty)
                    if found is not empty:
                        validated[key] = found
                        continue
            try:
                value = field.run_validation(value)
                if validate_method is not None:
                    value = validate_method(value)
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
            except DjangoValidationError as exc:
                errors[name] = get_error_detail(exc)
            except SkipField:
                pass
            else:
                if key is None:
                    self.set_value(validated, field.source_attrs, value)
                else:
                    validated[key] = value
        if errors:
            raise serializers.ValidationError(errors)
        return validated

    def _reading_plan(self) -> tuple:
        """(field, name, its own reading of the body or None for `data.get(name)`, its
        `validate_<name>` method, the key its value goes to or None for DRF's `set_value`,
        the readings its `run_validation` remembers (`remembering_reads`) when nothing
        follows them, whether it reads a date) of each field `_writable_fields` gives, kept
        as it is: by the set of keys given. Each field's step is worked out once for the
        instance, a set of keys' plan then chosen among them: a file's rows give a few
        hundred sets of keys."""
        plans = self.__dict__.setdefault("_plans", {})
        present = self.present
        plan = plans.get(present)
        if plan is None:
            plan = tuple(
                step
                for step, always in self._reading_steps()
                if always or present is None or step[1] in present
            )
            if len(plans) < MOST_KEY_SETS:
                plans[present] = plan
        return plan

    def _reading_steps(self) -> tuple:
        """(the plan's step, whether it is read when the body lacks its key) of each field
        `_fields_to_read` may give, in order."""
        steps = self.__dict__.get("_steps")
        if steps is None:
            steps = self._steps = tuple(
                (self._reading_step(field), field.required or field.default is not empty)
                for field in self._fields_to_read(None)
            )
        return steps

    def _reading_step(self, field: serializers.Field) -> tuple:
        validate_method = getattr(self, "validate_" + field.field_name, None)
        key = field.source_attrs[0] if len(field.source_attrs) == 1 else None
        remembered = getattr(field.__dict__.get("run_validation"), "remembered", None)
        known = remembered if validate_method is None and key is not None else None
        return (
            field,
            field.field_name,
            None if type(field).get_value in _PLAIN_GETS else field.get_value,
            validate_method,
            key,
            known,
            isinstance(field, RequestDateField),
        )

    def get_fields(self):
        """The declared fields, each copied for this body. DRF deep-copies them by building
        each afresh from its arguments (half a millisecond for a client's body); a plain
        field holds nothing of a request until it is bound, so a shallow copy does. Nested
        bodies and lists keep DRF's deep copy: their children are bound to them."""
        return {
            name: copy.deepcopy(field) if _has_children(field) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }


# The fields' readings of a body that are `body.get(name, empty)` for JSON (not a form).
_PLAIN_GETS = (
    serializers.Field.get_value,
    serializers.Serializer.get_value,
    serializers.JSONField.get_value,
)


def _blank_as_null(fields: dict[str, serializers.Field]) -> dict[str, bool]:
    """{name: whether a blank value reads as null, or else as absent} of the fields a blank
    string means no value for."""
    return {
        name: field.allow_null for name, field in fields.items() if reads_blank_as_absent(field)
    }


def _blanks_as_absent(data: dict, blank_as_null: dict[str, bool]) -> dict:
    read = {}
    for key, value in data.items():
        if (
            key not in blank_as_null
            or (value.__class__ is not str and not isinstance(value, str))
            or value.strip()
        ):
            read[key] = value
        elif blank_as_null[key]:
            read[key] = None
    return read


def reads_blank_as_absent(field: serializers.Field) -> bool:
    """Whether a blank string for `field` means no value: not for text, a raw value the
    service reads itself, or a choice whose blank means something ("no country")."""
    if isinstance(field, serializers.CharField | serializers.JSONField):
        return False
    return not getattr(field, "allow_blank", False)


def _has_children(field: serializers.Field) -> bool:
    return isinstance(field, serializers.BaseSerializer) or hasattr(field, "child")


def _flatten(errors, resource: str, prefix: str = "") -> list[ParameterError]:
    found: list[ParameterError] = []
    items = errors.items() if isinstance(errors, dict) else [(prefix, errors)]
    for name, details in items:
        param = f"{prefix}.{name}" if prefix and isinstance(errors, dict) else name
        if param == "non_field_errors":
            param = "id"
        if isinstance(details, dict):
            found.extend(_flatten(details, resource, param))
            continue
        for detail in details:
            if isinstance(detail, dict):
                found.extend(_flatten(detail, resource, param))
                continue
            if isinstance(detail, list):
                found.extend(_flatten({param: detail}, resource))
                continue
            code = fineract_code(resource, param, getattr(detail, "code", "invalid"))
            found.append(ParameterError(code, param, str(detail)))
    return found


def parse_body(
    serializer_class: type[InputSerializer],
    data,
    *,
    partial: bool = False,
    require_one: bool = False,
    context: dict | None = None,
) -> dict:
    """Validated data of `data`, or ValidationFailed carrying every problem at once."""
    reader = BodyReader(serializer_class, partial=partial, context=context)
    return reader.read(data, require_one=require_one)


class BodyReader:
    """`parse_body` for many bodies of one kind (a bulk import's rows): the serializer and
    its fields are built once, each body validated by it in turn."""

    def __init__(
        self,
        serializer_class: type[InputSerializer],
        *,
        partial: bool = False,
        context: dict | None = None,
        remember_values: bool = False,
    ):
        """`remember_values`: each plain field's reading of a value (`run_validation`) kept
        for the bodies that follow (`remembering_reads`), and a body the serializer's own
        layers add nothing to read field by field (plain_bodies.py)."""
        self.serializer = serializer_class(partial=partial, context=context or {})
        self.allowed = set(self.serializer.fields) | ALWAYS_ALLOWED
        self.resource = serializer_class.resource
        self.body_format = (None, None)  # the dateFormat and locale of the body being read
        self.plain_bodies: PlainBodies | None = None
        if remember_values:
            remembering_reads(self)
            fields = self.serializer.fields
            self.plain_bodies = PlainBodies(
                self.serializer,
                {name for name, field in fields.items() if reads_blank_as_absent(field)},
            )

    def read(self, data, *, require_one: bool = False) -> dict:
        if not isinstance(data, dict):
            raise InvalidRequestBody(_("The request body must be a JSON object."))
        if not data.keys() <= self.allowed:  # (a set: in C, not key by key)
            raise UnsupportedParameters(sorted(data.keys() - self.allowed))
        self.serializer.initial_data = data  # the body's dateFormat and locale read dates
        self.body_format = (data.get("dateFormat"), data.get("locale"))
        try:
            if self.plain_bodies is None or (validated := self.plain_bodies.read(data)) is None:
                self.serializer.present = frozenset(data)
                validated = self.serializer.run_validation(data)
        except serializers.ValidationError as invalid:
            raise ValidationFailed(_flatten(invalid.detail, self.resource)) from invalid
        if require_one and not validated:
            raise ValidationFailed(
                [
                    ParameterError(
                        f"validation.msg.{self.resource}.no.parameters.for.update",
                        "id",
                        _("No parameters passed for update."),
                    )
                ]
            )
        return dict(validated)


# The fields whose reading of a value depends on that value alone, not on the request, the
# user, the language (but for a refusal's message: a refusal is never kept) or the database;
# and their validators alike. A date is read so only in ISO: a body's dateFormat may write
# the year in two digits, whose century depends on the day it is read (wire.parse_date).
VALUE_ONLY_FIELDS = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.ChoiceField,
    serializers.BooleanField,
    RequestDateField,
    serializers.JSONField,
)
_VALUE_ONLY_VALIDATORS = (
    django_validators.BaseValidator,  # lengths and ranges
    django_validators.RegexValidator,
    django_validators.ProhibitNullCharactersValidator,
    ProhibitSurrogateCharactersValidator,
)


def remembering_reads(reader: BodyReader) -> None:
    """Each field of `reader`'s input that reads a value by the value alone (VALUE_ONLY_FIELDS,
    its validators limits and patterns) keeps what it read each distinct text, number or yes/no
    (a date: in a body without a dateFormat), at most MOST_VALUES_KEPT per field, and gives it
    again without reading: a file's rows repeat the same names, dates and choices. A value
    new to the reader is read first by the field's plain reading (plain_values.py: a text
    trimmed and within its limits, an ISO date), which DRF's whole way reads only when that
    says no. A value refused is read again each time, and nothing is kept beyond the reader
    (one file's)."""
    for field in reader.serializer.fields.values():
        if isinstance(field, VALUE_ONLY_FIELDS) and all(
            isinstance(validator, _VALUE_ONLY_VALIDATORS) for validator in field.validators
        ):
            dated = isinstance(field, RequestDateField)
            read, plain = field.run_validation, plain_reading(field)
            field.run_validation = _remembering(read, plain, reader, dated)
    reader.serializer.__dict__.pop("_steps", None)  # (its steps now look up what is kept)
    reader.serializer.__dict__.pop("_plans", None)


def _remembering(read, plain, reader: BodyReader, dated: bool):
    known = {}

    def run_validation(data=empty):
        kind = data.__class__
        if (kind is not str and kind is not int and kind is not bool) or (  # (a float: NaN ≠ NaN)
            dated and reader.body_format[0]
        ):
            if plain is not None and (kind is list or kind is dict):  # (not kept: unhashable)
                value = plain(data)
                if value is not empty:
                    return value
            return read(data)
        key = (kind, data)
        value = known.get(key, empty)
        if value is empty:
            value = empty if plain is None else plain(data)
            if value is empty:
                value = read(data)
            if len(known) < MOST_VALUES_KEPT:
                known[key] = value
        return value

    run_validation.remembered = known  # (`_read_json` looks a value up in it itself)
    return run_validation
