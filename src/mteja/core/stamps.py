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
from django.db.models.signals import m2m_changed, post_delete, post_save

from mteja.core import context
from mteja.core.models import CacheStamp

_kept: dict[tuple[str, str], tuple[str | None, Any]] = {}


def token(name: str) -> str | None:
    """The group's current token (None until its rows first change). The tokens of every
    group are read together, once per request (core.context.remembered)."""
    return context.remembered(CacheStamp, _read_tokens).get(name)


def _read_tokens() -> dict[str, str]:
    table = connection.ops.quote_name(CacheStamp._meta.db_table)
    with connection.cursor() as cursor:  # the one query (a handful of rows), no ORM compiling
        cursor.execute(f"SELECT name, token FROM {table}")  # noqa: S608
        return dict(cursor.fetchall())


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
    context.forget(CacheStamp)
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


def bump_on_relink(name: str, *throughs: type[models.Model]) -> None:
    """Bumps `name` whenever rows are linked or unlinked through the many-to-many tables
    `throughs` (`role.permissions.add(…)`, `user.roles.set(…)`, `clear()`)."""

    def relinked(sender, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            bump(name)

    for through in throughs:
        uid = f"stamp:{name}:{through._meta.label}"
        m2m_changed.connect(relinked, sender=through, weak=False, dispatch_uid=uid)
