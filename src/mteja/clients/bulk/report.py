"""An import's report: how many rows came out how, the rows themselves when the caller keeps
them, and the result file's table (the input with its Status column, and a row's values past
the header's last column after it: decision 298)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from mteja.clients.bulk.headers import STATUS_COLUMN
from mteja.clients.bulk.row_results import ALREADY, HELD_BACK, IMPORTED, INVALID, VALID, RowResult
from mteja.clients.bulk.sheets import cell_value

TAKEN = frozenset({IMPORTED, VALID})  # a hidden row's outcomes the summary counts


@dataclass
class ImportReport:
    header: list[str]
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)  # kept unless a caller takes them
    outcomes: Counter = field(default_factory=Counter)
    held_back: bool = False  # all or nothing: rows were invalid, so none was written
    hidden_lines: frozenset[int] = frozenset()  # the lines the sheet hides (hidden_rows.py)
    hidden_taken: int = 0  # the rows among them imported (or, checked only, valid)

    def add(self, results: list[RowResult], *, keep: bool) -> None:
        self.outcomes.update(row.outcome for row in results)
        if self.hidden_lines:
            for row in results:
                row.hidden = row.line in self.hidden_lines
            self.hidden_taken += sum(row.hidden and row.outcome in TAKEN for row in results)
        if keep:
            self.rows.extend(results)

    def summary(self) -> dict:
        return {
            "totalRecords": sum(self.outcomes.values()),
            "imported": self.outcomes[IMPORTED],
            "alreadyImported": self.outcomes[ALREADY],
            "valid": self.outcomes[VALID] + self.outcomes[HELD_BACK],
            "invalid": self.outcomes[INVALID],
            "hiddenRowsImported": self.hidden_taken,
            "dryRun": self.dry_run,
        }

    def result_table(self) -> tuple[list[str], list[list]]:
        """The input with its Status column (replaced if the file was a result already)."""
        return result_header(self.header), [result_row(self.header, row) for row in self.rows]


def result_header(header: list[str]) -> list[str]:
    return [name for name in header if name != STATUS_COLUMN] + [STATUS_COLUMN]


def result_row(header: list[str], row: RowResult, bounded=list) -> list:
    """The row's cells under the header's columns, its Status, then its cells past the
    header's last column up to the last holding a value (refused as without a column: the
    value the Status names is kept, not dropped; decision 298). `bounded`: the row's cells as
    the file shows them (TextLimits.bounded: a text too long for its column cut, not echoed
    whole)."""
    shown = bounded(row.cells)
    cells = [
        shown[i] if i < len(shown) else "" for i, name in enumerate(header) if name != STATUS_COLUMN
    ]
    return [*cells, row.status(), *_past_header(shown, len(header))]


def _past_header(cells: list, width: int) -> list:
    """The cells past the header's `width` up to the last holding a value (none for a row
    ending in blanks, or in a CSV's mark of more cells than the header: csv_text)."""
    end = len(cells)
    while end > width and cell_value(cells, end - 1) is None:
        end -= 1
    return cells[width:end]
