"""A column whose header cell is blank (`office,firstname,,lastname`: a name deleted, a
column inserted and never named) holds values no client field takes: read as no column, its
cells were dropped without a word, as were a workbook's cells to the right of the header's
last. A row holding a value in one is refused by that column's place (its letter, as a
spreadsheet shows it, and its number), so that nothing typed is lost unsaid; a nameless
column whose cells are blank — the empty columns a spreadsheet saves after the last named
one — refuses nothing, nor does a first column of whole numbers, the row names R's
`write.csv` and the index pandas' `to_csv` write by default under no name (decision 232)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from mteja.clients.bulk.csv_text import TooManyCells
from mteja.clients.bulk.headers import header_key
from mteja.clients.bulk.sheets import cell_value
from mteja.clients.bulk.workbook import column_letters

VALUE_WITHOUT_A_COLUMN = gettext_lazy(
    "This row has a value in column %(letter)s (number %(number)s), whose header cell is "
    "blank: no client field takes it, and it would be lost. Name the column in the header "
    "row, or clear its cells."
)


class NamelessColumns:
    """The header's columns without a name (blank, or nothing but what names are compared
    without: `header_key`), and a workbook's columns past the header's last cell, each
    refusing a row holding a value in it. (A CSV row of more cells than the header is
    refused as such: csv_text.TooManyCells.)"""

    def __init__(self, header: list[str]):
        self._width = len(header)
        letters = column_letters(len(header))
        self._places = [
            (index, letters[index]) for index, name in enumerate(header) if not header_key(name)
        ]

    def refusals(self, cells: list) -> list[tuple[str, str]]:
        """(column, message) of each nameless column holding a value in the row (its column
        "": it has no name), translated now."""
        found = [
            _refusal(index, letter)
            for index, letter in self._places
            if (value := cell_value(cells, index)) is not None
            and not (index == 0 and _row_number(value))
        ]
        if len(cells) > self._width and cells[-1].__class__ is not TooManyCells:
            letters = column_letters(len(cells))
            found += [
                _refusal(index, letters[index])
                for index in range(self._width, len(cells))
                if cell_value(cells, index) is not None
            ]
        return found


def _row_number(value) -> bool:
    """Whether a nameless first column's cell is a row's number, as R's `write.csv` (its row
    names: "1", "2"…) and pandas' `to_csv` and `to_excel` (its index: 0, 1…) write one by
    default: left out."""
    if value.__class__ is str:
        return value.isascii() and value.isdigit()
    return value.__class__ is int


def _refusal(index: int, letter: str) -> tuple[str, str]:
    return "", VALUE_WITHOUT_A_COLUMN % {"letter": letter, "number": index + 1}
