"""Memory that a parent and the processes it forks share, and memory given back.

`mteja serve`'s web workers are forked by gunicorn's master after it loaded Django and the
URLconf (`--preload`): their code and the objects Django built are pages they share with the
master, copy-on-write, instead of a copy each. Python's cyclic garbage collector writes to
every object it tracks when it runs, which would copy those pages one by one into each
worker; frozen before the fork, the master's objects are left out of its passes. An import's
lanes (clients/bulk/lanes.py) are forked from the job worker the same way.

A process that built a large table (an export's rows, an import's batch) frees it, but
glibc's allocator keeps the freed pages of its heaps for the process until it is told to
trim them: the memory stayed the process's after the answer or the job."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache


def ready_to_fork() -> None:
    """In a parent about to fork workers of the same code: what they would each load is
    loaded once here, no connection is left to share, and the objects are frozen."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view, once, in the parent)
    connections.close_all()
    gc.collect()
    gc.freeze()


@contextmanager
def frozen_while_forking() -> Iterator[None]:
    """The objects of a parent that forks short-lived children (an import's lanes) frozen
    while they run, then handed back to the collector: the parent's own garbage of the job
    is collected again after it."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@cache
def _trim():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    return getattr(libc, "malloc_trim", None)  # glibc's; absent elsewhere (musl)


def give_back_freed_memory() -> None:
    """Returns the heap's free pages to the system (glibc), so that a process idle after
    a large piece of work holds what it uses, not what it once used."""
    gc.collect()
    if trim := _trim():
        trim(0)


# A process whose resident memory grew past this since it last gave back (or first looked)
# gives back what it freed: an answer that built much (an export) is followed by a trim,
# and the many small answers are not (a collection and a trim cost milliseconds).
GROWN_BYTES = 16 * 2**20
_resident_after_trim: int | None = None


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # no /proc: nothing to compare
        return None


def give_back_if_grown() -> None:
    """After an answer: gives back the freed memory when the process grew by GROWN_BYTES
    since it last did (what stays resident after it is the new mark)."""
    global _resident_after_trim
    resident = _resident_bytes()
    if resident is None or _resident_after_trim is None:
        _resident_after_trim = resident
    elif resident > _resident_after_trim + GROWN_BYTES:
        give_back_freed_memory()
        _resident_after_trim = _resident_bytes()
