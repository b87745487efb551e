"""Binding None and booleans to SQLite without the driver's failed look-ups.

Python's sqlite3 binds int, float, str and bytes as they are, but sends any other parameter
through its adapter registry first; on a miss it asks the protocol type for `__adapt__`, and
that failed look-up on a type builds an AttributeError it then drops (about two thousand
instructions). A client row binds some thirty NULLs and yes/no values: a bulk import spent
a fortieth of its work there. Registered here, None and booleans are found at once and bound
as SQLite stores them anyway (NULL, 0 and 1)."""

from __future__ import annotations

import sqlite3

# None's adapter gives None for None: an empty dict's `get`, a C function (a Python
# function cost a frame for each NULL bound, a client row binds some twenty).
_null = {}.get


def install() -> None:
    """Process-wide, as the driver's registry is (called from the core app's `ready()`)."""
    sqlite3.register_adapter(type(None), _null)
    sqlite3.register_adapter(bool, int)
