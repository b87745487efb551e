"""Keys a spreadsheet rounded: an external id, an account or a document number that Excel or
LibreOffice took for a number keeps only 15 significant digits, and a CSV saved from it holds
what the cell showed — "1.23457E+19" for a 20-digit national ID. Imported, such a key would
name someone else (or no one) for good; the row is refused with what to do instead."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from mteja.clients.bulk.sheets import cell_value

ALSO_CHECKED = ("mobileNo",)  # besides the keys (external id, account and document numbers)
EXACT_DIGITS = 15  # the significant digits a spreadsheet's number keeps
# What a spreadsheet shows of a long number: a digit, its decimals (a point or, in French or
# Spanish, a comma) and an exponent with its sign ("1.23457E+19", "1,2E+05").
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?E[+-][0-9]{2,3}", re.IGNORECASE)
_ROUNDED = gettext_lazy(
    "“%(value)s” is a number a spreadsheet rounded: its digits are lost. Format the column "
    "as text, type the full value again and save the file (or export it as .xlsx)."
)


def rounded(value) -> bool:
    """Whether a cell of a key is a spreadsheet's rounded number: its scientific notation as
    text, or a number cell of more digits than a spreadsheet keeps."""
    if isinstance(value, str):
        return _SCIENTIFIC.fullmatch(value) is not None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return abs(value) >= 10**EXACT_DIGITS


class RoundedNumbers:
    """Finds the rounded numbers among a row's keys and its mobile number (its own rule would
    only say that a mobile number holds digits)."""

    def __init__(self, header: list[str], key_columns: list[int], targets: dict):
        self.header = header
        also = [index for index, target in targets.items() if target.param in ALSO_CHECKED]
        self.columns = [*key_columns, *also]

    def errors(self, cells: list) -> list[tuple[str, str]]:
        """(column, message) of each such cell of the row a spreadsheet rounded."""
        found = []
        for index in self.columns:
            value = cell_value(cells, index)
            if value is not None and rounded(value):
                shown = value if isinstance(value, str) else f"{float(value):.6G}"  # as it shows
                found.append((self.header[index], str(_ROUNDED % {"value": shown})))
        return found
