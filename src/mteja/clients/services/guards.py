"""Rules other apps hold over a client's lifecycle, registered when those apps are ready.

The clients app knows nothing of accounts; the portfolio app registers here the check that a
client with open savings or loans cannot be closed. A guard raises a DomainError to refuse.
"""

from __future__ import annotations

from collections.abc import Callable

CLOSE_GUARDS: list[Callable] = []


def before_close(client, day) -> None:
    """Runs every registered guard on the locked `client` about to close on `day`."""
    for guard in CLOSE_GUARDS:
        guard(client, day)
