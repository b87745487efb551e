"""Writing the audit journal. Services call `record` inside their transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models

from mteja.core import clock, context
from mteja.core.field_reader import reader
from mteja.core.instances import new_instance
from mteja.core.iso_date_texts import iso
from mteja.core.models import AuditEvent

_PLAIN = frozenset({str, int, bool, float})  # values the journal keeps as they are
_KEPT = (str, int, float)  # values `plain` gives back as they are (a choice's member too)


def plain(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in _PLAIN:
        return value
    if kind is list:  # a change's [old, new], most often plain already
        return [item if item is None or type(item) in _PLAIN else plain(item) for item in value]
    if kind is datetime.date:  # (most dates: told before the checks below)
        return iso(value)
    if isinstance(value, str | int | float):  # a choice's member (ClientStatus.ACTIVE)
        return value  # as below: no text or number is a row, a date, a Decimal or a list
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited fields of `instance`, foreign keys as ids."""
    names = tuple(fields)
    if not names:
        return {}
    return {
        name: value if value is None or type(value) in _PLAIN else plain(value)
        for name, value in zip(names, reader(type(instance), names).one(instance), strict=True)
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """`{field: [old, new]}` for every field whose value changed."""
    if not before:  # a new row (a CREATE event): every value that is not None
        return {name: [None, value] for name, value in after.items() if value is not None}
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def record(**fields) -> AuditEvent:
    """Appends one event (`event`'s fields); call it inside the service's transaction."""
    made = event(**fields)
    made.save(force_insert=True)
    return made


def event(**fields) -> AuditEvent:
    """One event, not saved yet (`_fields` tells its fields)."""
    return new_instance(AuditEvent, **_fields(**fields))


def _fields(
    *,
    actor,
    action: str,
    entity: str,
    resource_id: int | None,
    office=None,
    changes: dict[str, list] | None = None,
    client_id: int | None = None,
    group_id: int | None = None,
    subresource_id: int | None = None,
    resource_external_id: str | None = None,
    request_id: str | None = None,
    api_path: str | None = None,
) -> dict[str, Any]:
    """An event's fields by name. Its request id and path are the current request's unless
    given (work that outlives its request, such as a streamed download, gives those it was
    asked by)."""
    return {
        "action_name": action,
        "entity_name": entity,
        "resource_id": resource_id,
        "subresource_id": subresource_id,
        "resource_external_id": resource_external_id or "",
        "office": office,
        "client_id": client_id,
        "group_id": group_id,
        "maker": actor if getattr(actor, "pk", None) else None,
        "maker_username": getattr(actor, "username", "") or "system",
        "made_on": clock.now(),
        "request_id": context.request_id.get() if request_id is None else request_id,
        "api_path": context.request_path.get() if api_path is None else api_path,
        "changes": _plain_changes(changes or {}),
    }


def _plain_changes(changes: dict) -> dict:
    """`{field: plain(change)}`; a change's [old, new] of values `plain` gives back as they
    are (those of snapshots: most, a choice's member such as ClientStatus.ACTIVE among them)
    copied without a call per value."""
    made = {}
    for name, change in changes.items():
        if type(change) is list and len(change) == 2:
            old, new = change
            if (old is None or isinstance(old, _KEPT)) and (new is None or isinstance(new, _KEPT)):
                made[name] = [old, new]
                continue
        made[name] = plain(change)
    return made


def amend(made: AuditEvent, **changes) -> None:
    """Adds to a saved event's `changes` what its work could not know when the event was
    written: an export's row count, known when its download ends (the event is written
    before the first row leaves; docs/decisions.md 82), an import job's rows and outcomes,
    known when it ends. The one change the journal takes; call it inside a transaction."""
    made.changes = {**made.changes, **{name: plain(value) for name, value in changes.items()}}
    # AuditQuerySet.update refuses every other change.
    models.QuerySet.update(AuditEvent.objects.filter(pk=made.pk), changes=made.changes)
