"""Writing rows to CSV files, streamed, with constant memory (XLSX: `workbook`); formulas
neutralised for both.

A text cell a spreadsheet would run as a formula (one starting with = + - @ or their
full-width forms, a tab or a carriage return, maybe after spaces a spreadsheet trims) is
written with a leading apostrophe, so a name such as `=HYPERLINK(…)`
typed into a client's record stays text in Excel, LibreOffice and Google Sheets. Importing
reads it back without the apostrophe (`restore_cell`)."""

from __future__ import annotations

import csv
import io
import itertools
import operator
import re
from collections.abc import Iterable, Iterator, Sequence

from mteja.clients.bulk.na_cells import NA

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_BOM = "\ufeff"  # Excel then reads the file as UTF-8
CSV_CHUNK_ROWS = 1000


def neutralise(value: str, *, exported: bool = False) -> str:
    """`value` with an apostrophe before it where a spreadsheet would run it as a formula —
    and, `exported` (a client's own text, not a file's cell given back), where an import
    would take it for a cell a spreadsheet spoilt (`_spoilt_like`)."""
    return "'" + value if _formula_like(value, exported) else value


def _formula_like(value: str, spoilt_too: bool = False) -> bool:
    """Whether a spreadsheet would run the value (or, `spoilt_too`, an import take it for a
    spoilt cell), or it is such a value with apostrophes before it (given one more, so that
    `restore_cell` gives back exactly what was typed)."""
    if value.startswith(FORMULA_STARTS) or (spoilt_too and _spoilt_like(value)):
        return True
    rest = value.lstrip("'").lstrip(" ")
    return len(rest) < len(value) and (
        rest.startswith(FORMULA_STARTS) or (spoilt_too and _spoilt_like(rest))
    )


def _spoilt_like(value: str) -> bool:
    """A text the import refuses as a spreadsheet's error, a long number it shortened or a
    whole number written as a decimal (bulk/spoilt_cells.py), or reads as a missing value
    (`NA`: na_cells.py): a client's name or external id "#N/A", "4.5E+11" or "12345.0",
    a middle name "NA", typed as text, exported as it is, would not import again."""
    if value == NA:
        return True
    return value[:1] in SPOILT_FIRST and (
        SHOWN_ERROR.fullmatch(value) is not None
        or SHORTENED_NUMBER.fullmatch(value) is not None
        or WHOLE_AS_DECIMAL.fullmatch(value) is not None
    )


# The errors as Excel shows them in English, French and Spanish (LibreOffice shows Excel's
# English ones), whatever the case of their ASCII letters.
SPREADSHEET_ERRORS = (
    "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    "#VALEUR!", "#NOM?", "#NOMBRE!", "#NUL!",
    "#N/D", "#¡REF!", "#¡VALOR!", "#¡DIV/0!", "#¿NOMBRE?", "#¡NUM!", "#¡NULO!",
)  # fmt: skip
# Each character bracketed, so that Python and PostgreSQL (copied.py) read one expression
# alike.
ERRORS_PATTERN = "|".join(
    "".join(f"[{char}{char.lower()}]" if char.isalpha() else f"[{char}]" for char in error)
    for error in SPREADSHEET_ERRORS
)
SHOWN_ERROR = re.compile(ERRORS_PATTERN)
# A whole number of 12 digits or more as Excel's General format shows it (6 digits at most;
# a decimal comma in French or Spanish).
SHORTENED_PATTERN = "[1-9]([.,][0-9]{1,5})?[Ee][+](1[1-9]|[2-9][0-9])"
SHORTENED_NUMBER = re.compile(SHORTENED_PATTERN)
# A whole number written as a decimal, as a program that read a column of digits as numbers
# writes it back ("712345678.0"; a decimal comma in French or Spanish): bulk/spoilt_cells.py.
WHOLE_AS_DECIMAL_PATTERN = "[1-9][0-9]*[.,]0"
WHOLE_AS_DECIMAL = re.compile(WHOLE_AS_DECIMAL_PATTERN)
SPOILT_FIRST = frozenset("#123456789")


