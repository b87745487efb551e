"""Offices, staff and code values kept in each worker, checked by one stamp per request.

Every client a list or a detail shows names its office, its loan officer and half a dozen
code values. These rows are few and rarely written, but reading them costs a query per model
on every request (core/related.py). Here each worker keeps the rows it has read, by primary
key, under the version of the one-row table `ReferenceStamp` they were read under. A request
reads the stamp once (one indexed row, plain SQL) at its first use of a cached model; when the
stamp differs from the cache's, the cache is dropped and rows are read again.

Every write of a cached model — save or delete, through Django's signals, and the services'
queryset updates (`changed()`) — sets the stamp to a fresh random number in the writing
transaction: other workers see it when they see the write; a rolled-back write leaves the
old number, which no longer matches the rolled-back rows this worker may have read meanwhile.
A number is never reused, so a cache can never be taken for current by coincidence.

Callers get copies of the cached instances: changing one changes nothing for other rows.
Without a stamp row (a flushed database) nothing is cached.
"""

from __future__ import annotations

import copy
import random
import threading

from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_delete, post_save

__all__ = ["cached_models", "changed", "forget", "register", "rows_by_pk"]

STAMP_ID = 1
_models: list[type] = []
_cache: dict[type, dict] = {}
_version: list[int | None] = [None]  # the version _cache was read under
_request = threading.local()  # .checked: the stamp is read for this request


def cached_models() -> tuple[type, ...]:
    return tuple(_models)


def register(*models) -> None:
    """Keeps `models` (small, rarely written tables) here; their writes change the stamp.
    Called by the app that declares them, in its `ready()`."""
    for model in models:
        if model in _models:
            continue
        _models.append(model)
        post_save.connect(changed, sender=model, dispatch_uid=f"reference_cache_{model.__name__}")
        post_delete.connect(
            changed, sender=model, dispatch_uid=f"reference_cache_del_{model.__name__}"
        )


def _table() -> str:
    from mteja.core.models import ReferenceStamp

    return ReferenceStamp._meta.db_table


def _read_stamp() -> int | None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {_table()} WHERE id = %s", [STAMP_ID])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


def _current() -> bool:
    """Whether the cache may be used: in a request (elsewhere reading the stamp would cost as
    much as the rows), with the stamp read once per request and the cache matched to it.
    False without a stamp row."""
    if not getattr(_request, "in_request", False):
        return False
    if not getattr(_request, "checked", False):
        stamp = _read_stamp()
        if stamp != _version[0]:
            _cache.clear()
            _version[0] = stamp
        _request.checked = True
    return _version[0] is not None


def forget() -> None:
    """Drops this worker's cache (tests: each starts from its own database state)."""
    _cache.clear()
    _version[0] = None
    _request.checked = False


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


def changed(**_kwargs) -> None:
    """A cached model was written: a new stamp for every worker, this one's cache dropped."""
    forget()
    from mteja.core.models import ReferenceStamp

    version = random.getrandbits(62)  # noqa: S311 (a version, not a secret)
    if not ReferenceStamp.objects.filter(pk=STAMP_ID).update(version=version):
        ReferenceStamp.objects.create(pk=STAMP_ID, version=version)


def _started(**_kwargs) -> None:
    _request.checked = False
    _request.in_request = True


def _finished(**_kwargs) -> None:
    _request.checked = False
    _request.in_request = False


def connect() -> None:
    request_started.connect(_started, dispatch_uid="reference_cache_started")
    request_finished.connect(_finished, dispatch_uid="reference_cache_finished")
