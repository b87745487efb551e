"""Settings kept in each worker's memory, invalidated at once in every worker.

Rows that every write reads and administrators rarely change (the client policy, the
document rules and mandatory custom fields that activation checks) are loaded once per
process and kept with the token of their group (core.models.CacheStamp). Any change to a
row of the group gives the group a new random token, in the changing transaction; a reader
reads the token first (one primary-key look-up, once per request) and reloads when it
differs from the one it kept. Tokens are random, never counters, so a rolled-back change can
never hand a later change the token of rows a worker loaded inside the rolled-back
transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection, models
from django.db.models.signals import post_delete, post_save

from mteja.core import context
from mteja.core.models import CacheStamp

_kept: dict[tuple[str, str], tuple[str | None, Any]] = {}


def token(name: str) -> str | None:
    """The group's current token (None until its rows first change), read once per request
    (core.context.remembered)."""
    return context.remembered((CacheStamp, name), lambda: _read_token(name))


def _read_token(name: str) -> str | None:
    table = connection.ops.quote_name(CacheStamp._meta.db_table)
    with connection.cursor() as cursor:  # the one query; no ORM compilation per request
        cursor.execute(f"SELECT token FROM {table} WHERE name = %s", [name])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


def kept(name: str, key: str, load: Callable[[], Any]) -> Any:
    """`load()`'s value, kept as `key` of group `name`; loaded again when the group's token
    changed. The value is shared by the requests of the process: read it, never change it."""
    current = token(name)  # before loading: a change after this read only reloads again
    entry = _kept.get((name, key))
    if entry is not None and entry[0] == current:
        return entry[1]
    value = load()
    _kept[(name, key)] = (current, value)
    return value


def forget() -> None:
    """Drops what this process keeps (tests: each starts as a new worker)."""
    _kept.clear()


def bump(name: str) -> None:
    """Marks group `name` changed: every worker reloads it at its next read."""
    context.forget((CacheStamp, name))
    new = uuid.uuid4().hex
    if not CacheStamp.objects.filter(name=name).update(token=new):
        _stamp, created = CacheStamp.objects.get_or_create(name=name, defaults={"token": new})
        if not created:
            CacheStamp.objects.filter(name=name).update(token=new)


def bump_on_change(name: str, *senders: type[models.Model]) -> None:
    """Bumps `name` on every save and delete of `senders` (bulk writes call `bump`)."""

    def changed(sender, **kwargs):
        bump(name)

    for sender in senders:
        uid = f"stamp:{name}:{sender._meta.label}"
        post_save.connect(changed, sender=sender, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=sender, weak=False, dispatch_uid=uid)
