"""Response serializers whose fields are built once per class, not once per response.

DRF deep-copies every declared field and binds the copies on each serializer it instantiates:
for a client's detail (sixty fields, a nested timeline of twenty-eight) that is about a
millisecond of every GET. A response serializer's fields hold no per-response state — they
read only the instance passed to `to_representation` — so a class that inherits `FieldsOnce`
keeps the fields its first instance built and bound, and every later instance serializes
with them. The output is the same, field for field: the same declaration, built by the same
DRF code.

A serializer given a context (a request, say) builds its own fields as DRF does, since a
field may read the context; one used for input (`data=`) too. Method fields call the method
on the instance that built the fields: such methods must read only their argument.
"""

from __future__ import annotations

import functools

from rest_framework import serializers

__all__ = ["FieldsOnce", "read_attributes"]


class FieldsOnce(serializers.Serializer):
    @property
    def fields(self):
        if self._context or hasattr(self, "initial_data"):
            return self._own_fields
        cls = type(self)
        built = cls.__dict__.get("_fields_once")
        if built is None:
            built = self._own_fields
            cls._fields_once = built
        return built

    @property
    def _own_fields(self):
        own = self.__dict__.get("_own_fields_cache")
        if own is None:
            own = serializers.Serializer.fields.func(self)
            self.__dict__["_own_fields_cache"] = own
        return own


@functools.cache
def read_attributes(serializer_class: type[serializers.Serializer]) -> tuple[str, ...]:
    """The attributes of an instance that `serializer_class`'s fields start from (`office`
    for `office.name`): what a queryset must load, e.g. by `.only()`, for it."""
    fields = serializer_class().fields.values()
    return tuple(
        sorted({field.source.partition(".")[0] for field in fields if field.source != "*"})
    )
