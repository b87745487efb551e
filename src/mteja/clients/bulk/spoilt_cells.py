"""Cells a spreadsheet spoilt, whose value the client cannot take:

- a formula saved without its value (sheet_stream.FormulaWithoutValue);
- a formula whose value is an error — #N/A from a lookup that found nothing, #REF! from a
  deleted column — a workbook's error cell (sheet_cells.CellError, blank to calamine: an
  .xls's or .ods's marked by error_cells.py) or the text a CSV saved from a spreadsheet keeps
  of it;
- a CSV row of more cells than its header has columns (csv_text.TooManyCells), a value
  holding the delimiter unquoted, the cells after it shifted each to the next column;
- text UTF-8 a spreadsheet read as Western text, its accents garbled: "JosÃ©" (garbled.py);
- a date before 1900 in a date cell (xlsx_dates.DateBefore1900), or day 0 (1900-01-00),
  which calamine reads as a time of day (midnight; no time in a duration's format) and no
  spreadsheet shows as a date;
- a long number (a phone number, an identity number) a CSV saved from Excel keeps as Excel
  shows it in a General column, its last digits lost: 2.54712E+11; or an .xlsx's number cell
  of 16 digits or more, of which a spreadsheet kept 15;
- a number cell holding no finite number — infinity or "not a number", which no spreadsheet
  shows but a program writes (`inf`, `nan`, an overflow such as `1e309`) in an .xlsx, .ods,
  .xls or .xlsb — read by every reader as Python's float of it;
- text longer than its column takes even read as garbled (long_cells.LongText), refused by
  its length with the API's own message; text longer than a spreadsheet's cell holds
  (overlong_cells.OverlongCell), in any column;
- a whole number written as a decimal in a column of the client's own text, "712345678.0"
  (whole_decimals.WholeAsDecimal), as a program writes back a column it read as numbers.

Read as blank or as that text, the client was written without the value, or with "#N/A",
"JosÃ©" or "2.54712E+11" for a value."""

from __future__ import annotations

import datetime
import math

from django.utils.translation import gettext_lazy

from mteja.clients.bulk.csv_text import TooManyCells
from mteja.clients.bulk.garbled import garbled_cell
from mteja.clients.bulk.long_cells import LongText
from mteja.clients.bulk.overlong_cells import OverlongCell
from mteja.clients.bulk.sheet_cells import FORMULA_WITHOUT_VALUE, CellError
from mteja.clients.bulk.sheets import SHORTENED_NUMBER, SHOWN_ERROR
from mteja.clients.bulk.text_cells import TextColumns, joined
from mteja.clients.bulk.whole_decimals import WholeAsDecimal
from mteja.clients.bulk.xlsx_dates import MIDNIGHT, DateBefore1900

_WITHOUT_VALUE = gettext_lazy(
    "This cell holds a formula without its value: open the file in a spreadsheet and save it again."
)
_ERROR = gettext_lazy(
    "This cell shows the error %(error)s: correct its formula in the spreadsheet, or clear "
    "the cell."
)
_SHORTENED = gettext_lazy(
    "“%(value)s” is a long number the spreadsheet shortened, its last digits lost: format the "
    "column as Text, type the numbers again, and save the file."
)
_NOT_FINITE = gettext_lazy(
    "This number cell holds “%(value)s”, which is no number: infinity, or “not a number”, as "
    "a program writes a value too large or undefined. Type the value again, or clear the "
    "cell."
)
_BEFORE_1900 = gettext_lazy(
    "This date is before 1 January 1900, which a spreadsheet cannot hold as a date (Excel "
    "shows ####): give it as text, yyyy-MM-dd."
)
# Day 0 as calamine reads it: midnight, or no time in a duration's format (`[h]:mm`).
_TIMES = {datetime.time: MIDNIGHT, datetime.timedelta: datetime.timedelta(0)}
# A number cell of an .xlsx past the digits a spreadsheet keeps (15): 16 typed, the last lost.
EXACT_BELOW = 10**15