def restore_cell(value: str) -> str:
    """A cell as it was before `neutralise` (exported or not): "'NA" the text NA, "''NA"
    the text 'NA."""
    if value.startswith("'") and _formula_like(value[1:], spoilt_too=True):
        return value[1:]
    return value


def cell_value(cells: list, index: int):
    """A cell's value as the file holds it (a neutralised formula restored, an Excel whole
    number as an int); None when it is blank."""
    value = cells[index] if index < len(cells) else None
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'":  # (only such text may be a neutralised formula)
            value = restore_cell(value)
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number Excel kept as one
    return value


def cells_held(row: list) -> int:
    """The cells a row holds: any value but None and blank text (a formula saved without its
    value, or its error, holds one: blank text of its own type). Whether a row is blank, for
    every reader of rows (the title rows above a header, a merge's rows, the rows counted)."""
    return sum(
        1 for cell in row if cell is not None and (cell.__class__ is not str or cell.strip())
    )


def neutralise_cells(row: list, columns: list[int]) -> list:
    """`row`, a file's cells given back (a result file), with an apostrophe before each of
    its text `columns` a spreadsheet would run as a formula, in place. A cell the file starts
    with an apostrophe is given back as it is: a spreadsheet keeps it text, and the import
    takes that one apostrophe off (`restore_cell`) as it did from the file, so that a row
    fixed in the result file is read as the file's was (one more would be kept: an
    export's `'+254…` phone then refused, an `'=…` name imported with its apostrophe)."""
    for index in columns:
        value = row[index]
        if (
            value
            and value[0] in _MAY_START_FORMULA
            and value.lstrip(" ").startswith(FORMULA_STARTS)
        ):
            row[index] = "'" + value
    return row


def neutralise_column(values: list) -> list:
    """`values` (text or None, an export's) neutralised as exported: the same list if no
    value needs it (one look at their first characters), else a new one."""
    if NA not in values and _MAY_NEED_EXPORTED.isdisjoint(
        map(_first_character, filter(None, values))
    ):
        return values
    return [
        "'" + value
        if value
        and (value[0] in _MAY_NEED_EXPORTED or value == NA)
        and _formula_like(value, spoilt_too=True)
        else value
        for value in values
    ]


FORMULA_FIRST = frozenset(start[0] for start in FORMULA_STARTS)
_MAY_START_FORMULA = FORMULA_FIRST | {" ", "'"}
_MAY_NEED_EXPORTED = _MAY_START_FORMULA | SPOILT_FIRST
_first_character = operator.itemgetter(0)


def _safe(row: Iterable) -> list:
    return [neutralise(value) if isinstance(value, str) else value for value in row]


