"""Cells whose formula gave the client nothing to take: a formula saved without its value
(sheet_stream.FormulaWithoutValue), or one whose value is an error — #N/A from a lookup that
found nothing, #REF! from a deleted column — an .xlsx's error cell (sheet_stream.CellError,
blank to calamine) or the text a CSV saved from a spreadsheet keeps of it. Read as blank or
as that text, the client was written without the value, or with "#N/A" for a value."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from mteja.clients.bulk.sheet_stream import FORMULA_WITHOUT_VALUE, CellError

_WITHOUT_VALUE = gettext_lazy(
    "This cell holds a formula without its value: open the file in a spreadsheet and save it again."
)
_ERROR = gettext_lazy(
    "This cell shows the error %(error)s: correct its formula in the spreadsheet, or clear "
    "the cell."
)
# The errors as Excel shows them in English, French and Spanish (LibreOffice shows
# Excel's English ones).
SPREADSHEET_ERRORS = frozenset({
    "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    "#VALEUR!", "#NOM?", "#NOMBRE!", "#NUL!",
    "#N/D", "#¡REF!", "#¡VALOR!", "#¡DIV/0!", "#¿NOMBRE?", "#¡NUM!", "#¡NULO!",
})  # fmt: skip


def formula_error(cell) -> str | None:
    """Why the client cannot take the cell, translated, when it is such a cell; else None."""
    if cell is FORMULA_WITHOUT_VALUE:
        return str(_WITHOUT_VALUE)
    if isinstance(cell, CellError):
        return _ERROR % {"error": cell.shown}
    if isinstance(cell, str) and "#" in cell and cell.strip().upper() in SPREADSHEET_ERRORS:
        return _ERROR % {"error": cell.strip()}
    return None
