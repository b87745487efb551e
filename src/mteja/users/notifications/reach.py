"""Whether a notification's reader may still open what it is about. A notification outlives
its reader's scope: a clerk told their import finished, then moved to another branch, no
longer sees the job (its office's: clients/models/imports.py), and its link led to a 404.
The words stay (they keep names and counts the reader was told already, no more); the link
goes, and the reader is told why (`CLOSED`). The app that owns an object type registers
which of a reader's objects they may open (`OPENABLE`); a type without one is always open."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext_lazy as _

from mteja.users.notifications.models import Notification

# object type → (reader, object ids) → the ids among them the reader may open (one query).
OPENABLE: dict[str, Callable[[object, set[int]], set[int]]] = {}

CLOSED = _("Its page is no longer open to you: it belongs to an office you no longer serve.")


def closed(user, notifications: Iterable[Notification]) -> set[int]:
    """The ids of those of `notifications` (the user's) whose object `user` may no longer
    open: one look-up per object type on the page that registered one."""
    shown = list(notifications)
    asked: dict[str, set[int]] = {}
    for notification in shown:
        if notification.object_type in OPENABLE:
            asked.setdefault(notification.object_type, set()).add(notification.object_id)
    opened = {
        (object_type, object_id)
        for object_type, ids in asked.items()
        for object_id in OPENABLE[object_type](user, ids)
    }
    return {
        notification.pk
        for notification in shown
        if notification.object_type in asked
        and (notification.object_type, notification.object_id) not in opened
    }
