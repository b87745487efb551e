"""The one source of "now" and "today"; tests freeze it with `frozen_today`."""

import datetime
from contextlib import contextmanager

from django.conf import settings
from django.core.signals import setting_changed
from django.utils import timezone

_frozen: datetime.date | None = None
# The zone `timezone.now()` reads the time in (UTC, or None: local time without USE_TZ),
# read from the settings once, not on each call: a bulk import asks for today twice a row,
# and each read of the lazy settings cost a third of it. A test overriding USE_TZ resets it.
_zone: list[datetime.tzinfo | None] = []


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    """The business date (UTC calendar date unless frozen): `timezone.now()`'s date."""
    if _frozen:
        return _frozen
    if not _zone:
        _zone.append(datetime.UTC if settings.USE_TZ else None)
    return datetime.datetime.now(tz=_zone[0]).date()


def _setting_changed(*, setting: str, **_signal) -> None:
    if setting == "USE_TZ":
        _zone.clear()


setting_changed.connect(_setting_changed, weak=False)


@contextmanager
def frozen_today(day: datetime.date):
    global _frozen
    previous, _frozen = _frozen, day
    try:
        yield day
    finally:
        _frozen = previous
