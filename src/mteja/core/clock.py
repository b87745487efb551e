"""The one source of "now" and "today"; tests freeze it with `frozen_today`."""

import datetime
from contextlib import contextmanager

from django.utils import timezone

_frozen: datetime.date | None = None


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    """The business date (UTC calendar date unless frozen)."""
    return _frozen or timezone.now().date()


@contextmanager
def frozen_today(day: datetime.date):
    global _frozen
    previous, _frozen = _frozen, day
    try:
        yield day
    finally:
        _frozen = previous
