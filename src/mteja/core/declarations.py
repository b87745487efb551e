"""One declaration per entity: what the model does not already say about its fields.

A model's Django fields carry the type, the limits (max_length, validators, max_digits) and the
label (verbose_name). The declaration beside it adds only what differs per entity: the API
name where Fineract's is not the mechanical camelCase one, whether a field is kept out of the
audit journal or of the API's `changes`, and whether an administrator may make it required.
Serializers, forms, the audited-field set, the requirable-field set, the `changes` names and
the History tab's labels are all derived from it, so a new model field is audited, named and
labelled without touching a list.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models

# Bookkeeping every model has; never audited (the event itself records who and when).
BOOKKEEPING = frozenset({"id", "created_on", "last_modified_on", "version"})

REGISTRY: dict[type[models.Model], Declaration] = {}


@functools.cache
def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass(frozen=True)
class Wire:
    """How one model field differs from the mechanical defaults."""

    api: str | None = None  # Fineract's parameter name, when not camelCase(+Id)
    audited: bool = True  # False only for bookkeeping (who did a step: the event's maker)
    echoed: bool = True  # shown in the API's `changes` (derived values are not)
    requirable: bool = False  # an administrator may make it mandatory (ClientPolicy)
    editable: bool = False  # create and update bodies and forms may set it


@dataclass
class Declaration:
    model: type[models.Model]
    entity: str  # Fineract's entity name in the journal and permission codes (CLIENT)
    resource: str  # Fineract's resource in validation codes (validation.msg.<resource>…)
    wires: dict[str, Wire] = field(default_factory=dict)
    # Parts kept in one-to-one rows but audited as the entity's own fields ("non_person").
    parts: dict[str, Declaration] = field(default_factory=dict)

    def __post_init__(self):
        names = {f.name for f in self.model._meta.concrete_fields}
        unknown = set(self.wires) - names
        if unknown:
            raise ValueError(f"{self.model.__name__} has no fields {sorted(unknown)}")
        REGISTRY[self.model] = self

    # --- fields ---------------------------------------------------------------------------

    def fields(self) -> Iterator[models.Field]:
        yield from self._fields

    # Derived once per declaration (every write reads them): the model's fields and the
    # declaration are fixed once the models are loaded.
    @functools.cached_property
    def _fields(self) -> tuple[models.Field, ...]:
        return tuple(
            f for f in self.model._meta.concrete_fields
            if f.name not in BOOKKEEPING and not f.primary_key
        )  # fmt: skip

    @functools.cached_property
    def _audited(self) -> tuple[str, ...]:
        return tuple(f.attname for f in self._fields if self.wire(f.name).audited)

    @functools.cached_property
    def _editable(self) -> tuple[models.Field, ...]:
        return tuple(f for f in self._fields if self.wire(f.name).editable)

    def wire(self, name: str) -> Wire:
        return self.wires.get(name, Wire())

    def model_field(self, name: str) -> models.Field:
        return self.model._meta.get_field(name)

    def api_name(self, name: str) -> str:
        """The API parameter of model field `name` (or of its attname, `gender_id`)."""
        known = self._api_names.get(name)
        if known is None:
            known = self._api_names[name] = self._api_name_of(name)
        return known

    @functools.cached_property
    def _api_names(self) -> dict[str, str]:
        return {}  # name → parameter, each worked out at its first use

    def _api_name_of(self, name: str) -> str:
        model_field = self.model_field(name)
        declared = self.wire(model_field.name).api
        if declared:
            return declared
        # A reference is `officeId`; a many-to-many list keeps its plural name (`roles`).
        suffix = "Id" if model_field.many_to_one or model_field.one_to_one else ""
        return camel(model_field.name) + suffix

    def audited_fields(self) -> list[str]:
        """Attribute names of every audited field: all but bookkeeping and declared exceptions."""
        return list(self._audited)

    def editable(self) -> list[models.Field]:
        return list(self._editable)

    def requirable(self) -> dict[str, str]:
        """API parameter → path of its value (`non_person.incorp_no` for a part's field)."""
        found = {
            self.api_name(f.name): f.attname for f in self.fields() if self.wire(f.name).requirable
        }
        for prefix, part in self.parts.items():
            found.update({param: f"{prefix}.{path}" for param, path in part.requirable().items()})
        return found

    # --- the journal and `changes` --------------------------------------------------------

    def _resolve(self, path: str) -> tuple[Declaration, models.Field] | None:
        prefix, _dot, name = path.rpartition(".")
        declaration = self.parts.get(prefix) if prefix else self
        if declaration is None:
            return None
        try:
            return declaration, declaration.model_field(name)
        except Exception:  # noqa: BLE001 - a journal key that is not a field (a note, a part)
            return None

    def change_name(self, path: str) -> str | None:
        """The API name of an audited path in `changes`; None when it is not echoed."""
        resolved = self._resolve(path)
        if resolved is None:
            return path
        declaration, model_field = resolved
        if not declaration.wire(model_field.name).echoed:
            return None
        return declaration.api_name(model_field.name)

    def is_date(self, path: str) -> bool:
        resolved = self._resolve(path)
        return resolved is not None and isinstance(resolved[1], models.DateField)

    def label(self, path: str) -> str:
        resolved = self._resolve(path.removesuffix("_id")) or self._resolve(path)
        if resolved is None:
            return path  # a field since removed from the model: its raw name
        return str(resolved[1].verbose_name)


def bound(model_field: models.Field, kind) -> int | None:
    """The tightest limit of validator class `kind` (MinValueValidator, MaxValueValidator)
    among the field's validators: its own and its column's range."""
    limits = [v.limit_value for v in model_field.validators if isinstance(v, kind)]
    if not limits:
        return None
    return min(limits) if kind.__name__ == "MaxValueValidator" else max(limits)


def declaration_of(model: type[models.Model]) -> Declaration | None:
    return REGISTRY.get(model)
