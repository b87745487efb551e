"""Text longer than a spreadsheet's cell holds (docs/decisions.md 138). Excel keeps at most
32,767 characters in a cell, LibreOffice refuses to save more in an .xlsx (but not in an
.ods): a longer text in an .xlsx comes from a forged file, never from a spreadsheet. The
streamed reader keeps that many of its characters (a cell's memory bounded as Excel bounds
it, however many cells show it), an .xlsx's rows from calamine are cut so as they come
(reading._within_cells, decision 157), and the cell is refused by its own message whatever
its column, as a spreadsheet's spoilt cell is (spoilt_cells.py); a client's column with a
limit of its own refuses it by that limit (long_cells.py). The result file shows its start
then "…": the whole cannot be imported, and 30,000 rows of one forged text were a result of
a gigabyte."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from mteja.core.echoed_values import MOST_ECHOED_CHARACTERS

MOST_CELL_CHARACTERS = 32_767  # Excel's "Total number of characters that a cell can contain"
SHOWN_CHARACTERS = MOST_ECHOED_CHARACTERS  # of such a cell in the result file (long_cells too)
# True of any workbook: Excel saves no more in a cell, LibreOffice does in an .ods (decision
# 211); the import takes no more, whatever saved it.
_BEYOND_A_CELL = gettext_lazy(
    "This cell holds %(length)s characters, more than the import takes in a cell "
    "(%(most)s, as many as an Excel cell holds). Shorten the text and save the file again."
)


class OverlongCell(str):
    """The first MOST_CELL_CHARACTERS characters of a longer text (`length`)."""

    __slots__ = ("length",)

    def shown(self) -> str:
        """As the result file shows it: its start, marked cut."""
        return self[:SHOWN_CHARACTERS] + "…"

    def message(self) -> str:
        """Why the client cannot take it, translated now (the row's language)."""
        return _BEYOND_A_CELL % {
            "length": number_format(self.length, force_grouping=True),
            "most": number_format(MOST_CELL_CHARACTERS, force_grouping=True),
        }


def within_a_cell(text: str) -> str:
    """`text`, or its first MOST_CELL_CHARACTERS characters (an OverlongCell) when longer."""
    if len(text) <= MOST_CELL_CHARACTERS:
        return text
    cut = OverlongCell(text[:MOST_CELL_CHARACTERS])
    cut.length = len(text)
    return cut