def csv_chunks(header: list[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The file in chunks of UTF-8 (with a BOM), a thousand rows each. `rows` hold their text
    neutralised already (`neutralise_cells`); a date is written as str() writes it (ISO)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(CSV_BOM)
    writer.writerow(_safe(header))
    rows = iter(rows)
    while True:
        writer.writerows(itertools.islice(rows, CSV_CHUNK_ROWS))
        if buffer.tell() == 0:
            return
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def csv_column_chunks(
    header: list[str], chunks: Iterable[list[list]], kinds: list[str]
) -> Iterator[bytes]:
    """`csv_chunks` of rows given a chunk at a time as columns (`ClientExport.column_chunks`,
    their cells by `kinds`; a column of kind `RAW_TEXT` is neutralised here, as exported),
    written as the csv module writes them (the same quoting, None as nothing), but column by
    column: each column made text at once and each row joined by one call, where the csv
    module's work is per cell (a third of a CSV export)."""
    head = csv_head(header)  # leaves with the first rows
    alone = len(kinds) == 1
    for columns in chunks:
        cells = [_csv_cells(column, kind) for column, kind in zip(columns, kinds, strict=True)]
        if alone:  # an empty record is written as an empty quoted cell, as the csv module does
            cells = [['""' if cell == "" else cell for cell in cells[0]]]
        rows = map(",".join, zip(*cells, strict=True))
        yield (head + CSV_LINE_END.join(rows) + CSV_LINE_END).encode()
        head = ""
    if head:
        yield head.encode()


def csv_head(header: list[str]) -> str:
    """The file's first line, after its BOM."""
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    csv.writer(buffer, lineterminator=CSV_LINE_END).writerow(_safe(header))
    return buffer.getvalue()


CSV_LINE_END = "\r\n"
RAW_TEXT = "raw text"  # a text column `csv_column_chunks` neutralises (as exported)
CSV_QUOTED_CHARACTERS = ',"\r\n'  # what the csv module quotes a cell for
_CSV_QUOTED = re.compile(f"[{CSV_QUOTED_CHARACTERS}]")
# Between the cells of a column joined into one text, so that one search of it finds each
# cell `neutralise(…, exported=True)` would change: a cell starts after the separator.
_CELLS_APART = "\0"
_FORMULA_FIRST_CLASS = "".join(map(re.escape, sorted(FORMULA_FIRST)))
_MAY_NEED_CLASS = "".join(map(re.escape, sorted(_MAY_NEED_EXPORTED)))
_CELL_END = f"(?={_CELLS_APART}|\\Z)"
# `_formula_like(cell, spoilt_too=True)` of each cell of such a text, as one expression; the
# rest of it only for a cell whose first character may need it (less than half the cost), or
# that is NA.
_NEEDS_APOSTROPHE = re.compile(
    f"{_CELLS_APART}(?:(?=[{_MAY_NEED_CLASS}])(?='* *(?:[{_FORMULA_FIRST_CLASS}]"
    f"|(?:{ERRORS_PATTERN}){_CELL_END}|(?:{SHORTENED_PATTERN}){_CELL_END}"
    f"|(?:{WHOLE_AS_DECIMAL_PATTERN}){_CELL_END}|{NA}{_CELL_END}))|(?={NA}{_CELL_END}))"
)


def _csv_cells(values: list, kind: str) -> list[str]:
    """A column's cells as CSV text: None as nothing, a text as itself (a `RAW_TEXT` one
    neutralised), a value as `str()` writes it; quoted where it holds a comma, a quote or a
    line break. A text column's neutralising and quoting look at the whole column at once
    (each character searched for apart: faster than a class), then at each distinct cell
    only if it needs some."""
    if not any(values) and values.count(None) == len(values):  # often: closure dates…
        return [""] * len(values)
    if kind in ("text", RAW_TEXT):
        cells = ["" if value is None else value for value in values]
    else:
        cells = ["" if value is None else str(value) for value in values]
    joined = _CELLS_APART + _CELLS_APART.join(cells)  # each cell after one separator
    # A cell that needs an apostrophe is always found (it follows a separator, and one or the
    # end follows it); one found is one only if no cell holds the separator.
    if kind == RAW_TEXT and _NEEDS_APOSTROPHE.search(joined):
        if joined.count(_CELLS_APART) == len(cells):
            joined = _NEEDS_APOSTROPHE.sub(_CELLS_APART + "'", joined)
            cells = joined.split(_CELLS_APART)[1:]
        else:  # a cell holds the separator: cell by cell
            cells = [neutralise(cell, exported=True) for cell in cells]
    if '"' in joined or "," in joined or "\n" in joined or "\r" in joined:
        # Each value once: a column that needs quotes is mostly names that repeat.
        shown = {cell: csv_quoted(cell) for cell in set(cells)}
        return list(map(shown.__getitem__, cells))
    return cells


def csv_quoted(cell: str) -> str:
    if _CSV_QUOTED.search(cell) is None:
        return cell
    return '"' + cell.replace('"', '""') + '"'
