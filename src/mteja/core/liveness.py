"""Telling the web server that a long answer is still progressing. gunicorn's sync worker
tells its master it is alive only between requests: one answering longer than `--timeout`
(an export or an import's result file of a million rows, minutes) was killed mid-file, the
reader left with a truncated download. A streamed answer calls `progressing()` for each
part it sends, so a download that moves on stays alive, and a worker stuck on one part is
still killed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

EVERY_SECONDS = 5.0  # at most one word to the master in this long (a file's touch)

_notify: Callable[[], None] | None = None  # the gunicorn worker's, once it runs (hooks)
_last = 0.0


def served_by(notify: Callable[[], None]) -> None:
    """Called by the web server's worker once it runs: how it tells its master it lives."""
    global _notify
    _notify = notify


def progressing() -> None:
    """The answer in hand has moved on (a part of it sent)."""
    global _last
    if _notify is None:
        return
    now = time.monotonic()
    if now - _last >= EVERY_SECONDS:
        _last = now
        _notify()


def kept_alive(parts: Iterable[bytes]) -> Iterator[bytes]:
    """`parts`, the server told before each that the answer progresses."""
    for part in parts:
        progressing()
        yield part
