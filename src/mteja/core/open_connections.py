"""Whether another live thread of this process holds an open database connection.

A fork copies every thread's database sessions into the child, and the child, dropping its
copies, closes those sessions on the server under the threads that use them. Django keeps
each thread's connections out of the others' reach, so every connection made is remembered
here as it opens, with the thread that opened it (weakly: a wrapper dropped with its thread
is forgotten), and asked later whether it is still open, and whether that thread still runs.
(The thread itself, not its number: a new thread may be given the number of one ended.)"""

from __future__ import annotations

import threading
import weakref

from django.db.backends.signals import connection_created

_opened = weakref.WeakKeyDictionary()  # connection wrapper → the thread that opened it
_opened_lock = threading.Lock()  # threads open connections while another thread looks


def _remember(sender, connection, **kwargs) -> None:
    with _opened_lock:
        _opened[connection] = threading.current_thread()


def install() -> None:
    """Remembers each connection from its opening on (called from the core app's
    `ready()`, before any connection opens)."""
    connection_created.connect(_remember, dispatch_uid="mteja.core.open_connections")


def other_threads_hold_connections() -> bool:
    """Whether a thread other than the one asking, and still alive, holds an open database
    connection. (An idle thread holds none; nor does one that closed its connection, as a
    threaded server's request thread does when it ends.)"""
    with _opened_lock:
        opened = list(_opened.items())
    asking = threading.current_thread()
    return any(
        wrapper.connection is not None and thread is not asking and thread.is_alive()
        for wrapper, thread in opened
    )
