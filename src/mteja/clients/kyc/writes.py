"""The audited write of a client's part (identity document, family member, address) on core's
one write path (core.writes): lock the row with its client, check the office scope, snapshot,
apply, save with its uniqueness checks, diff, record one event.

Each part's service only applies and validates its own fields; which fields are audited, and
their API names, come from the part's declaration (core.declarations)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from mteja.clients.scope import ensure_client_in_scope, lock_client_in_scope
from mteja.core import writes
from mteja.core.batch_journal import BatchJournal
from mteja.core.declarations import Declaration
from mteja.core.uniqueness import UniqueCheck, save_unique


@dataclass(frozen=True)
class ClientPart:
    """One kind of client part: its declaration and what its locked row loads with it."""

    declaration: Declaration
    related: tuple[str, ...] = ()

    def snapshot(self, instance: models.Model) -> dict[str, Any]:
        return writes.snapshot(instance, self.declaration)

    def check_scope(self, actor, client) -> None:
        ensure_client_in_scope(actor, client)

    def lock_client(self, actor, client) -> None:
        """Before a new part: its client locked, still there and in the actor's offices."""
        lock_client_in_scope(actor, client)

    def lock(self, actor, instance: models.Model) -> models.Model:
        """The row again, locked, with its client's office: 404 when it is gone or outside
        the actor's offices."""
        locked, _before = writes.open_write(
            instance,
            actor=actor,
            related=("client__office", *self.related),
            scope=lambda actor, row: self.check_scope(actor, row.client),
        )
        return locked

    @staticmethod
    def _event(instance: models.Model) -> dict[str, Any]:
        return {"office": instance.client.office, "client_id": instance.client_id}

    def create(self, actor, instance: models.Model, unique: list[UniqueCheck] = ()) -> None:
        """Saves a new part and records its CREATE event (every audited field given)."""
        save_unique(instance, list(unique))
        writes.record_created(instance, actor=actor, **self._event(instance))

    def journal_created(self, journal: BatchJournal, actor, instance: models.Model) -> None:
        """The CREATE event `create` records, in a bulk write's `journal` (which inserts its
        events at once)."""
        journal.created(instance, actor=actor, **self._event(instance))

    def update(
        self, actor, instance: models.Model, before: dict, unique: list[UniqueCheck] = ()
    ) -> dict[str, list]:
        """Saves a changed part and records its UPDATE event; nothing changed: no event."""
        return writes.commit_write(
            instance,
            actor=actor,
            action="UPDATE",
            before=before,
            unique=unique,
            **self._event(instance),
        )

    def change(
        self,
        actor,
        instance: models.Model,
        apply: Callable[[models.Model], None],
        unique: Callable[[models.Model], list[UniqueCheck]] = lambda row: [],
    ) -> tuple[models.Model, dict[str, list]]:
        """The whole update: lock and scope the row, `apply` the change to it (raising its
        problems), then save, diff and record. Returns the row and its changes."""
        locked = self.lock(actor, instance)
        before = self.snapshot(locked)
        apply(locked)
        return locked, self.update(actor, locked, before, unique(locked))

    def delete(self, actor, instance: models.Model) -> None:
        """Deletes a part; its DELETE event keeps what the part held."""
        instance = self.lock(actor, instance)
        before = self.snapshot(instance)
        event = {"resource_id": instance.pk, **self._event(instance)}
        instance.delete()
        writes.record_deleted(instance, before, actor=actor, **event)
