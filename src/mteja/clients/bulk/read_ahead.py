"""A scope part's lines read range by range on two SQLite connections at once, in the file's
order (decision 295).

SQLite's engine is nearly all of the CSV export's CPU (its `printf` writes the lines,
bulk/lined.py), and Python's sqlite3 lets go of the GIL while a statement steps: one
connection used one core of two. So the part's clients are cut into ranges of RANGE_ROWS
ids (its ids' own boundaries, found by the index in the same snapshot); this thread reads the
even ranges and sends their blocks as they come, a second connection, in a thread of its
own, reads each odd range meanwhile. Memory holds at most two ranges' lines besides the block
being sent: the odd range the second thread read, and the next one it reads.

Both connections read one snapshot, as the single SELECT did: each holds a read transaction
(WAL: it blocks no writer), the first's opened between two looks at the second's
`PRAGMA data_version`, which changes when another connection has committed. The same value
before and after says no commit came between, so both see the same committed state; else
they try again, and after SNAPSHOT_TRIES the part is read by one connection, as before.
Inside a transaction of the caller's (a test's, a shell's), whose own writes a second
connection would not see, and for a part of one range, one connection reads it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing

from django.db import connections

LOWEST, HIGHEST = -(2**63), 2**63 - 1  # SQLite's integers: the bounds of every id
RANGE_ROWS = 20_000  # a range's clients (the statement's parameters rebound once a range)
SNAPSHOT_TRIES = 3

# The blocks of a range of ids, `low` to `high` included, read on `connection`.
Read = Callable[[object, int, int], Iterator]


def ranged_blocks(
    alias: str, ids: tuple[str, list], read: Read, prepare: Callable[[object], None]
) -> Iterator:
    """`read`'s blocks of every id of `ids` (a SELECT of the part's client ids as `k`, and
    its parameters), in order: on two connections where the part holds more than one range,
    `prepare` readying the second (its functions registered) as the first was."""
    main = connections[alias]
    main.ensure_connection()
    if (
        main.in_atomic_block
        or main.connection.in_transaction
        or _last_of_range(main, ids, LOWEST) is None
    ):
        yield from read(main, LOWEST, HIGHEST)
        return
    second = connections.create_connection(alias)
    second.inc_thread_sharing()  # opened here, read in the pool's thread, closed here
    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mteja-read-ahead")
    pending: list[Future] = []
    try:
        second.ensure_connection()
        prepare(second)
        if not _one_snapshot(main, second):
            yield from read(main, LOWEST, HIGHEST)
            return

        def ahead(bounds: tuple[int, int] | None) -> None:
            pending[:] = [pool.submit(_collected, read, second, bounds, stop)] if bounds else []

        ranges = _ranges(main, ids)
        mine = next(ranges, None)
        ahead(next(ranges, None))
        while mine is not None:
            yield from read(main, *mine)
            if not pending:
                return
            theirs = pending[0].result()
            mine = next(ranges, None)
            ahead(next(ranges, None) if mine else None)
            yield from theirs
    finally:
        stop.set()
        if pending and not pending[0].done() and second.connection is not None:
            second.connection.interrupt()  # its step stops at once (the reader went away)
        pool.shutdown(wait=True)
        for connection in (main, second):
            _end(connection)
        second.close()
        second.dec_thread_sharing()


def _collected(read: Read, connection, bounds: tuple[int, int], stop: threading.Event) -> list:
    blocks = []
    with closing(read(connection, *bounds)) as reading:
        for block in reading:
            if stop.is_set():
                break
            blocks.append(block)
    return blocks


def _ranges(connection, ids: tuple[str, list]) -> Iterator[tuple[int, int]]:
    """The part's ranges of ids (each bound included), found one after the other."""
    low = LOWEST
    while (high := _last_of_range(connection, ids, low)) is not None and high < HIGHEST:
        yield low, high
        low = high + 1
    yield low, HIGHEST


def _last_of_range(connection, ids: tuple[str, list], low: int) -> int | None:
    """The id of the RANGE_ROWS-th client from `low` on, if there are that many."""
    sql, params = ids
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT i.k FROM ({sql}) AS i WHERE i.k >= %s ORDER BY i.k LIMIT 1 OFFSET %s",  # noqa: S608
            [*params, low, RANGE_ROWS - 1],
        )
        found = cursor.fetchone()
    return found[0] if found else None


def _one_snapshot(main, second) -> bool:
    """Whether both connections hold read transactions of the same committed state (each
    left in it), tried SNAPSHOT_TRIES times."""
    for _try in range(SNAPSHOT_TRIES):
        seen = _data_version(second)
        _begin(main)
        _begin(second)
        if _data_version(second) == seen:
            return True
        _end(main)
        _end(second)
    return False


def _begin(connection) -> None:
    """A read transaction, its snapshot taken now (by its first read), not at its first
    row."""
    connection.connection.execute("BEGIN DEFERRED")
    _data_version(connection)


def _data_version(connection) -> int:
    return connection.connection.execute("PRAGMA data_version").fetchone()[0]


def _end(connection) -> None:
    raw = connection.connection
    if raw is not None and raw.in_transaction:
        raw.execute("COMMIT")  # (it wrote nothing)
