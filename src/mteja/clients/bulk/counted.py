"""The cells of an .xls, .xlsb or .ods, counted once per file (xls_range.py, xlsb_range.py,
ods_range.py). An import
job reads its file when it is created (its rows for the progress bar, its header), when it
runs (its header, a read through, each pass) and when its result is downloaded, and each
reading counted the cells again: up to 5.6 s each for an .xls of 65,000 rows of 30 columns.

A count is remembered by the file it counted: a file on disk by its device, inode, size and
modification time (a job's file is never changed in place), a file in memory by its
content's digest (hashing it costs a hundredth of counting it); a stream that is neither is
counted each time. What is remembered is the count, never a verdict: each reading still
holds it to the limits (reading.py). A job's count is also written beside its file
(`write_down`, `read_back`), so that the worker running the job, and the web process
serving its result, read it rather than count again."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import astuple
from pathlib import Path
from typing import IO

from mteja.clients.bulk import ods_range, xls_range, xlsb_range
from mteja.clients.bulk.xls_range import SheetRange

MOST_REMEMBERED = 32  # files' counts kept in a process (a few sheets' three numbers each)
# {(how it was counted, the file's identity): its sheets' ranges}, the latest used last.
_remembered: OrderedDict[tuple[tuple, tuple], list[SheetRange]] = OrderedDict()


def xls_ranges(stream: IO[bytes]) -> list[SheetRange]:
    """xls_range.sheet_ranges of the file, counted once."""
    return _counted(stream, ("xls",), lambda: xls_range.sheet_ranges(stream))


def ods_ranges(stream: IO[bytes], most_bytes: int) -> list[SheetRange]:
    """ods_range.sheet_ranges of the file, counted once."""
    return _counted(
        stream,
        ("ods", most_bytes),
        lambda: ods_range.sheet_ranges(zipfile.ZipFile(stream), most_bytes),
    )


def xlsb_ranges(stream: IO[bytes], most_bytes: int) -> list[SheetRange]:
    """xlsb_range.sheet_ranges of the file, counted once."""
    return _counted(
        stream,
        ("xlsb", most_bytes),
        lambda: xlsb_range.sheet_ranges(zipfile.ZipFile(stream), most_bytes),
    )


def _counted(stream: IO[bytes], how: tuple, count: Callable[[], list[SheetRange]]):
    identity = _identity(stream)
    if identity is None:
        return count()
    ranges = _remembered.get((how, identity))
    if ranges is None:
        ranges = count()  # (a file it cannot count raises: nothing is remembered)
    _remember(how, identity, ranges)
    return ranges


def _remember(how: tuple, identity: tuple, ranges: list[SheetRange]) -> None:
    _remembered[how, identity] = ranges
    _remembered.move_to_end((how, identity))
    while len(_remembered) > MOST_REMEMBERED:
        _remembered.popitem(last=False)


def _identity(stream: IO[bytes]) -> tuple | None:
    """What tells the file apart from any other, or None."""
    if isinstance(stream, io.BytesIO):
        return ("digest", hashlib.blake2b(stream.getbuffer(), digest_size=16).hexdigest())
    try:
        status = os.fstat(stream.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
    return ("file", status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _file_identity(path: Path) -> tuple:
    with path.open("rb") as stream:
        return _identity(stream)


def write_down(path: Path, notes: Path) -> None:
    """The counts remembered of the file at `path`, written to `notes` (nothing when none
    is), with the file's size and modification time (its device and inode may differ on
    another host sharing the directory)."""
    identity = _file_identity(path)
    counts = [
        [list(how), [astuple(sheet) for sheet in ranges]]
        for (how, counted), ranges in _remembered.items()
        if counted == identity
    ]
    if counts:
        notes.write_text(json.dumps({"file": list(identity[-2:]), "counts": counts}))


def read_back(path: Path, notes: Path) -> None:
    """Remembers the counts `write_down` wrote to `notes` of the file at `path`, when the
    file has the size and modification time it had then."""
    try:
        written = json.loads(notes.read_text())
        identity = _file_identity(path)
        if written["file"] != list(identity[-2:]):
            return
        for how, ranges in written["counts"]:
            _remember(tuple(how), identity, [SheetRange(*numbers) for numbers in ranges])
    except (OSError, ValueError, KeyError, TypeError):
        return  # (none written, or unreadable: the file is counted again)
