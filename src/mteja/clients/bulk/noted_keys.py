"""The values a row must hold alone in its file (rows.RowReader.unique_values), read for a
row this process only notes — another lane's, or one a resumed import wrote before
(checking.RowChecker.note_lines): most of such a row's cost, as a lane reads the whole file.
Only the cells its keys are read from are bounded by their column's length (long_cells.py),
not every text of the row, which gives the same values: each cell is bounded alone (an `NA`
cell blank first, as a read row's: na_cells.py). A row without a key of its own is known by
its fingerprint, which reads every cell: read whole."""

from __future__ import annotations

from mteja.clients.bulk.na_cells import without_na
from mteja.clients.bulk.rows import FINGERPRINT, RowReader


class NotedKeys:
    """The unique values of one file's rows, each row's key cells alone bounded."""

    def __init__(self, reader: RowReader):
        self.reader = reader
        columns = {*reader.fingerprints.key_columns, *reader.documents.columns()}
        self.key_limits = reader.text_limits.among(columns)

    def of(self, cells: list) -> list[tuple[str, str]]:
        """`RowReader.unique_values(cells)`."""
        reader = self.reader
        if reader.header_echo.refusal(cells):  # no client: no key of one
            return []
        found = reader._unique_of(self.key_limits.bounded(without_na(cells)))
        if found and found[0][0] == FINGERPRINT:  # (first when there: a row with no key)
            return reader.unique_values(cells)  # (its fingerprint, of every cell bounded)
        return found
