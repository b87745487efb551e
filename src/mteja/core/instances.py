"""New model instances made by copying a blank one: what `model(**values)` gives, without
Django's walk over every field for each instance (a client has 51; its constructor was a
tenth of checking a bulk import's row).

Only for models with no database default and no `pre_init`/`post_init` receiver, and only
when every field with a callable default (`default=dict`) is given a value: the blank
instance, made once, then holds exactly what each new one would be given. Any other model or
call, or a value that is not a field of the model, goes through the model's own
constructor."""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED

_blanks: dict[type, Model | None] = {}  # by model: its blank instance, None when unfit
_names: dict[type, frozenset[str]] = {}  # by model: the names a value may be given by
_made_each_time: dict[type, frozenset[str]] = {}  # by model: fields with a callable default
_references: dict[type, dict] = {}  # by model: {name: its many-to-one field}


def new_instance(model: type[Model], **values) -> Model:
    """`model(**values)`, made from a copy of the model's blank instance when it may be."""
    blank = _blanks.get(model, NOT_PROVIDED)
    if blank is NOT_PROVIDED:
        blank = _blanks[model] = _blank_of(model)
    if (
        blank is None
        or not values.keys() <= _names[model]
        or not _made_each_time[model] <= values.keys()
        or signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
    ):
        return model(**values)
    instance = object.__new__(model)
    instance.__dict__ = blank.__dict__.copy()
    instance._state = ModelState()
    set_values(instance, values)  # as the constructor sets a value given by keyword
    return instance


def set_values(instance: Model, values: dict) -> None:
    """`setattr(instance, name, value)` for each value; a many-to-one reference given a row
    (or None) set as Django's descriptor sets it — the key, the row kept as the related row,
    the instance's database — without the descriptor's checks for routed databases, which
    this project has no router for (a bulk import sets a dozen references a row: a twentieth
    of its work). A one-to-one field, a value that is no row of the related model, or a
    project with routers goes through the descriptor."""
    references = _references.get(type(instance))
    if references is None:
        references = _references[type(instance)] = _references_of(type(instance))
    routed = bool(settings.DATABASE_ROUTERS)
    for name, value in values.items():
        reference = references.get(name)
        if reference is None or routed:
            setattr(instance, name, value)
            continue
        attname, related_model, target_attname = reference
        if value is None:
            instance.__dict__[attname] = None
            instance._state.fields_cache[name] = None
        elif isinstance(value, related_model):
            state = instance._state
            if state.db is None:
                state.db = value._state.db or DEFAULT_DB_ALIAS
            if value._state.db is None:
                value._state.db = state.db
            instance.__dict__[attname] = getattr(value, target_attname)
            state.fields_cache[name] = value
        else:
            setattr(instance, name, value)  # the descriptor's error


def _references_of(model: type[Model]) -> dict:
    """{name: (its key's attribute, the related model, the attribute the key copies)} of the
    model's many-to-one fields, read once per model."""
    return {
        field.name: (field.attname, field.related_model, field.target_field.attname)
        for field in model._meta.concrete_fields
        if field.many_to_one and len(field.related_fields) == 1
    }


def _blank_of(model: type[Model]) -> Model | None:
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    if any(field.db_default is not NOT_PROVIDED for field in fields):
        return None
    _names[model] = frozenset(name for field in fields for name in {field.name, field.attname})
    # A callable default's value is made anew for each instance: such a field must be given.
    _made_each_time[model] = frozenset(
        field.name for field in fields if field.has_default() and callable(field.default)
    )
    return model()
