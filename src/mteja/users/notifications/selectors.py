"""A user's notifications, newest first: only their own, whoever asks."""

from __future__ import annotations

from django.db.models import QuerySet

from mteja.users.notifications.models import Notification


def inbox(user, *, is_read: bool | None = None) -> QuerySet:
    rows = Notification.objects.filter(user=user)
    if is_read is not None:
        rows = rows.filter(is_read=is_read)
    return rows.order_by("-id")


def unread_count(user) -> int:
    return inbox(user, is_read=False).count()
