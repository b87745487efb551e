"""The custom fields of a client file: one column per field of every client custom table
(Fineract's datatables, apptable m_client). A client has one row per table (a multi-row
table is refused when it is defined), so a file row carries at most one row of each.

The columns are named `<table>.<field>` (the names the API takes: `registeredTableName`,
then the column); such a name is never one of Mteja's own columns, as neither a table's nor
a field's name may hold a dot — but for a table named like one of Mteja's parts
(`address.city`), whose columns then take the spare prefix `datatables.`.

Importing, a row's cells become `POST /clients`'s `datatables` items (one per table with a
value; a drop-down's cell names its code value), checked by the API's own rules; exporting,
a client's stored row of each table is read beside its own (bulk/related.py)."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from mteja.clients.bulk.columns import Column, client_columns
from mteja.clients.bulk.parts import code_names, part_columns
from mteja.clients.bulk.related import RelatedRows
from mteja.clients.bulk.yes_no import yes_no
from mteja.clients.kyc.custom_fields import client_tables
from mteja.clients.kyc.custom_fields.values import text_limit
from mteja.clients.models import CustomFieldType, CustomRow

SEPARATOR = "."  # between the table's name and the field's
SPARE_PREFIX = "datatables."  # before a name that one of Mteja's own columns has
DATATABLES = "datatables"  # the body's list, and its errors' parameters
ENTRY_REQUIRED = "error.msg.entry.required.in.datatable."  # a 403 naming (table, *fields)
_VALUE_PARAM = re.compile(r"datatables\[(\d+)\]\.data\.(.+)")

_KINDS = {
    CustomFieldType.DATE: "date",
    CustomFieldType.BOOLEAN: "yes/no",
    CustomFieldType.NUMBER: "number",
    CustomFieldType.DECIMAL: "number",
}

_TEXT_TYPES = (CustomFieldType.STRING, CustomFieldType.TEXT)


@dataclass(frozen=True)
class CustomColumn:
    """A column that fills one field of one of the row's custom tables."""

    name: str  # the file's column
    table: str  # the table's name (`registeredTableName`)
    field: str  # the field's name (a key of `data`)
    type: str  # CustomFieldType
    code: str = ""  # a drop-down's code list
    table_id: int = 0
    length: int = 0  # the most characters a text field takes (the API's); 0 for other types

    @property
    def kind(self) -> str:
        """The export's kind of cell: "date", "yes/no", "number" or "text"."""
        return _KINDS.get(self.type, "text")


def custom_column_name(table: str, field: str, taken: set[str]) -> str:
    name = f"{table}{SEPARATOR}{field}"
    return SPARE_PREFIX + name if name in taken else name


def custom_columns() -> list[CustomColumn]:
    """Every field of every client custom table, by table name then the fields' order
    (two queries for the tables, and the address configuration's)."""
    taken = {column.name for column in client_columns()} | {p.name for p in part_columns()}
    return [
        CustomColumn(
            custom_column_name(table.name, field.name, taken),
            table.name,
            field.name,
            field.type,
            field.code.name if field.code_id else "",
            table.pk,
            text_limit(field) if field.type in _TEXT_TYPES else 0,
        )
        for table in client_tables()
        for field in table.fields.all()
    ]


# --- importing ------------------------------------------------------------------------------


def api_value(column: CustomColumn, value):
    """A cell (not blank, not a drop-down's: those are looked up by name) as the API takes
    the field's value: a date as ISO text, the rest as the file holds it (the API reads and
    checks it)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if column.type == CustomFieldType.BOOLEAN:
        if not isinstance(value, str) and value in (0, 1):
            return bool(value)  # a spreadsheet's 1 or 0 (a yes/no cell LibreOffice keeps so)
        value = yes_no(value)  # a word: FAUX, VERDADERO… (bulk/yes_no.py)
    if isinstance(value, bool) or column.type in (CustomFieldType.NUMBER, CustomFieldType.DECIMAL):
        return value
    return str(value)


def datatables_of(values: dict[CustomColumn, object]) -> list[dict]:
    """`POST /clients`'s `datatables`: one item per table that has a value, in table order."""
    tables: dict[str, dict] = {}
    for column, value in values.items():
        tables.setdefault(column.table, {})[column.field] = value
    return [{"registeredTableName": name, "data": data} for name, data in tables.items()]


