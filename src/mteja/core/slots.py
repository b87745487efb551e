"""A few slots that long requests (a million-row export) hold while they run, shared by the
server's processes on this host, so that such requests cannot take every web worker at once.

A sync web worker serves one request at a time: a download the client stops reading holds
it until the server's timeout, and as many downloads as workers leave nobody else served.
A slot is an exclusive lock (`flock`) on a small file in the var directory, one directory
per database, so that every process serving that database sees the same slots and nothing
else does; the operating system releases it when its holder closes it or ends, however
it ends — no slot outlives a killed worker."""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.db import connection


class Slot:
    """A slot held; `release` (or the process's end) frees it."""

    def __init__(self, descriptor: int):
        self._descriptor: int | None = descriptor

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing it drops the lock
            self._descriptor = None

    # A holder dropped without releasing (a response nobody closed) frees its slot too.
    __del__ = release


def take(name: str, capacity: int) -> Slot | None:
    """One of the `capacity` slots called `name`, or None when all are held."""
    folder = _folder()
    for index in range(max(capacity, 1)):
        descriptor = os.open(folder / f"{name}.{index}", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        return Slot(descriptor)
    return None


def _folder() -> Path:
    database = str(connection.settings_dict.get("NAME", ""))
    key = hashlib.sha256(f"{connection.vendor}:{database}".encode()).hexdigest()[:16]
    folder = Path(settings.VAR_DIR) / "slots" / key
    folder.mkdir(parents=True, exist_ok=True)
    return folder
