"""New model instances made by copying a blank one: what `model(**values)` gives, without
Django's walk over every field for each instance (a client has 51; its constructor was a
tenth of checking a bulk import's row).

Only for models with no database default and no `pre_init`/`post_init` receiver, and only
when every field with a callable default (`default=dict`) is given a value: the blank
instance, made once, then holds exactly what each new one would be given. Any other model or
call, or a value that is not a field of the model, goes through the model's own
constructor."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, router
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute

_blanks: dict[type, Model | None] = {}  # by model: its blank instance, None when unfit
_names: dict[type, frozenset[str]] = {}  # by model: the names a value may be given by
_made_each_time: dict[type, frozenset[str]] = {}  # by model: fields with a callable default
_references: dict[type, dict] = {}  # by model: {name: its many-to-one field}
# By (model, the names given, in order): how such a call is made, False when by the model.
_calls: dict[tuple, _Call | bool] = {}
_CALLS_KEPT = 512  # a code path gives one set of names: a handful per model


class _Call:
    """How `new_instance` makes an instance given these names: the blank's fields with the
    values stored as they are (what setting a plain field or a reference's key does on a new
    instance), then the references given a row (`references`: (name, the field's
    particulars)) set as `set_values` sets them."""

    def __init__(self, blank: Model, references: list[tuple[str, tuple]]):
        self.fields = blank.__dict__
        self.references = references


def new_instance(model: type[Model], **values) -> Model:
    """`model(**values)`, made from a copy of the model's blank instance when it may be."""
    call = _calls.get((model, *values))
    if call is None:
        call = _call_for(model, tuple(values))
    if (
        call is False
        # (A signal's `has_listeners` answers no at once only when it has no receiver.)
        or (signals.pre_init.receivers and signals.pre_init.has_listeners(model))
        or (signals.post_init.receivers and signals.post_init.has_listeners(model))
    ):
        return model(**values)
    instance = object.__new__(model)
    if call is True:  # a name set through its own descriptor: every value as the constructor
        instance.__dict__ = _blanks[model].__dict__.copy()
        instance._state = ModelState()
        set_values(instance, values)
        return instance
    fields = call.fields.copy()
    fields.update(values)
    instance.__dict__ = fields
    instance._state = ModelState()
    if call.references:
        routed = bool(router.routers)
        for name, reference in call.references:
            _set_reference(instance, name, fields.pop(name), reference, routed)
    return instance


def set_values(instance: Model, values: dict) -> None:
    """`setattr(instance, name, value)` for each value; a many-to-one reference given a row
    (or None) set as Django's descriptor sets it — the key, the row kept as the related row,
    the instance's database — without the descriptor's checks for routed databases, which
    this project has no router for (a bulk import sets a dozen references a row: a twentieth
    of its work). A one-to-one field, a value that is no row of the related model, or a
    project with routers goes through the descriptor. (Whether there are routers is read
    from Django's router, which keeps them once read and reads them again when a test
    overrides DATABASE_ROUTERS: not from the lazy settings each call.)"""
    references = _references_of(type(instance))
    routed = bool(router.routers)
    for name, value in values.items():
        reference = references.get(name)
        if reference is None:
            setattr(instance, name, value)
        else:
            _set_reference(instance, name, value, reference, routed)


def _set_reference(instance: Model, name: str, value, reference: tuple, routed: bool) -> None:
    attname, related_model, target_attname = reference
    if routed:
        setattr(instance, name, value)
    elif value is None:
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
    references = _references.get(model)
    if references is None:
        references = _references[model] = {
            field.name: (field.attname, field.related_model, field.target_field.attname)
            for field in model._meta.concrete_fields
            if field.many_to_one and len(field.related_fields) == 1
        }
    return references


def _call_for(model: type[Model], names: tuple[str, ...]) -> _Call | bool:
    """How `new_instance(model, **values)` with these names is made (kept, up to a bound):
    False by the constructor; True by the blank's copy and `set_values`; else a `_Call`,
    when every name is a reference or a field whose value is stored as it is given — a
    plain field's, or a reference's key when its row is not given too (on a new instance,
    with no related row kept, its descriptor stores the value and nothing else)."""
    blank = _blanks.get(model, NOT_PROVIDED)
    if blank is NOT_PROVIDED:
        blank = _blanks[model] = _blank_of(model)
    given = frozenset(names)
    call: _Call | bool
    if blank is None or not given <= _names[model] or not _made_each_time[model] <= given:
        call = False
    else:
        references = _references_of(model)
        keys = {
            field.attname: field.name
            for field in model._meta.concrete_fields
            if field.attname != field.name
        }

        def stored(name: str) -> bool:
            kind = type(getattr(model, name, None))
            if kind is ForeignKeyDeferredAttribute:
                return keys.get(name) not in given
            return kind is DeferredAttribute

        if all(name in references or stored(name) for name in names):
            call = _Call(blank, [(name, references[name]) for name in names if name in references])
        else:
            call = True
    if len(_calls) < _CALLS_KEPT:
        _calls[(model, *names)] = call
    return call


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
