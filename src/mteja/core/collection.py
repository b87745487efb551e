"""Fewer garbage collections while a bulk pass runs (an import's rows checked and written).

Python's collector traverses every tracked object of an older generation each time it
collects one, and a Django process holds hundreds of thousands (its modules, models,
serializers, the reference rows kept in memory). At Python's default thresholds a 5,000-row
import check collected the oldest generation a few times and the middle one about once per
hundred rows: a sixth of the check's CPU time. A pass's own cycles are few (exceptions and
their frames), so it collects the young generation every 10,000 allocations instead of 700,
and the older ones as rarely again; memory holds at most that many more young objects.
Nothing changes for what the pass computes: only when unreachable cycles are freed."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BULK_THRESHOLDS = (10_000, 50, 10)  # allocations before a young collection; older ones' ratios

_lock = threading.Lock()
_passes = 0  # bulk passes running in this process (threads): the first sets, the last restores
_saved: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within it, the process's collection thresholds are at least BULK_THRESHOLDS (a
    disabled collector stays disabled); restored when the last such block ends."""
    global _passes, _saved
    with _lock:
        if _passes == 0:
            _saved = gc.get_threshold()
            if _saved[0]:  # 0: automatic collection is off, and stays off
                raised = zip(_saved, BULK_THRESHOLDS, strict=True)
                gc.set_threshold(*(max(old, bulk) for old, bulk in raised))
        _passes += 1
    try:
        yield
    finally:
        with _lock:
            _passes -= 1
            if _passes == 0:
                gc.set_threshold(*_saved)
