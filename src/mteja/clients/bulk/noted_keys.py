"""The values a row must hold alone in its file (rows.RowReader.unique_values), read for a
row this process only notes — another lane's, or one a resumed import wrote before
(checking.RowChecker.note_lines): most of such a row's cost, as a lane reads the whole file.
Only the cells its keys are read from are bounded by their column's length (long_cells.py),
not every text of the row, which gives the same values: each cell is bounded alone (an `NA`
cell blank first, as a read row's: na_cells.py). A row without a key of its own is known by
its fingerprint, which reads every cell: read whole. When the institution refuses a mobile
number or a name and birth date twice, the row is read whole as well, for the values of
those rules (`rules`: the checker's, rule_values.py), the same as its check holds."""

from __future__ import annotations

from collections.abc import Callable

from mteja.clients.bulk.na_cells import without_na
from mteja.clients.bulk.rows import FINGERPRINT, RowBody, RowReader


class NotedKeys:
    """The unique values of one file's rows, each row's key cells alone bounded."""

    def __init__(self, reader: RowReader, rules: Callable[[RowBody], list] | None = None):
        self.reader, self.rules = reader, rules
        columns = {*reader.fingerprints.key_columns, *reader.documents.columns()}
        self.key_limits = reader.text_limits.among(columns)

    def of(self, cells: list) -> list[tuple]:
        """`RowReader.unique_values(cells)`, and the values of the rules (`rules`)."""
        reader = self.reader
        if self.rules is not None:
            read, unique = reader.read_row(cells)
            return unique + self.rules(read)
        if reader.header_echo.refusal(cells):  # no client: no key of one
            return []
        found = reader._unique_of(self.key_limits.bounded(without_na(cells)))
        if found and found[0][0] == FINGERPRINT:  # (first when there: a row with no key)
            return reader.unique_values(cells)  # (its fingerprint, of every cell bounded)
        return found
