"""Offices, staff and code values kept in each worker, checked by one stamp per request.

Every client a list or a detail shows names its office, its loan officer and half a dozen
code values. These rows are few and rarely written, but reading them costs a query per model
on every request (core/related.py). Here each worker keeps the rows it has read, by primary
key, under the token of the stamp group `references` (core/stamps.py) they were read under.
A request reads the token once (one indexed row, plain SQL, remembered for the request) at its
first use of a cached model; when it differs from the cache's, the cache is dropped and rows
are read again.

Every write of a cached model — save or delete, through Django's signals, and the services'
queryset updates (`changed()`) — gives the group a fresh random token in the writing
transaction: other workers see it when they see the write; a rolled-back write leaves the
old token, which no longer matches the rolled-back rows this worker may have read meanwhile.
Outside a request (commands, jobs) nothing is cached: reading the token would cost as much
as the rows. Callers get copies of the cached instances: changing one changes nothing for
other rows.
"""

from __future__ import annotations

import copy

from django.db import DEFAULT_DB_ALIAS

from mteja.core import context, stamps

__all__ = ["cached_models", "changed", "forget", "register", "rows_by_pk"]

GROUP = "references"
_models: list[type] = []
_cache: dict[type, dict] = {}
_token: list[str | None] = [None]  # the token _cache was read under


def cached_models() -> tuple[type, ...]:
    return tuple(_models)


def register(*models) -> None:
    """Keeps `models` (small, rarely written tables) here; their writes renew the token.
    Called by the app that declares them, in its `ready()`."""
    new = [model for model in models if model not in _models]
    _models.extend(new)
    stamps.bump_on_change(GROUP, *new)


def _current() -> bool:
    """Whether the cache may be used: in a request, with the cache matched to the token."""
    if context.memo.get() is None:
        return False
    token = stamps.token(GROUP)
    if token != _token[0]:
        _cache.clear()
        _token[0] = token
    return True


def forget() -> None:
    """Drops this worker's cache (tests: each starts from its own database state)."""
    _cache.clear()
    _token[0] = None


def rows_by_pk(model, keys, using: str) -> dict | None:
    """`{pk: copy of the row}` for `keys`, the missing ones read by one IN query; None when
    `model` is not cached here (the caller reads it itself)."""
    if using != DEFAULT_DB_ALIAS or model not in _models or not _current():
        return None
    known = _cache.setdefault(model, {})
    missing = [key for key in keys if key not in known]
    if missing:
        for row in model._base_manager.db_manager(using).filter(pk__in=missing):
            known[row.pk] = row
    return {key: copy.copy(known[key]) for key in keys if key in known}


def changed() -> None:
    """A cached model was written without a signal (a queryset update): a new token for
    every worker, this one's cache dropped."""
    forget()
    stamps.bump(GROUP)
