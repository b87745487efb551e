"""The lines a resumed pass that writes nothing (a dry run's job, stopped and resumed)
checked before its stop. Such a pass notes them (file_key_claims.py), and no database says
which of them stood for a client — nothing was written: noted whole, a line refused for its
own errors held its values, and a valid row below giving one of them was refused as its
repeat, which the uninterrupted dry run reports valid. So only the lines its job recorded as
standing for a client (valid, or imported before) are noted (decision 220)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mteja.clients.bulk.row_results import ALREADY, IMPORTED, VALID

# The outcomes of a row that stands for a client, holding the file's values it gives.
STANDING = frozenset({VALID, ALREADY, IMPORTED})

Rows = list[tuple[int, list]]


def standing_only(note: Callable[[Rows], None], standing: Iterable[int]) -> Callable[[Rows], None]:
    """`note` given only the rows of the lines in `standing` (ascending), the rows coming in
    the file's order."""
    lines = iter(standing)
    upcoming = next(lines, None)

    def noted(rows: Rows) -> None:
        nonlocal upcoming
        kept = []
        for line, cells in rows:
            while upcoming is not None and upcoming < line:
                upcoming = next(lines, None)
            if upcoming == line:
                kept.append((line, cells))
        note(kept)

    return noted
