"""Whether a notification's reader may still open what it is about. A notification outlives
its reader's scope: a clerk told their import finished, then moved to another branch, no
longer sees the job (its office's: clients/models/imports.py); an officer told of a client
no longer sees it once the client is transferred away, or once they move. Its link led to a
404. The words stay (they keep the names and counts the reader was told then, no more); the
link goes, and the reader is told why. The app that owns an object type registers which of a
reader's objects they may open, and the sentence saying they may not (`REACHES`); a type
without one is always open."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mteja.users.notifications.models import Notification


@dataclass(frozen=True)
class Reach:
    # (reader, object ids) → the ids among them the reader may open now, in one query.
    openable: Callable[[object, set[int]], set[int]]
    closed: object  # a lazy translation: why the object's page is no longer the reader's


# object type → its Reach (registered by the app that owns the type, in its AppConfig).
REACHES: dict[str, Reach] = {}


def closed(user, notifications: Iterable[Notification]) -> dict[int, str]:
    """The ids of those of `notifications` (the user's) whose object `user` may no longer
    open, each with the sentence saying so in the active language: one look-up per object
    type on the page that registered one."""
    shown = list(notifications)
    asked: dict[str, set[int]] = {}
    for notification in shown:
        if notification.object_type in REACHES:
            asked.setdefault(notification.object_type, set()).add(notification.object_id)
    opened = {
        (object_type, object_id)
        for object_type, ids in asked.items()
        for object_id in REACHES[object_type].openable(user, ids)
    }
    return {
        notification.pk: str(REACHES[notification.object_type].closed)
        for notification in shown
        if notification.object_type in asked
        and (notification.object_type, notification.object_id) not in opened
    }
