"""Importing one file in several processes ("lanes"), so that every core works.

Checking a row is most of an import's work and only reads the database; writing a batch
must follow the file's order. So lane n of N takes the batches n, n + N, n + 2N…: it checks
each while the other lanes write, then waits for its turn — the batch before it committed —
writes it in its own transaction and hands the turn on. The batches are written in the
file's order, one at a time, each whole or not at all, as by one process; what a batch
before could make a duplicate is refused when the batch is written (the database's unique
values and the duplicate policy, read under the turn).

The lanes are forked from the process that runs the import (its database connections
closed first: each lane opens its own), and stop when it dies. A lane that fails stops the
others; the first failure is raised in the parent.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from multiprocessing.connection import wait

from django.conf import settings
from django.db import connection, connections

from mteja.core.open_connections import other_threads_hold_connections
from mteja.core.shared_memory import frozen_while_forking

logger = logging.getLogger(__name__)

WAIT_SECONDS = 1.0  # how often a waiting lane looks whether the import still runs


class LaneStopped(Exception):
    """Another lane failed, or the process that started the lanes is gone."""


class Solo:
    """One process does every batch, with no one to wait for."""

    def takes(self, index: int) -> bool:
        return True

    @contextmanager
    def turn(self, index: int):
        yield

    @contextmanager
    def ids_turn(self, index: int):
        yield

    def still_wanted(self) -> None:
        pass


class Lane(Solo):
    def __init__(self, number: int, count: int, shared, parent: int):
        self.number, self.count, self.shared, self.parent = number, count, shared, parent

    def takes(self, index: int) -> bool:
        return index % self.count == self.number

    @contextmanager
    def turn(self, index: int):
        """Waits for the batches before `index` to be written; hands the turn on after."""
        with self._in_order(self.shared[0], index):
            yield

    @contextmanager
    def ids_turn(self, index: int):
        """Waits for the batches before `index` to take their clients' ids (PostgreSQL's,
        taken before the turn to write: bulk/before_turn.py); hands that turn on after. The
        ids, and so the generated account numbers, follow the file's order."""
        with self._in_order(self.shared[3], index):
            yield

    @contextmanager
    def _in_order(self, next_batch, index: int):
        """Waits for `next_batch` (a turn's counter) to reach `index`; moves it on after. A
        lane waits for one turn at a time, on its own semaphore, which either turn's hand-on
        releases: woken for the other, it looks again."""
        wake_ups = self.shared[1]
        while next_batch.value != index:
            self.still_wanted()
            wake_ups[self.number].acquire(timeout=WAIT_SECONDS)
        self.still_wanted()
        try:
            yield
        except BaseException:
            self._stop_all()
            raise
        next_batch.value = index + 1
        wake_ups[(index + 1) % self.count].release()  # the lane of the next batch

    def still_wanted(self) -> None:
        """Raises LaneStopped when another lane failed or the parent is gone (so that a
        killed import leaves no lane writing behind it)."""
        if self.shared[2].value or os.getppid() != self.parent:
            raise LaneStopped

    def _stop_all(self) -> None:
        _stop(self.shared)


def lanes_wanted() -> int:
    """How many lanes an import of this database may use: one per core (MTEJA_IMPORT_LANES
    caps it); one where forking cannot share the database — inside a transaction, which the
    lanes could not see, or an in-memory SQLite database (tests) — and one while another
    thread of the process holds an open database connection (a threaded development server's
    request, a test's live server serving one): a fork copies it, and the lane, dropping the
    copy, would close the thread's own session on the server under it. Idle threads, or
    threads that closed their connections, do not matter."""
    wanted = min(settings.MTEJA_IMPORT_LANES, os.cpu_count() or 1)
    if wanted < 2 or connection.in_atomic_block or other_threads_hold_connections():
        return 1
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return 1
    return wanted


def run_lanes(count: int, work: Callable[[Solo], Counter]) -> Counter:
    """Runs `work(lane)` in `count` forked processes; the sum of what they return. Raises the
    first failure of a lane (not counting the lanes it stopped)."""
    context = multiprocessing.get_context("fork")
    # No lock, nor a Condition, that a lane killed while holding it (or, for a Condition,
    # while waiting on it: its notify waits for each sleeper to wake) would hold for ever:
    # the counter is written by the lane whose turn it is, and a lane waiting for its turn
    # sleeps on its own semaphore, which the lane before it (or a stop) releases.
    shared = (
        context.Value("q", 0, lock=False),
        [context.Semaphore(0) for _lane in range(count)],
        context.Value("b", 0, lock=False),
        context.Value("q", 0, lock=False),  # the next batch to take its ids (`ids_turn`)
    )
    connections.close_all()  # each lane opens its own
    with frozen_while_forking():  # the lanes share the parent's pages (decision 299)
        return _forked_lanes(count, work, context, shared)


def _forked_lanes(count: int, work: Callable[[Solo], Counter], context, shared) -> Counter:
    parent = os.getpid()
    children = []
    try:
        for number in range(count):
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(
                target=_lane_main, args=(work, Lane(number, count, shared, parent), sending)
            )
            try:
                process.start()
            finally:
                sending.close()
            children.append((receiving, process))
        return _gather(children, shared)
    except BaseException:
        # Interrupted (Ctrl-C, or a signal to this process alone), or a lane that could not
        # be started (fork refused): the lanes started stop too, their batch in hand rolled
        # back, rather than import the rest of the file behind it (or wait for ever for the
        # turn of a lane that never ran).
        _stop(shared)
        for _receiving, process in children:
            process.join()
        raise


def _gather(children: list, shared) -> Counter:
    """The lanes' counts once every one has ended. A lane that dies without a word (killed)
    stops the others: they would wait for its turn for ever."""
    total, failures = Counter(), []
    pending = dict(children)  # receiving end → process
    while pending:
        for ready in wait([*pending, *(process.sentinel for process in pending.values())]):
            receiving = next(
                (end for end, process in pending.items() if ready in (end, process.sentinel)),
                None,
            )
            if receiving is None:
                continue
            process = pending.pop(receiving)
            try:
                kind, value = receiving.recv()
            except EOFError:  # killed before it could say
                _stop(shared)
                process.join()
                kind, value = "failed", RuntimeError(f"An import lane died ({process.exitcode}).")
            process.join()
            if kind == "done":
                total.update(value)
            elif kind == "failed":
                failures.append(value)
    if failures:
        raise failures[0]
    return total


def _stop(shared) -> None:
    wake_ups, stopped = shared[1], shared[2]
    stopped.value = 1
    for wake_up in wake_ups:
        wake_up.release()


def _lane_main(work, lane: Lane, sending) -> None:
    """A lane's process: runs its share, says how it ended, exits without the parent's
    clean-up (its own connections closed)."""
    code = 0
    try:
        try:
            outcome = ("done", work(lane))
        except LaneStopped:
            outcome = ("stopped", None)
        except BaseException as failure:  # the parent raises it
            lane._stop_all()
            outcome, code = ("failed", failure), 1
        try:
            sending.send(outcome)
        except Exception:  # a failure that cannot be pickled: the log has it
            logger.exception("An import lane failed")
            sending.send(("failed", RuntimeError(f"An import lane failed: {outcome[1]!r}")))
        sending.close()
        connections.close_all()
    finally:
        os._exit(code)
