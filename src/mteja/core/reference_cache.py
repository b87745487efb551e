"""Rows of small, rarely written tables kept in each worker, checked by one stamp per request.

Every client a list or a detail shows names its office, its loan officer and half a dozen
code values; every request reads its own user. These rows are few and rarely written, but
reading them costs a query per model on every request (core/related.py). Here each worker
keeps the rows it has read, by primary key, under the token of their stamp group
(core/stamps.py): `references` for offices, staff and code values, `users` for the users. A
request reads a group's token once (one indexed row, plain SQL, remembered for the request) at
its first use of one of its models; when it differs from the one the rows were read under, the
group's rows are dropped and read again.

Every write of a cached model — save or delete, through Django's signals, and the services'
queryset updates (`changed()`) — gives its group a fresh random token in the writing
transaction: other workers see it when they see the write; a rolled-back write leaves the
old token, which no longer matches the rolled-back rows this worker may have read meanwhile.
Outside a request (commands, jobs) nothing is cached: reading the token would cost as much
as the rows. Callers get copies of the cached instances: changing one changes nothing for
other rows; a caller that only reads the rows may ask for the kept rows themselves
(`shared=True`: the code values, office and loan officer a client refers to). A copy shares its
related rows, as Django's copy of a row does: those kept with it (`related`: a code
value's list, a staff member's office) are read, never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from mteja.core import context, stamps
from mteja.core.models import CacheStamp

__all__ = [
    "cached_models", "changed", "derived", "forget", "register", "row_by_pk", "rows_by_pk",
]  # fmt: skip

GROUP = "references"
USERS_GROUP = "users"  # the users, their permission codes and failed logins (users/apps.py)


@dataclass
class _Group:
    name: str
    rows: dict[type, dict] = field(default_factory=dict)
    token: str | None = None  # the token `rows` were read under
    # The request's tokens (the dict stamps.token reads them into, once a request) `token`
    # was last matched against: while the request holds the same, the match stands (a row
    # asks several times: a bulk import's check, a dozen times a row).
    matched_in: dict | None = None

    def current(self) -> bool:
        """Whether the rows may be used: in a request, with the rows matched to the token."""
        store = context.memo.get()
        if store is None:
            return False
        tokens = store.get(CacheStamp)
        if tokens is None or tokens is not self.matched_in:
            token = stamps.token(self.name)
            if token != self.token:
                self.rows.clear()
                self.token = token
            self.matched_in = store.get(CacheStamp)
        return True

    def forget(self) -> None:
        self.rows.clear()
        self.token = None
        self.matched_in = None


_groups: dict[str, _Group] = {}
_group_of: dict[type, _Group] = {}


def cached_models() -> tuple[type, ...]:
    return tuple(_group_of)


def register(*models, group: str = GROUP) -> None:
    """Keeps `models` (small, rarely written tables) here under the stamp group `group`; their
    writes renew its token. Called by the app that declares them, in its `ready()`."""
    kept = _groups.setdefault(group, _Group(group))
    new = [model for model in models if model not in _group_of]
    for model in new:
        _group_of[model] = kept
    stamps.bump_on_change(group, *new)


def forget() -> None:
    """Drops this worker's rows (tests: each starts from its own database state)."""
    for group in _groups.values():
        group.forget()


def rows_by_pk(
    model, keys, using: str, related: tuple[str, ...] = (), *, shared: bool = False
) -> dict | None:
    """`{pk: copy of the row}` for `keys`, the missing ones read by one IN query; None when
    `model` is not cached here (the caller reads it itself). `related`: references (to
    models of the same group) each row comes with, kept with the kept row and so shared by
    its copies, as a copy of a row shares its related rows: read once, not copied for each
    caller (a code value's list, a staff member's office). `shared`: the kept rows
    themselves, not copies, for a caller that only reads them or sets them as a row's
    reference (a client's gender), as it reads their related rows: it must never change
    one (a bulk import resolves half a dozen code values a row)."""
    kept = _kept_rows(model, keys, using, related)
    if kept is None or shared:
        return kept
    return {key: _copy_row(row) for key, row in kept.items()}


def _kept_rows(model, keys, using: str, related: tuple[str, ...]) -> dict | None:
    group = _group_of.get(model)
    if using != DEFAULT_DB_ALIAS or group is None or not group.current():
        return None
    known = group.rows.setdefault(model, {})
    found = {key: known[key] for key in keys if key in known}
    if len(found) < len(keys):  # (else all kept: a request's rows, once read, mostly are)
        missing = [key for key in keys if key not in known]
        if missing:
            for row in model._base_manager.db_manager(using).filter(pk__in=missing):
                known[row.pk] = row
            found = {key: known[key] for key in keys if key in known}
    for name in related:
        without = [row for row in found.values() if name not in row._state.fields_cache]
        if without:
            _attach(model, name, without, using, group)
    return found


def _attach(model, name: str, rows: list, using: str, group: _Group) -> None:
    """Each kept row's reference `name` set to the kept row it refers to."""
    reference = model._meta.get_field(name)
    target = reference.related_model
    if _group_of.get(target) is not group:  # (else its rows could change under these)
        raise ValueError(f"{target.__name__} is not kept with {model.__name__}")
    targets = _kept_rows(target, {getattr(row, reference.attname) for row in rows}, using, ())
    for row in rows:
        row._state.fields_cache[name] = targets.get(getattr(row, reference.attname))


def _copy_row(row):
    """What `copy.copy` gives of a model instance (its own fields and its own cache of
    related rows, the related rows shared) without the pickling protocol Django's copy goes
    through: a bulk import asks for several rows per client."""
    clone = object.__new__(type(row))
    clone.__dict__ = row.__dict__.copy()
    state = object.__new__(type(row._state))
    state.__dict__ = row._state.__dict__.copy()
    state.fields_cache = dict(row._state.fields_cache)
    clone._state = state
    return clone


def row_by_pk(
    model,
    pk,
    using: str = DEFAULT_DB_ALIAS,
    related: tuple[str, ...] = (),
    *,
    shared: bool = False,
):
    """The row `pk` of `model` (None if there is none): a copy of this worker's when the model
    is cached here and the call is in a request, else read by its primary key (`related`,
    `shared`: as for `rows_by_pk`)."""
    pk = model._meta.pk.to_python(pk)
    group = _group_of.get(model)
    if using == DEFAULT_DB_ALIAS and group is not None and group.current():
        row = group.rows.get(model, {}).get(pk)
        if row is not None and all(map(row._state.fields_cache.__contains__, related)):
            # (kept already: `rows_by_pk`'s answer without its set and loops)
            return row if shared else _copy_row(row)
    found = rows_by_pk(model, {pk}, using, related, shared=shared)
    if found is None:
        return model._base_manager.db_manager(using).select_related(*related).filter(pk=pk).first()
    return found.get(pk)


def derived(model, key: str, load: Callable[[], Any]) -> Any:
    """`load()`, a value read from `model`'s rows only (e.g. the ids of an office's subtree),
    kept by this worker under the token of `model`'s group while in a request; read afresh
    otherwise. The value is shared: read it, never change it."""
    group = _group_of.get(model)
    if group is None or not group.current():
        return load()
    return stamps.kept(group.name, f"{model._meta.label} {key}", load)


def changed(group: str = GROUP) -> None:
    """A cached model was written without a signal (a queryset update): a new token for
    every worker, this one's rows of the group dropped."""
    if group in _groups:
        _groups[group].forget()
    stamps.bump(group)
