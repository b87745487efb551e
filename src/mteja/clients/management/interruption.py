"""`mteja import` and `mteja export` interrupted: Ctrl-C (SIGINT) or SIGTERM (`kill`, a
service manager, `timeout`) stop them with one line and the shell's exit status for the
signal, 128 + its number: 130 for SIGINT, 143 for SIGTERM. A script tells an interruption
from a refusal (1), as it does for any other command a signal stopped."""

import signal
import threading
from contextlib import contextmanager


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised as Ctrl-C's KeyboardInterrupt: whatever stops on an interruption (the
    import's lanes, a batch's transaction) stops on it too, and the exit status still tells
    the two apart."""


@contextmanager
def terminated_as_interrupted():
    """SIGTERM stops the command as Ctrl-C does (an import's batch in hand rolled back, its
    lanes stopped, a message saying how to resume) rather than end it without a word."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def exit_status(interruption: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM: what a shell reports for a command either killed."""
    stopped_by = signal.SIGTERM if isinstance(interruption, Terminated) else signal.SIGINT
    return 128 + stopped_by
