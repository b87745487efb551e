"""A cell reading `NA` is a missing value (decision 212): R's `write.csv` and readr's
`write_csv` write one so in every column, text columns too, and R, readr and pandas read it
back as missing; a clerk types it for "not applicable". Read as text, a middle name, a
street or a city "NA" was stored, a date, a count or a drop-down refused. Only the cell
exactly `NA` is one: a name "Na" or "Nadia" is itself, and a text typed "NA" is written
"'NA" (as the export writes it: sheets._spoilt_like) to be imported as it is."""

from __future__ import annotations

NA = "NA"


def without_na(cells: list) -> list:
    """The row's cells, each one `NA` as blank (None); the row itself when none is (one look
    at the row: C compares a cell with the two letters)."""
    if NA not in cells:
        return cells
    return [None if cell == NA else cell for cell in cells]
