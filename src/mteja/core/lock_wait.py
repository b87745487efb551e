"""Outwaiting another writer of an SQLite database, for a bounded time.

SQLite has one writer at a time: a transaction begins (IMMEDIATE: settings.py) only once no
other holds the write lock, and gives up with "database is locked" after `busy_timeout`
(10 s). A web request should give up then; a long import should not: a `mteja reindex`, an
export's bulk update or another import may hold the lock for longer, and the import would
stop half-way for a moment's wait. `LockWait` lets such work try again, with short pauses
between the tries (each try waits busy_timeout itself), until MTEJA_IMPORT_LOCK_WAIT seconds
have passed since it first waited; it tells its caller how long it has waited. A failure of
any other kind, or of another database, is not its business."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection

logger = logging.getLogger(__name__)

T = TypeVar("T")
FIRST_PAUSE, LONGEST_PAUSE = 0.1, 2.0  # seconds between two tries, doubling


def database_busy(failure: OperationalError) -> bool:
    """Whether SQLite refused the statement as another connection held the database."""
    code = getattr(failure.__cause__, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _busy_timeout() -> float:
    """The seconds the failed try waited already (the connection's busy_timeout)."""
    if connection.vendor != "sqlite":  # (a test's refusal made up)
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        return cursor.fetchone()[0] / 1000


class LockWait:
    """Whether work refused as SQLite was busy is tried again (`again`); `on_wait` is told the
    seconds waited before each new try."""

    def __init__(self, on_wait: Callable[[float], None] | None = None):
        self.on_wait = on_wait
        self.since: float | None = None  # when the first refused try began
        self.pause = FIRST_PAUSE

    def again(self, failure: OperationalError) -> bool:
        if not database_busy(failure):
            return False
        now = time.monotonic()
        if self.since is None:
            self.since = now - _busy_timeout()
            logger.warning("Another writer holds the database: waiting for it (%s).", failure)
        waited = now - self.since
        if waited >= settings.MTEJA_IMPORT_LOCK_WAIT:
            return False
        if self.on_wait is not None:
            self.on_wait(waited)
        time.sleep(min(self.pause, settings.MTEJA_IMPORT_LOCK_WAIT - waited))
        self.pause = min(self.pause * 2, LONGEST_PAUSE)
        return True


def outwaiting_writers(work: Callable[[], T], on_wait: Callable[[float], None] | None = None) -> T:
    """`work()`, tried again while another writer holds SQLite (up to MTEJA_IMPORT_LOCK_WAIT);
    it must have done nothing when it fails so (its transaction did not begin, or rolled
    back)."""
    wait = LockWait(on_wait)
    while True:
        try:
            return work()
        except OperationalError as failure:
            if not wait.again(failure):
                raise
