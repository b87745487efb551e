"""Real concurrent transactions, for the tests that need PostgreSQL's (SQLite takes one
writer at a time): work run in threads released together."""

import threading

import pytest
from django.db import connection, connections

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
)


def in_threads(count, work):
    """Runs `work(n)` in `count` threads released together; returns their results (or the
    exceptions they raised), each thread's connection closed after it."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n):
        try:
            barrier.wait(timeout=10)
            results[n] = work(n)
        except Exception as exc:  # noqa: BLE001 (the test inspects it)
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
