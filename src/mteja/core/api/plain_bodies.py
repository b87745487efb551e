"""A body read field by field, without the serializer's own layers, when those add nothing.

DRF reads a body through `Serializer.run_validation`: its empty values, `to_internal_value`
(InputSerializer's: blanks read as absent, a new body of what is left, then each field of
the keys given), the serializer's validators and its `validate`; a bulk import's rows pay
those layers once a row. An input whose serializer adds nothing at that level (no
validators, no `validate`, nothing read-only) reads a body exactly as its fields' steps do,
one by one in their declared order (`InputSerializer._read_json`). So a body of the input's
keys alone, whose required fields are given and whose values hold no blank that reads as
absent, is read by those steps straight away (the same calls, the same remembered readings,
every refusal at once with its codes); any other body goes the whole way."""

from __future__ import annotations

from rest_framework import serializers

MOST_KEY_ORDERS = 256  # the orders of given keys whose plan a reader keeps
_UNPLANNED = object()


class PlainBodies:
    """The field-by-field reading of bodies for one bound InputSerializer (built once, for
    many bodies: a file's rows)."""

    def __init__(self, serializer, blank_as_absent: set[str]):
        """`blank_as_absent`: the names of the fields a blank string is no value for."""
        self.serializer = serializer
        self._adds_nothing = adds_nothing(serializer)
        self._blank_matters = blank_as_absent
        steps = serializer._reading_steps()
        self._steps = {step[1]: (position, step) for position, (step, _a) in enumerate(steps)}
        self._always = [step[1] for step, always in steps if always]
        self._plans: dict[tuple, tuple | None] = {}

    def read(self, data: dict) -> dict | None:
        """The validated body (a refusal raised as the whole way raises it), None when the
        body is to be read the whole way."""
        keys = tuple(data)  # (a file's rows give their keys in a few orders)
        plan = self._plans.get(keys, _UNPLANNED)
        if plan is _UNPLANNED:
            plan = self._plan(keys)
            if len(self._plans) < MOST_KEY_ORDERS:
                self._plans[keys] = plan
        if plan is None:
            return None
        steps, blank_matters = plan
        for name in blank_matters:
            value = data[name]
            kind = value.__class__
            if kind is int or kind is bool:  # (most: an id, a yes/no)
                continue
            if (kind is str or isinstance(value, str)) and not value.strip():
                return None  # (absent, or null: the whole way says which)
        return self.serializer._read_json(data, steps)

    def _plan(self, keys: tuple) -> tuple | None:
        """(the reading steps of the keys in declared order, the keys whose blank reads as
        absent), None when a key is not the input's or a field always read is not given."""
        if not self._adds_nothing or any(name not in self._steps for name in keys):
            return None
        if any(name not in keys for name in self._always):
            return None
        ordered = sorted(keys, key=lambda name: self._steps[name][0])
        steps = tuple(self._steps[name][1] for name in ordered)
        return steps, tuple(name for name in ordered if name in self._blank_matters)


def adds_nothing(serializer) -> bool:
    """Whether `serializer`'s own layers add nothing to its fields' reading of a JSON body:
    DRF's and InputSerializer's steps, no validators, no `validate`, nothing read-only."""
    from mteja.core.api.inputs import InputSerializer  # (inputs.py builds this module's)

    kind = type(serializer)
    return (
        not serializer.validators
        and kind.validate is serializers.Serializer.validate
        and kind.run_validators is serializers.Serializer.run_validators
        and kind.run_validation is serializers.Serializer.run_validation
        and kind.validate_empty_values is serializers.Field.validate_empty_values
        and kind.to_internal_value is InputSerializer.to_internal_value
        and kind._read_json is InputSerializer._read_json
        and not any(field.read_only for field in serializer.fields.values())
    )
