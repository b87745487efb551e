"""Whether another live thread holds an open database connection (core/open_connections.py):
what decides whether an import may fork its lanes, since a fork copies such a connection and
the lane, dropping the copy, closes the thread's session on the server."""

import threading
from contextlib import contextmanager

import pytest
from django.db import connection

from mteja.core.open_connections import other_threads_hold_connections

pytestmark = pytest.mark.django_db


@contextmanager
def other_thread(*, opens: bool, closes: bool):
    """A thread that opens a connection (or not), closes it (or not), then stays alive
    until the block ends; one it kept open then queries again (`thread.failures`: what that
    raised, say a session closed under it)."""
    ready, done = threading.Event(), threading.Event()

    def run():
        try:
            if opens:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            if closes:
                connection.close()
            ready.set()
            done.wait(timeout=60)
            if opens and not closes:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
        except Exception as error:
            thread.failures.append(error)
        finally:
            connection.close()
            ready.set()

    thread = threading.Thread(target=run)
    thread.failures = []
    thread.start()
    try:
        assert ready.wait(timeout=60)
        yield thread
    finally:
        done.set()
        thread.join(timeout=60)


def test_a_thread_keeping_its_connection_open_counts():
    with other_thread(opens=True, closes=False) as thread:
        assert thread.is_alive()
        assert other_threads_hold_connections()
    assert not other_threads_hold_connections()  # it closed it as it ended


def test_an_idle_thread_does_not_count():
    connection.ensure_connection()  # the asking thread's own connection does not count
    with other_thread(opens=False, closes=False) as thread:
        assert thread.is_alive()
        assert not other_threads_hold_connections()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Django keeps the tests' in-memory SQLite database open when asked to close it",
)
def test_a_thread_that_closed_its_connection_does_not_count():
    with other_thread(opens=True, closes=True) as thread:
        assert thread.is_alive()
        assert not other_threads_hold_connections()
