"""A whole number written as a decimal in a text column: "712345678.0" for a mobile number,
"289626.0" for an identity document's number, "12345.0" for an external id (decision 188).
A program that reads a column of digits as numbers — pandas' `read_csv` does so for a column
with a blank cell, and writes it back with `to_csv` — holds them as decimals, their leading
zeros already dropped. Imported as text, the client would hold another number than theirs
(a phone that rings nobody; a document or an external id that no later file names again).
Such a cell of a client's text column (long_cells.TextLimits: its own text fields, an
identity document's number, an address's texts, a text custom field) is refused by its
cell, as spoilt (spoilt_cells.py); a count, an amount or a name's column is not concerned:
"6.0" dependents are 6. The export writes such a text, typed so, with an apostrophe
(sheets._spoilt_like), so that it imports again as it is."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from mteja.clients.bulk.sheets import WHOLE_AS_DECIMAL
from mteja.core.echoed_values import echoed

# The ends `sheets.WHOLE_AS_DECIMAL_PATTERN` has: one look at a cell's last characters.
ENDS = (".0", ",0")
_REFUSAL = gettext_lazy(
    "“%(value)s” is a whole number written as a decimal, as a program that read the column "
    "as numbers writes it (its leading zeros lost too): read or format the column as text, "
    "type the numbers again, and save the file."
)


@dataclass(frozen=True, slots=True)
class WholeAsDecimal:
    """A text cell holding a whole number written as a decimal, as the file holds it."""

    text: str

    def __str__(self) -> str:
        """As the result file shows it: as written."""
        return self.text

    def message(self) -> str:
        """Why the client cannot take it, translated now (in the row's language)."""
        return _REFUSAL % {"value": echoed(self.text.strip())}


def as_decimal(cell: str) -> WholeAsDecimal | None:
    """The cell marked when it is such a number (`cell` a text ending as one may: ENDS)."""
    return WholeAsDecimal(cell) if WHOLE_AS_DECIMAL.fullmatch(cell.strip()) else None