def file_column_of(error, body: dict, headers: dict[tuple[str, str], str]) -> str | None:
    """The file's column a refusal of the row's `datatables` names ({(table, field): header}
    of the file); None when the error is not about them."""
    if error.param == DATATABLES and error.code.startswith(ENTRY_REQUIRED) and len(error.args) > 1:
        return headers.get((error.args[0], error.args[1]), "")
    match = _VALUE_PARAM.fullmatch(error.param or "")
    if not match:
        return None
    items = body.get(DATATABLES) or []
    index = int(match.group(1))
    table = items[index].get("registeredTableName") if index < len(items) else None
    return headers.get((table, match.group(2)), "")


# --- exporting ------------------------------------------------------------------------------


def custom_export_columns() -> list[Column]:
    """The export's custom columns: the path is the client's row of the table (its values),
    the key the field's; a cell the field's value shown as the file shows it, a drop-down's
    by the name of its code value."""
    tables: dict[int, RelatedRows] = {}
    return [
        Column(
            custom.name,
            ROW_VALUES,
            custom.kind,
            lookup=code_names(custom.code) if custom.type == CustomFieldType.DROPDOWN else None,
            related=tables.setdefault(custom.table_id, _table_rows(custom.table_id)),
            reader=_cell_reader(custom),
            key=custom.field,
        )
        for custom in custom_columns()
    ]


ROW_VALUES = "values"  # a custom row's {field: value}


def _table_rows(table_id: int) -> RelatedRows:
    return RelatedRows(lambda: CustomRow.objects.filter(table_id=table_id))


def _cell_reader(custom: CustomColumn) -> Callable[[], Callable]:
    """Built once per file: reads the field out of a stored row ({field: value} or None)."""

    def reader() -> Callable:
        shown = _shown_as(custom)
        return lambda row: (
            None if not row or row.get(custom.field) is None else shown(row[custom.field])
        )

    return reader


def _shown_as(custom: CustomColumn) -> Callable:
    """How a stored value (as the write path stores it: custom_fields/values.py) is shown; a
    drop-down's code value id as it is (its column looks its name up)."""
    if custom.type == CustomFieldType.DROPDOWN:
        return drop_down_value
    if custom.type == CustomFieldType.DATE:
        shown = _date
    elif custom.type == CustomFieldType.BOOLEAN:
        shown = bool
    elif custom.type in (CustomFieldType.NUMBER, CustomFieldType.DECIMAL):
        shown = _number
    else:
        shown = str

    def as_floats_first(value):
        # The export reads the stored numbers as decimals for the drop-downs (decision 209);
        # the other columns show them as floats, as every writer shows them.
        return shown(_floats(value) if type(value) in _HOLDING_DECIMALS else value)

    return as_floats_first


_HOLDING_DECIMALS = (Decimal, list, dict)


def _floats(value):
    """`value` with its decimals, however deep, as floats."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_floats(item) for item in value]
    if isinstance(value, dict):
        return {key: _floats(item) for key, item in value.items()}
    return value


def drop_down_value(value) -> int | str:
    """A drop-down's stored value as its column looks it up: a whole number (a code value's
    id, as the write path stores it) as it is; any other value, which only a hand-made
    write stores and which names no code value, as its JSON text, a text unquoted — never
    as the id it only resembles (`96.0` or True equal to 96 or 1, the text "96"): as
    PostgreSQL's COPY and SQLite's lines show it (decisions 186, 209). A number as the
    digits it was stored with (the export reads them as decimals: columnar.py), its zero
    unsigned (jsonb writes -0.0 as 0.0)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value if value else value.copy_abs(), "f")
    # JSON's true, false, an array, an object (its nested decimals as floats: decision 186)
    return json.dumps(value, ensure_ascii=False, default=float)


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _number(value):
    try:
        return Decimal(str(value)) if not isinstance(value, int) else value
    except InvalidOperation:
        return None
