"""A cell of an .xlsx sheet's XML as the streamed reader (sheet_stream.py) reads it: its
column, its value, and the refusal (SheetUnreadable) of what calamine refuses or would place
elsewhere, so that both readers read any sheet alike or both refuse it (docs/decisions.md 164
and 182): a reference naming another row than the cell's row, a boolean other than calamine's
0, 1, true or false. A cell's value is its last `<v>`, `<is>` or `<f>`, as calamine's: an
inline text (`<is>`) read in a cell of any type, a formula after its value leaving it none;
a number's value that Rust's parse takes for none, its text (decision 210)."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from mteja.clients.bulk.overlong_cells import within_a_cell
from mteja.clients.bulk.sheet_markup import LOCAL_NAMES
from mteja.clients.bulk.xlsx_dates import as_date, iso_date

MOST_COLUMNS = 16_384  # Excel's last column, XFD
# A cell reference, in any spelling xlsx_range.py counts: either case, `$` before its column or
# its row; its row's digits, which calamine places the cell by.
_REFERENCE = re.compile(r"\$?([A-Za-z]+)\$?([0-9]*)")
# Excel's escape of a character in a text (`_x000D_` a carriage return, `_x005F_` the "_"
# before a text that looks like one), as calamine undoes it: in each `<t>` alone, left to
# right, and only below U+0100 (`_x20AC_` stays as it is).
_EXCEL_ESCAPE = re.compile(r"_x00([0-9A-Fa-f]{2})_")
# What calamine takes as a boolean, once the spaces around it are gone (any case).
_TRUE, _FALSE = frozenset({"1", "true"}), frozenset({"0", "false"})


class SheetUnreadable(ValueError):
    """The workbook is no .xlsx this reader understands."""


class FormulaWithoutValue(str):
    """A formula cell without the value a spreadsheet keeps beside it (a workbook a program
    wrote and no spreadsheet saved since): blank to whatever reads it as a value (it holds
    ""), known by its type to the check that refuses its row."""


FORMULA_WITHOUT_VALUE = FormulaWithoutValue()


class CellError(str):
    """An error cell (#N/A, #REF!: a formula's that failed), blank to whatever reads it as a
    value (it holds ""), known by its type to the check that refuses its row; `shown`: the
    error as the sheet shows it."""

    shown = ""


def cell_error(shown: str) -> CellError:
    error = CellError()
    error.shown = shown
    return error


def column_number(letters: str) -> int:
    """A column's number from its letters ("A" → 1, "AA" → 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def cell_column(reference: str | None, following: int, row: str) -> int:
    """A cell's column from its reference ("C7", "c7", "$C$7" → 2), the next one when it has
    none; SheetUnreadable when the reference names no row (`C`) or another row than `row`
    (the cell's row's number, as the sheet numbers it: calamine would place it there)."""
    if not reference:
        return following
    found = _REFERENCE.match(reference)
    if found is None:
        raise SheetUnreadable(f"bad cell reference {reference!r}")
    letters, digits = found.groups()
    if digits != row and (not digits or int(digits) != int(row)):  # ("A07" is on row 7)
        raise SheetUnreadable(f"cell {reference!r} in row {row}")
    letters = letters.upper()
    number = column_number(letters) if len(letters) <= 3 else MOST_COLUMNS + 1
    if number > MOST_COLUMNS:
        raise SheetUnreadable(f"bad cell reference {reference!r}")  # past XFD
    return number - 1


def item_text(item: Element) -> str:
    """A string item's text (`<si>`, `<is>`): its own `<t>` or its runs' `<t>`, without the
    phonetic guides (`<rPh>`), cut to a spreadsheet cell's characters (overlong_cells.py)."""
    parts, local = [], LOCAL_NAMES
    for child in item:
        name = local[child.tag]
        if name == "t":
            parts.append(unescaped(child.text or ""))
        elif name == "r":
            parts += [unescaped(t.text or "") for t in child if local[t.tag] == "t"]
    return within_a_cell("".join(parts))


def unescaped(text: str) -> str:
    """A text element's characters as calamine reads them: Excel's escapes undone."""
    if "_x00" not in text:
        return text
    return _EXCEL_ESCAPE.sub(lambda escape: chr(int(escape[1], 16)), text)


def cell_value(cell: Element, shared: list[str], dates: frozenset[int], epoch):
    local = LOCAL_NAMES
    kind = cell.get("t", "n")
    last = None  # the value's element: the last <v>, <is> or <f>, as calamine reads it
    formula = False
    for child in cell:
        name = local[child.tag]
        if name == "v" or name == "is":
            last = child
        elif name == "f":
            formula, last = True, None
    if last is None:
        return FORMULA_WITHOUT_VALUE if formula else ""
    if local[last.tag] == "is":  # (whatever the cell's type: calamine reads it)
        return item_text(last)
    raw = last.text
    if not raw or kind == "inlineStr":  # (a <v> in an inline text's cell: none, to calamine)
        # A formula's empty text is typed (`t="str"`); an empty value of any other type is
        # the place openpyxl keeps after each formula it writes, for Excel to fill.
        return FORMULA_WITHOUT_VALUE if formula and kind not in ("str", "inlineStr") else ""
    if kind == "s":  # (an index below 0 is refused as one past the end: Python counts back)
        return shared[index] if (index := int(raw)) >= 0 else shared[len(shared)]
    if kind == "b":
        return _boolean(raw)
    if kind == "e":
        return cell_error(raw.strip())  # #N/A, #DIV/0!: nothing a client's field can take
    if kind == "d":
        return iso_date(raw)
    if kind == "str":
        return within_a_cell(unescaped(raw))
    if kind != "n":  # (a type no spreadsheet writes, `t="zz"`: calamine refuses the file)
        raise SheetUnreadable(f"bad cell type {kind!r}")
    try:
        number = float(raw)
    except ValueError:
        return within_a_cell(raw)  # ("abc": calamine reads its text)
    if "_" in raw or not raw.isascii() or raw != raw.strip():
        return within_a_cell(raw)  # (" 12", "1_0", "١٢": no number to Rust's parse, as above)
    try:
        style = int(cell.get("s", "0"))
    except ValueError:  # (a forged style, "x": no format, as calamine reads it)
        return number
    return as_date(number, epoch) if style in dates else number


def _boolean(raw: str) -> bool:
    """A boolean cell's value as calamine reads it (`1`, ` TRUE `); SheetUnreadable for any
    other (`2`, `yes`), which calamine refuses: no spreadsheet writes one."""
    spelt = raw.strip().lower()
    if spelt in _TRUE:
        return True
    if spelt in _FALSE:
        return False
    raise SheetUnreadable(f"bad boolean {raw!r}")
