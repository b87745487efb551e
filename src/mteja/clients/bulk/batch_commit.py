"""The transaction of an import job's batch, committed on PostgreSQL without waiting for its
write-ahead log to reach the disk — but the pass's last batch.

A job's batch is one transaction holding its clients, their journal and the job's record
of progress (imports/running.py `_record_batch`). Its commit waited for the server's
flush of the batch's log (some megabytes: fdatasync, 12–26 ms a batch on this machine),
while the import's lanes take turns to write (bulk/lanes.py): a wait no lane could use.
With `synchronous_commit = off` for that transaction alone, the commit returns once the
log is written to the server's buffers, and the server flushes it within a fraction of a
second. What a crash of the server can then lose is safe to lose:

- only whole batches, each with its own record: the job's recorded progress is never ahead
  of its clients (its batch files past the record are removed when it resumes:
  imports/files.py `forget_uncommitted`), and resuming it writes them again;
- only the last batches: the log is one sequence, so a batch whose commit is on the disk
  has every batch before it there too (the lanes commit in the file's order);
- nothing the user was told is finished: the pass's last batch commits as usual, flushing
  every batch before it, and so does the job's end (`_finish`); a write by anyone that
  refers to an imported client (a note, an account) commits as usual too, flushing the
  client's batch first.

An import without a job's record (`import_clients`: the API's small files), a batch inside
a caller's transaction (the setting would outlast the batch: it holds until the outermost
transaction ends), and SQLite, commit as before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction

from mteja.core.lock_wait import LockWait


@contextmanager
def batch_transaction(*, recorded: bool, last: bool) -> Iterator[None]:
    """The batch's transaction; `recorded`: the caller records its progress in it (a job),
    `last`: the pass's last batch."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if recorded and not last and outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        yield


DEADLOCK_ATTEMPTS = 3  # a batch's transaction, rolled back as a deadlock, tried again
_DEADLOCK_STATES = {"40P01", "40001"}  # PostgreSQL's deadlock detected, serialization failure


def deadlocked(failure: OperationalError) -> bool:
    """Whether PostgreSQL rolled the transaction back as a deadlock (to be tried again)."""
    return getattr(failure.__cause__, "sqlstate", None) in _DEADLOCK_STATES


class BatchRetries:
    """Whether a batch's transaction that failed for another writer's sake is tried again:
    rolled back by PostgreSQL as a deadlock, DEADLOCK_ATTEMPTS times in all; refused by
    SQLite as another writer held the database past busy_timeout, until the import has
    waited MTEJA_IMPORT_LOCK_WAIT for it (core/lock_wait.py), telling `on_wait`."""

    def __init__(self, on_wait: Callable[[float], None] | None = None):
        self.attempt, self.lock_wait = 1, LockWait(on_wait)

    def again(self, failure: OperationalError) -> bool:
        if deadlocked(failure):
            self.attempt += 1
            return self.attempt <= DEADLOCK_ATTEMPTS
        return self.lock_wait.again(failure)
