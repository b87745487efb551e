"""The journal's events of one bulk write (an import's batch), as the values of AuditEvent's
columns (its id aside) for `bulk_insert.insert_values`: the same stored values as the
ORM's save of `audit.event`, with no instance made and read again.

What every event of the batch shares — its time, the request's id and path, its maker's
key and name — is read once for the batch and copied into each event's row: a batch is
written in one transaction, and its events carry one time (docs/decisions.md 197). A new
row's CREATE changes are written as JSON text straight from its values
(core/created_changes_text.py), as `writes.created_event` would have them."""

from __future__ import annotations

from functools import cache
from itertools import chain
from typing import Any

from django.db import models

from mteja.core import clock, context, json_text, writes
from mteja.core.created_changes_text import created
from mteja.core.field_reader import reader
from mteja.core.models import AuditEvent


class BatchJournal:
    """Collects a bulk write's events (`rows`), each `record`ed or `created`."""

    def __init__(self, *, request_id: str | None = None, api_path: str | None = None):
        names = [name for name, _default in _columns()]
        self._place = {name: index for index, name in enumerate(names)}
        shared = {
            "made_on": clock.now(),
            "request_id": context.request_id.get() if request_id is None else request_id,
            "api_path": context.request_path.get() if api_path is None else api_path,
        }
        self._shared = [shared.get(name, default) for name, default in _columns()]
        # id(actor) → (the actor, kept alive, and the row all its events start as); id(office)
        # → (the office, its key): each read once a batch, not once an event.
        self._by_actor: dict[int, tuple[Any, list]] = {}
        self._offices: dict[int, tuple[Any, Any]] = {}
        self._audited: dict[type, tuple] = {}  # model → (declaration, names, their reader)
        self.rows: list[tuple] = []

    def record(
        self,
        *,
        actor,
        action: str,
        entity: str,
        resource_id: int | None,
        changes: dict | json_text.Written,
        office=None,
        client_id: int | None = None,
        group_id: int | None = None,
        subresource_id: int | None = None,
        resource_external_id: str | None = None,
    ) -> None:
        """One event, as `audit.event` makes it (`changes`: plain values already, or their
        text written)."""
        row = self._start(actor)
        place = self._place
        row[place["action_name"]] = action
        row[place["entity_name"]] = entity
        row[place["resource_id"]] = resource_id
        row[place["subresource_id"]] = subresource_id
        row[place["resource_external_id"]] = resource_external_id or ""
        row[place["office"]] = self._key_of(office)
        row[place["client_id"]] = client_id
        row[place["group_id"]] = group_id
        row[place["changes"]] = changes
        self.rows.append(tuple(row))

    def created(
        self, instance: models.Model, *, actor, extra: dict[str, list] | None = None, **event
    ) -> None:
        """The CREATE event of a new row, as `writes.created_event` makes it: every audited
        field of the row and of its declared one-to-one parts not None, then `extra` (changes
        kept outside the row, none of the same name: a client's addresses)."""
        audited = self._audited.get(type(instance))
        if audited is None:
            audited = self._audited[type(instance)] = _audited(type(instance))
        declaration, names, read = audited
        pairs = zip(names, read.one(instance), strict=True)
        for prefix, part in declaration.parts.items():
            row = getattr(instance, prefix, None)
            if row is not None and row.pk:
                snapshot = writes.snapshot(row, part)
                pairs = chain(pairs, ((f"{prefix}.{k}", v) for k, v in snapshot.items()))
        self.record(
            actor=actor,
            action="CREATE",
            entity=event.pop("entity", None) or declaration.entity,
            resource_id=event.pop("resource_id", instance.pk),
            resource_external_id=getattr(instance, "external_id", None),
            changes=json_text.Written(created(pairs, extra)),
            **event,
        )

    def _start(self, actor) -> list:
        known = self._by_actor.get(id(actor))
        if known is None:
            start = list(self._shared)
            start[self._place["maker"]] = getattr(actor, "pk", None) or None
            start[self._place["maker_username"]] = getattr(actor, "username", "") or "system"
            known = self._by_actor[id(actor)] = (actor, start)
        return known[1].copy()

    def _key_of(self, office) -> Any:
        if office is None:
            return None
        known = self._offices.get(id(office))
        if known is None:
            known = self._offices[id(office)] = (office, office.pk)
        return known[1]


def _audited(model: type[models.Model]) -> tuple:
    declaration = writes.declaration(model)
    names = tuple(declaration.audited_fields())
    return declaration, names, reader(model, names)


@cache
def _columns() -> tuple[tuple[str, Any], ...]:
    """(name, default) of AuditEvent's columns but its id, in their order."""
    return tuple(
        (field.name, field.get_default())
        for field in AuditEvent._meta.concrete_fields
        if not field.primary_key
    )
