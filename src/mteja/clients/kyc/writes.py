"""The audited write of a client's part (identity document, family member, address): lock
the row with its client, check the office scope, snapshot, apply, save, diff, record.

Written once here so that each part's service only applies and validates its own fields (and
so that core's generic write pipeline can replace this one module when it lands).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from mteja.core import audit
from mteja.core.scoping import ensure_office_in_scope


@dataclass(frozen=True)
class ClientPart:
    """How one kind of client part is audited: its model, audit entity and audited fields."""

    model: type[models.Model]
    entity: str
    audit_fields: tuple[str, ...]
    related: tuple[str, ...] = ()

    def snapshot(self, instance: models.Model) -> dict[str, Any]:
        return audit.snapshot(instance, list(self.audit_fields))

    def check_scope(self, actor, client) -> None:
        ensure_office_in_scope(actor, client.office)

    def lock(self, actor, instance: models.Model) -> models.Model:
        """The row again, locked (only the part's row: PostgreSQL cannot lock the nullable
        side of a join), with its client's office; 403 outside the actor's offices."""
        locked = (
            self.model.objects.select_for_update(of=("self",))
            .select_related("client__office", *self.related)
            .get(pk=instance.pk)
        )
        self.check_scope(actor, locked.client)
        return locked

    def record(self, actor, action: str, resource_id: int, client, changes: dict) -> None:
        audit.record(
            actor=actor,
            action=action,
            entity=self.entity,
            resource_id=resource_id,
            office=client.office,
            client_id=client.pk,
            changes=changes,
        )

    def create(self, actor, instance: models.Model, save: Callable[[], None]) -> None:
        """Saves a new part and records its CREATE event (every audited field given)."""
        save()
        changes = audit.diff({}, self.snapshot(instance))
        self.record(actor, "CREATE", instance.pk, instance.client, changes)

    def update(
        self, actor, instance: models.Model, before: dict, save: Callable[[], None]
    ) -> dict[str, list]:
        """Saves a changed part and records its UPDATE event; nothing changed: no event."""
        changes = audit.diff(before, self.snapshot(instance))
        if changes:
            save()
            self.record(actor, "UPDATE", instance.pk, instance.client, changes)
        return changes

    def delete(self, actor, instance: models.Model) -> None:
        """Deletes a part; its DELETE event keeps what the part held."""
        instance = self.lock(actor, instance)
        before = self.snapshot(instance)
        resource_id, client = instance.pk, instance.client
        instance.delete()
        changes = {name: [old, None] for name, old in before.items() if old not in (None, "")}
        self.record(actor, "DELETE", resource_id, client, changes)
