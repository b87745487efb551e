"""A row's cells at a file's columns looked at together, when they are all plain text.

The checks every cell of every row goes through (spoilt_cells.py, long_cells.py) ask each
cell a question or two — its type, its length, a character in it — at a Python call a cell:
a client's row has twenty-odd such cells. A CSV's cells are plain text (`str` itself: the
cells a reader marks, a formula without its value or an overlong cell, are subclasses of it
or other types), and for such a row the same questions can be asked of all its cells at
once in C: the cells picked by one `itemgetter`, their types in one set, their texts joined
into one text a character is looked for in. When the look says nothing to refuse, nothing
is; when it cannot tell, the cell-by-cell check runs as before (decision 225)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

# Between two cells of a joined row: a character no check looks for, so that no two cells
# joined make one look like what it looks for (“…E” and “+254…” are no “E+”).
SEPARATOR = "\x1f"
_PLAIN_TEXT = {str}


class TextColumns:
    """Some of a file's columns, by their indexes in a row."""

    def __init__(self, indexes: Sequence[int]):
        self.indexes = tuple(indexes)
        self._width = max(self.indexes, default=-1) + 1  # the cells a row needs to have them
        self._pick = _picker(self.indexes)

    def texts(self, cells: list) -> tuple[str, ...] | None:
        """The row's cells at these columns when each is plain text (blank is ""), in the
        columns' order; None when one is not, or the row is too short to have them all."""
        if len(cells) < self._width:
            return None
        picked = self._pick(cells)
        if not picked or set(map(type, picked)) == _PLAIN_TEXT:
            return picked
        return None

    def picked(self, cells: list) -> tuple:
        """The row's cells at these columns, as they are (the row known to have them)."""
        return self._pick(cells)


def joined(texts: tuple[str, ...]) -> str:
    """The texts as one, each followed by SEPARATOR (what a text ends with is then what
    comes before one)."""
    return SEPARATOR.join(texts) + SEPARATOR


def _picker(indexes: tuple[int, ...]) -> Callable[[list], tuple]:
    """A function giving a row's cells at `indexes` as a tuple (`itemgetter` gives one cell
    itself when it has one index, and none without one)."""
    if len(indexes) > 1:
        return operator.itemgetter(*indexes)
    if indexes:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return lambda cells: ()
