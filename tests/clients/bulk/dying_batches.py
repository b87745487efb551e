"""A job's batch that dies as it is recorded (`running._record_batch`): a worker or a lane
killed, a SIGKILL, so that nothing of that batch commits; then the job resumed."""

from __future__ import annotations

from collections.abc import Callable

from tests.clients.bulk.test_jobs import Killed

from mteja.clients.imports import running


def _raise_killed() -> None:
    raise Killed  # (its batch rolled back)


def batches_dying(
    monkeypatch, dies_at: Callable[[int], bool], die: Callable[[], None] = _raise_killed
) -> Callable[[], None]:
    """Makes the batch ending at a line `dies_at` (its last line's) die (`die`: raise Killed)
    as it is recorded; returns what makes the batches live again (the recording as it was,
    a fixture's included)."""
    record = running._record_batch

    def dying(job, results, last_line, writing):
        if dies_at(last_line):
            die()
        record(job, results, last_line, writing)

    monkeypatch.setattr(running, "_record_batch", dying)
    return lambda: monkeypatch.setattr(running, "_record_batch", record)
