"""Reading several fields of model instances in one call (the journal's snapshots, the bulk
inserts' rows).

Django keeps a field's value in the instance's `__dict__` under its attribute name; a plain
field's descriptor is not called when the value is there, but a reference's key
(`office_id`) has a descriptor of its own (it clears a kept related row when the key is
set), so each read of one ran a Python function: a client's snapshot and its insert read a
dozen. Values are read here from `__dict__` when every name is a field whose descriptor
would only have returned that value; otherwise, or for an instance lacking one of them (a
deferred field, which the descriptor loads), through the descriptors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from operator import attrgetter, itemgetter

from django.db.models import Model
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute

_STORED = (DeferredAttribute, ForeignKeyDeferredAttribute)  # read: `__dict__[attname]`


class FieldReader:
    """The values of `names` (attribute names) of an instance of `model`, as a tuple."""

    def __init__(self, model: type[Model], names: tuple[str, ...]):
        self.by_descriptors = _tuple_of(attrgetter, names)
        stored = all(type(getattr(model, name, None)) in _STORED for name in names)
        self.stored: Callable | None = _tuple_of(itemgetter, names) if stored else None

    def one(self, instance: Model) -> tuple:
        if self.stored is not None:
            try:
                return self.stored(instance.__dict__)
            except KeyError:  # a deferred field
                pass
        return self.by_descriptors(instance)

    def many(self, instances: Sequence[Model]) -> list[tuple]:
        if self.stored is not None:
            stored = self.stored
            try:
                return [stored(instance.__dict__) for instance in instances]
            except KeyError:  # a deferred field
                pass
        by_descriptors = self.by_descriptors
        return [by_descriptors(instance) for instance in instances]


@cache
def reader(model: type[Model], names: tuple[str, ...]) -> FieldReader:
    """The reader of `names` of `model`'s instances, made once."""
    return FieldReader(model, names)


def _tuple_of(getter, names: tuple[str, ...]) -> Callable:
    # (A getter of one name gives the value itself, not a tuple of one.)
    if len(names) == 1:
        one = getter(names[0])
        return lambda source: (one(source),)
    return getter(*names)
