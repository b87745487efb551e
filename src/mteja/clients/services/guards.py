"""Rules other apps hold over a client's lifecycle, registered when those apps are ready.

The clients app knows nothing of accounts; the portfolio app registers here the checks that a
client with open savings or loans cannot be closed and, where the institution says so, that a
client whose loan is in arrears cannot be transferred. A guard raises a DomainError to refuse.
"""

from __future__ import annotations

from collections.abc import Callable

CLOSE_GUARDS: list[Callable] = []
TRANSFER_GUARDS: list[Callable] = []


def before_close(client, day) -> None:
    """Runs every registered guard on the locked `client` about to close on `day`."""
    for guard in CLOSE_GUARDS:
        guard(client, day)


def before_transfer(client, destination) -> None:
    """Runs every registered guard on the locked `client` about to move to `destination`."""
    for guard in TRANSFER_GUARDS:
        guard(client, destination)