_TOO_MANY_CELLS = gettext_lazy(
    "This line has %(cells)s cells, more than the header's %(columns)s columns: a value holding "
    "the delimiter (a comma, a semicolon) must be in double quotes."
)
_TOO_MANY_BLANK_CELLS = gettext_lazy(
    "This line has %(cells)s cells, more than the header's %(columns)s columns, those past "
    "them blank: either a value holding the delimiter (a comma, a semicolon) is not in double "
    "quotes and the cells after it are shifted, or the line ends with more delimiters than "
    "the header line. Quote the value, or delete the extra delimiters."
)


def spoilt_cell(cell) -> str | None:
    """Why the client cannot take the cell, translated, when it is such a cell; else None.
    (A plain text or number is told by a look or two: every cell of every row comes here.)"""
    kind = cell.__class__
    if kind is str:
        spoilt = _spoilt_text(cell) if "#" in cell or "+" in cell else None
        return spoilt or (None if cell.isascii() else garbled_cell(cell))
    if kind is float:
        if abs(cell) < EXACT_BELOW:  # (not NaN: no comparison holds of it)
            return None
        if math.isfinite(cell):
            return _SHORTENED % {"value": f"{cell:.6G}"}
        return _NOT_FINITE % {"value": cell}
    if kind is LongText:
        return cell.message
    if kind is OverlongCell:
        return cell.message()
    if kind is WholeAsDecimal:
        return cell.message()
    if kind is TooManyCells:
        message = _TOO_MANY_BLANK_CELLS if cell.blank_past else _TOO_MANY_CELLS
        return message % {"cells": cell.cells, "columns": cell.columns}
    if cell is FORMULA_WITHOUT_VALUE:
        return str(_WITHOUT_VALUE)
    if kind is CellError:
        return _ERROR % {"error": cell.shown}
    if kind is DateBefore1900 or (kind in _TIMES and cell == _TIMES[kind]):
        return str(_BEFORE_1900)
    return None


def spoilt_among(cells: list, indexes: list[int]) -> list[tuple[int, str]]:
    """(index, why) of each cell at `indexes` (of those the row has) that `spoilt_cell`
    refuses, a blank told without a call (each cell the client takes of every row comes
    here; what refuses a cell is said once, in `spoilt_cell`)."""
    width, found = len(cells), []
    for index in indexes:
        if index >= width:
            continue
        cell = cells[index]
        message = None if cell is None else spoilt_cell(cell)
        if message:
            found.append((index, message))
    return found


class SpoiltCells:
    """`spoilt_among` of a file's columns, a row of plain text (a CSV's) told by one look at
    its texts joined (text_cells.py): spoilt only by what `spoilt_cell` looks for in text."""

    def __init__(self, indexes: list[int]):
        self.columns = TextColumns(indexes)

    def among(self, cells: list) -> list[tuple[int, str]]:
        texts = self.columns.texts(cells)
        if texts is None:
            return spoilt_among(cells, self.columns.indexes)
        text = joined(texts)
        if "#" in text or "E+" in text or "e+" in text:  # (an error shown, a long number)
            return spoilt_among(cells, self.columns.indexes)
        if text.isascii():
            return []
        # Else only a text of letters beyond ASCII's may be garbled.
        return [
            (index, message)
            for index, cell in zip(self.columns.indexes, texts, strict=True)
            if not cell.isascii() and (message := garbled_cell(cell))
        ]


def _spoilt_text(text: str) -> str | None:
    """A formula's error as a CSV keeps it, or a long number shortened."""
    shown = text.strip()
    if SHOWN_ERROR.fullmatch(shown):
        return _ERROR % {"error": shown}
    if ("E+" in shown or "e+" in shown) and SHORTENED_NUMBER.fullmatch(shown):
        return _SHORTENED % {"value": shown}
    return None
