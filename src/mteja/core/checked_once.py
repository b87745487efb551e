"""A check of values a unit of work repeats, worked out once for each distinct value.

A bulk import checks each of its rows through the create service (a request's checks), and
the rows of a batch name the same few offices, loan officers and code values again and
again: resolving them row by row is most of what a row's references cost. Within a unit of
work (`context.remembering`: a request, an import's batch) `checked_once` keeps what a check
gave for its key — its result and the problems it told — and tells them again for the next
row asking the same: the same rule, run once, nothing copied. Outside a unit of work every
call checks. A unit of work is a batch, so an office renamed or an officer deactivated
between two batches is seen by the next one, as the settings rows are (decision 239).

The check must depend on its key alone (and the database, read within the unit of work),
must add its problems to the collection it is given and read none told before it, and its
result must be only read by the caller (shared by the rows asking the same)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from mteja.core import context
from mteja.core.errors import Problems

MOST_KEPT = 4096  # distinct keys a unit of work keeps, all checks together


def checked_once(key: Hashable, problems: Problems, check: Callable[[Problems], Any]) -> Any:
    """`check(problems)`, its result and problems kept for `key` within the unit of work (the
    problems' resource and prefix belong to the key: codes and parameters are told as they
    would be; a unit of work speaks one language, its messages' — a request's, a batch's)."""
    store = context.memo.get()
    if store is None:
        return check(problems)
    kept_checks = store.get(_KEPT)
    if kept_checks is None:
        kept_checks = store[_KEPT] = {}
    where = (key, problems.resource, problems.prefix, problems.nested)
    try:
        kept = kept_checks.get(where)
    except TypeError:  # (a value no key can hold, as a malformed request may give: checked)
        return check(problems)
    if kept is None:
        told = Problems(problems.resource, [], [], problems.prefix, problems.nested)
        kept = (check(told), tuple(told.invalid), tuple(told.missing))
        if len(kept_checks) < MOST_KEPT:
            kept_checks[where] = kept
    result, invalid, missing = kept
    if invalid:
        problems.invalid.extend(invalid)
    if missing:
        problems.missing.extend(missing)
    return result


_KEPT = object()  # the unit of work's memo's key for the checks kept
