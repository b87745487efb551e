"""A custom field's cells in SQLite's lines (bulk/lined.py): read from the client's row of its
table (its values, JSON) once a line, by `->>` (the value) or `->` (its JSON text), and shown
as the Python writer shows them (custom.py's readers, then export.py's names and
neutralising and sheets.py's quotes): text as the text cells of the client's own row,
whole numbers as their JSON text, ISO dates SQLite checks, JSON's true and false (and any
number) as True and False, a drop-down's code value id by its name.

Each kind's rare cells — a value of another JSON type than the write path stores (a number in
a text field, a boolean among numbers, a decimal's text), a date SQLite does not check as
Python does, a drop-down's value without a name in SQL — are shown by Python: a function
registered on the connection per column runs the Python writer's own steps on the row's
values as Django reads them (or on the field's JSON text, where that is what SQL read)."""

from __future__ import annotations

import re
from collections.abc import Callable

from mteja.clients.bulk import sheets
from mteja.clients.bulk.columnar import exact_json
from mteja.clients.bulk.columns import Column

CUSTOM = "mteja_custom_{index}"  # a column's rare cells, shown in Python
# A key written in the SQL by its characters' codes, inside a JSON path's quotes: one of
# the names the API takes for a field (custom_fields/reads.NAME_PATTERN), nothing else.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_\- ]+")
_KINDS = ("text", "number", "date", "yes/no")


def shown_alike(column: Column) -> bool:
    """Whether SQL shows this custom field's column (read by its key)."""
    return bool(
        column.key and column.related and column.kind in _KINDS and _PLAIN_KEY.fullmatch(column.key)
    )


def _codes(text: str) -> str:
    return ", ".join(str(ord(char)) for char in text)


def _json_text_read(column: Column) -> bool:
    """A whole number's and a drop-down's cells are read as JSON text (`->`): its digits tell
    a number from JSON's true and false, which `->>` reads as 1 and 0."""
    return column.kind == "number" or column.lookup is not None


def read_sql(column: Column, values: str) -> str:
    """What a line reads of the row's `values` for this column, once."""
    operator = "->" if _json_text_read(column) else "->>"
    path = '$."' + column.key + '"'
    return f"{values} {operator} char({_codes(path)})"


# A date SQLite writes back as it reads it, day and month checked ('+0 days' makes it count
# the days: 2023-02-31 is 2023-03-03): the text Python's `date.fromisoformat` and `str` give.
_ISO_DATE = "[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]"
_NOT_DIGITS = "*[^-0-9]*"  # a JSON number but a whole one holds another character
_JSON_OPENERS = "[{"  # an array's, an object's


def cell_sql(
    index: int, column: Column, read: str, values: str, text_sql: Callable[[str], str],
    looked_up: Callable[[str], str],
) -> str:  # fmt: skip
    """The cell's SQL, of `read` (`read_sql`, once a line) and the row's `values`:
    `text_sql` shows a text as the client's own text cells, `looked_up` a drop-down's JSON
    text by its name (NULL where SQL has none)."""
    shown = CUSTOM.format(index=index)
    if column.lookup is not None:
        return (
            f"CASE WHEN {read} IS NULL OR {read} = 'null' THEN NULL "
            f"ELSE coalesce({looked_up(read)}, {shown}({read})) END"
        )
    if column.kind == "number":
        return (
            f"CASE WHEN {read} IS NULL OR {read} = 'null' THEN NULL "
            f"WHEN {read} NOT GLOB char({_codes(_NOT_DIGITS)}) AND {read} <> char({_codes('-0')})"
            f" THEN {read} WHEN {_fixed_point(read)} THEN substr({read}, 2, length({read}) - 2) "
            f"ELSE {shown}({read}) END"
        )
    fallback = f"{shown}({values})"
    if column.kind == "yes/no":
        return (
            f"CASE typeof({read}) WHEN 'integer' THEN CASE WHEN {read} THEN 'True' "
            f"ELSE 'False' END WHEN 'null' THEN NULL ELSE {fallback} END"
        )
    if column.kind == "date":
        return (
            f"CASE WHEN {read} IS NULL THEN NULL WHEN {read} GLOB char({_codes(_ISO_DATE)}) "
            f"AND {read} >= char({_codes('0001')}) AND date({read}, char({_codes('+0 days')}))"
            f" = {read} THEN {read} ELSE {fallback} END"
        )
    # A JSON array or object is read as its JSON text: Python shows it otherwise.
    return (
        f"CASE typeof({read}) WHEN 'text' THEN CASE WHEN unicode({read}) IN "
        f"({_codes(_JSON_OPENERS)}) THEN {fallback} ELSE {text_sql(read)} END "
        f"WHEN 'null' THEN NULL ELSE {fallback} END"
    )


# A decimal as the write path stores it, JSON text of fixed-point digits (`format(…, "f")`),
# that `str(Decimal(…))` writes back alike: a sign, no leading zero, at most six places (more
# and Python may write an exponent: 1E-7); looked at in its JSON quotes, the cheapest first.
_FIXED_START = ('"[1-9]*', '"-[1-9]*', '"0"', '"0.*', '"-0"', '"-0.*')
_NOT_FIXED = ('"*[^.0-9-]*"', '"?*-*', "*.*.*", '*."', "*." + "?" * 8 + "*")


def _fixed_point(read: str) -> str:
    starts = " OR ".join(f"{read} GLOB char({_codes(start)})" for start in _FIXED_START)
    others = " AND ".join(f"{read} NOT GLOB char({_codes(other)})" for other in _NOT_FIXED)
    return f"({starts}) AND {others}"


def names_by_json(names: dict) -> list[tuple[str, str]]:
    """A drop-down's names by the JSON text of their code value ids (whole numbers), sorted
    as SQLite compares texts."""
    return sorted(
        (str(stored), shown)
        for stored, shown in names.items()
        if isinstance(stored, int) and not isinstance(stored, bool)
    )


def cell_function(column: Column, names: dict | None, values_field, connection) -> Callable:
    """The Python writer's cell of the value read: the row's values (`values_field`'s
    text, read as Django reads it) or, for a column `read_sql` reads as JSON text, the
    field's value as that text."""
    shown = column.reader()

    def cell(value):
        if names is not None:
            value = names[value]
            return None if value is None else sheets.csv_quoted(value)
        if value is None:
            return None
        if column.kind == "text":
            return sheets.csv_quoted(sheets.neutralise(value, exported=True))
        return sheets.csv_quoted(str(value))

    if _json_text_read(column):
        key = column.key
        return lambda text: cell(None if text is None else shown({key: exact_json(text)}))

    def from_row(text):
        return cell(shown(values_field.from_db_value(text, None, connection)))

    return from_row
