"""The one write path of an audited entity: lock, scope, snapshot, apply, validate, save, diff,
record.

A service opens a write (`open_write`: the row locked, the caller's version checked, the
before-image taken from the declaration), applies its changes and rules, then closes it
(`commit_write`: the model's own validation, the save with its uniqueness checks, the diff and
exactly one audit event, the version bumped when anything changed). Which fields are audited
comes from the model's declaration (core/declarations.py), never from a list in the service,
so a new field is journalled and versioned by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models.expressions import DatabaseDefault
from django.utils.translation import gettext as _

from mteja.core import audit
from mteja.core.clean_values import cleaned_value, passed_values
from mteja.core.declarations import Declaration, declaration_of
from mteja.core.errors import NotFound, StaleVersion, from_django_validation_error
from mteja.core.uniqueness import UniqueCheck, save_unique


def declaration(instance_or_model) -> Declaration:
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    found = declaration_of(model)
    if found is None:
        raise LookupError(f"{model.__name__} has no declaration (core.declarations.Declaration)")
    return found


def snapshot(instance: models.Model, decl: Declaration | None = None) -> dict[str, Any]:
    """The audited fields of `instance` and of its declared one-to-one parts."""
    decl = decl or declaration(instance)
    data = audit.snapshot(instance, decl.audited_fields())
    if instance.pk is None:
        return data
    for prefix, part in decl.parts.items():
        row = getattr(instance, prefix, None)
        if row is not None and row.pk:
            data.update({f"{prefix}.{k}": v for k, v in snapshot(row, part).items()})
    return data


def lock(
    instance: models.Model,
    *,
    expected_version: int | None = None,
    related: Iterable[str] = (),
    gone: Callable[[], NotFound] | None = None,
) -> models.Model:
    """The row again, locked for this transaction, found and locked in one statement; 404
    (`gone()`, or the entity's own not-found) when it was deleted since the caller read it,
    409 when the caller saw an older version.

    of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins that
    select_related needs, and the related rows need no lock.
    """
    model = type(instance)
    rows = model._base_manager.select_for_update(of=("self",))
    if related:
        rows = rows.select_related(*related)
    locked = next(iter(rows.filter(pk=instance.pk)), None)
    if locked is None:
        raise gone() if gone is not None else not_found(model, instance.pk)
    current = getattr(locked, "version", None)
    if expected_version is not None and current is not None and expected_version != current:
        raise StaleVersion(declaration(model).resource, current)
    return locked


def not_found(model: type[models.Model], pk) -> NotFound:
    """Fineract's 404 for a row of `model` that does not exist (any longer)."""
    resource = declaration(model).resource
    return NotFound(
        f"error.msg.{resource}.id.invalid",
        _("The record with identifier %(id)s does not exist.") % {"id": pk},
        value=pk,
    )


def open_write(
    instance: models.Model,
    *,
    actor,
    expected_version: int | None = None,
    related: Iterable[str] = (),
    scope: Callable[[Any, models.Model], None] | None = None,
) -> tuple[models.Model, dict[str, Any]]:
    """Lock, scope, snapshot: the locked row and its before-image."""
    locked = lock(instance, expected_version=expected_version, related=related)
    if scope is not None:
        scope(actor, locked)
    return locked, snapshot(locked)


def validate(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """The model's own field validation (lengths, choices, validators), as Fineract's 400 with
    every parameter named as the API names it. Uniqueness is the database's (save_unique)."""
    try:
        _full_clean(instance, exclude)
    except DjangoValidationError as error:
        decl = declaration(instance)
        raise from_django_validation_error(error, decl.api_name, decl.resource) from None


def _full_clean(instance: models.Model, exclude: Iterable[str]) -> None:
    """`instance.full_clean(exclude, validate_unique=False, validate_constraints=False)` for a
    model without a `clean()` (nor `clean_fields`, `full_clean`) of its own: each field not
    excluded cleaned as Django's `clean_fields` cleans it (a blank value of a field that may
    be blank, and a database default, skipped; the errors by field, in the model's order),
    the fields to clean listed once per model and exclusion rather than each of a client's
    51 looked up in the exclusion on every write (a bulk import checks one a row), and a plain
    value a field passed before answered as it was then (core/clean_values.py)."""
    model = type(instance)
    if (
        model.clean is not models.Model.clean
        or model.clean_fields is not models.Model.clean_fields
        or model.full_clean is not models.Model.full_clean
    ):
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
        return
    exclude = tuple(exclude)
    key = (model, *exclude)
    cleaned = _cleaned_fields.get(key)
    if cleaned is None:
        excluded = set(exclude)
        cleaned = tuple(
            (f, f.attname, f.empty_values if f.blank else (), passed_values(f))
            for f in model._meta.fields
            if f.name not in excluded and not f.generated
        )
        if len(_cleaned_fields) < _CLEANED_KEPT:
            _cleaned_fields[key] = cleaned
    errors = {}
    for f, attname, blank_values, kept in cleaned:
        raw_value = getattr(instance, attname)
        if raw_value in blank_values or isinstance(raw_value, DatabaseDefault):
            continue
        try:
            setattr(instance, attname, cleaned_value(f, raw_value, instance, kept))
        except DjangoValidationError as e:
            errors[f.name] = e.error_list
    if errors:
        raise DjangoValidationError(errors)


# By (model, the names excluded, in order): the fields `_full_clean` cleans, each with its
# attribute, the values it skips as blank (none for a field that may not be blank) and what
# the process kept of its cleanings. A code path excludes one list: a handful per model.
_cleaned_fields: dict[tuple, tuple] = {}
_CLEANED_KEPT = 512


def commit_write(
    instance: models.Model,
    *,
    actor,
    action: str,
    before: dict[str, Any],
    unique: list[UniqueCheck] = (),
    record_unchanged: bool = False,
    extra: dict[str, list] | None = None,
    **event,
) -> dict[str, list]:
    """Save, diff, record: bumps the version and journals one event when anything changed
    (or always, for a command: `record_unchanged`). Returns `{field: [old, new]}`.

    `extra` holds changes kept outside the row itself (many-to-many links, the marker of a
    new password), journalled in the same event."""
    changes = {**audit.diff(before, snapshot(instance)), **(extra or {})}
    if not changes and not record_unchanged:
        return {}
    if hasattr(instance, "version"):
        instance.version += 1
    if hasattr(instance, "last_modified_by"):
        instance.last_modified_by = actor if getattr(actor, "pk", None) else None
    save_unique(instance, list(unique))
    record(instance, actor=actor, action=action, changes=changes, **event)
    return changes


def record(instance: models.Model, *, actor, action: str, changes: dict, **event) -> None:
    """One journal event about `instance`; `event` names its office, client, subresource (and
    its entity, when the row's model serves several: a group's note is a GROUPNOTE)."""
    event_of(instance, actor=actor, action=action, changes=changes, **event).save(force_insert=True)


def event_of(instance: models.Model, *, actor, action: str, changes: dict, **event):
    """`record`'s event, not saved yet."""
    return audit.event(
        actor=actor,
        action=action,
        entity=event.pop("entity", None) or declaration(instance).entity,
        resource_id=event.pop("resource_id", instance.pk),
        resource_external_id=getattr(instance, "external_id", None),
        changes=changes,
        **event,
    )


def record_created(
    instance: models.Model, *, actor, extra: dict[str, list] | None = None, **event
) -> dict[str, list]:
    """The CREATE event of a new row: every audited field as `{field: [None, value]}` (and
    `extra`, changes kept outside the row: many-to-many links)."""
    made, changes = created_event(instance, actor=actor, extra=extra, **event)
    made.save(force_insert=True)
    return changes


def created_event(instance: models.Model, *, actor, extra: dict[str, list] | None = None, **event):
    """`record_created`'s event, not saved yet, and its changes."""
    changes = {**audit.diff({}, snapshot(instance)), **(extra or {})}
    return event_of(instance, actor=actor, action="CREATE", changes=changes, **event), changes


def record_deleted(instance: models.Model, before: dict[str, Any], *, actor, **event) -> None:
    """The DELETE event: what was there, as `{field: [old, None]}`."""
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "")}
    record(instance, actor=actor, action="DELETE", changes=changes, **event)
