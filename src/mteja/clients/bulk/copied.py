"""The CSV export on PostgreSQL, written by the database: `COPY (SELECT …) TO STDOUT` in CSV,
its cells already shown as the file shows them (references and choices by name, dates as
ISO 8601, yes/no as True/False, text neutralised), so that Python reads a few blocks of bytes
rather than a value per cell (two thirds of the export's time). The same columns, the same
rows in the same order and the same bytes as the rows written in Python
(`ClientExport.column_chunks` and `sheets.csv_column_chunks`: compared byte for byte by
tests/clients/bulk/test_copied_csv.py); only lines end in CR LF here, after the database.
Names are looked up in JSON objects, not joined, so that the plan can read the clients in
their order (the rows beside them merge-joined onto the primary key) and send the first rows
at once, rather than sort the whole file before the first leaves.

A custom field's cell is read from its row's values by its key (`->>`) and shown as the
Python reader shows the values the write path stores (custom_fields/values.py): text, whole
numbers, decimals as fixed-point text, ISO dates, JSON's true and false, a drop-down's code
value id. Not for a column shown by a Python function alone, a stored date-time or a decimal
of more than six places (shown otherwise by SQL), nor a file of one column (where the csv
module quotes an empty cell): those files are written in Python (decision 85)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import DateField, DateTimeField, DecimalField, F, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform

from mteja.clients.bulk import sheets
from mteja.clients.bulk.columns import Column
from mteja.clients.bulk.na_cells import NA
from mteja.clients.bulk.own_row import compiled, own_row
from mteja.clients.bulk.related import CLIENT_KEY, RelatedRows

BLOCK_BYTES = 256 * 1024  # the bytes gathered from the database's rows before one is sent


def applies(columns: list[Column], queryset: QuerySet) -> bool:
    """Whether the database writes this file: on PostgreSQL, of more than one column, each
    shown by SQL as Python shows it."""
    return (
        connections[queryset.db].vendor == "postgresql"
        and len(columns) > 1
        and all(map(_shown_alike, columns))
    )


def _shown_alike(column: Column) -> bool:
    """Not a column only a Python function shows (a custom field's is read by its key), nor
    a stored date-time (Python writes a T), nor a decimal of more than 6 places (Python may
    write an exponent)."""
    field = column.field
    return not (
        (column.reader and not column.key)
        or isinstance(field, DateTimeField)
        or (isinstance(field, DecimalField) and field.decimal_places > MOST_PLACES)
    )


MOST_PLACES = 6  # str(Decimal) writes 0.0000001 as 1E-7


class CopiedCsv:
    """The COPY of `columns` for a queryset of clients (one scope part at a time)."""

    def __init__(self, columns: list[Column], lookups: dict[int, dict]):
        self._columns = columns
        self._lookups = lookups  # {column's index: {stored value: shown value}} (`_Names`)

    def blocks(self, clients: QuerySet) -> Iterator[tuple[bytes, int]]:
        """The CSV lines of `clients` (by id), a block of bytes at a time, each with how many
        rows it ends. In a transaction of its own; a reader that stops early cancels the
        COPY rather than reading it to its end.

        Until the COPY's last rows are read, the connection is the COPY's: a query of this
        thread would wait for it (psycopg holds the connection's lock). Nothing queries
        between an export's blocks; the last block, and so the whole of a small file, leaves
        once the COPY has ended."""
        try:
            sql, params = self._query(clients)
        except EmptyResultSet:  # a filter that can match nothing (`.none()`)
            return
        connection = connections[clients.db]
        lines = _CrLf()
        gathered, size = [], 0
        with transaction.atomic(using=clients.db), connection.cursor() as cursor:
            # Dates as ISO 8601 whatever the server's default; no JIT (it compiles the
            # expressions for longer than they take).
            # The joins in their written order (each onto the clients): a plan found at once,
            # not searched among the orders of twenty relations.
            cursor.execute(
                "SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL jit = off; "
                "SET LOCAL join_collapse_limit = 1"
            )
            raw = cursor.cursor
            with raw.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:  # noqa: S608
                done = False
                try:
                    for data in copy:
                        gathered.append(data)
                        size += len(data)
                        if size >= BLOCK_BYTES:
                            yield lines.converted(b"".join(gathered))
                            gathered, size = [], 0
                    done = True
                finally:
                    if not done:
                        raw.connection.cancel_safe()
            if gathered:
                yield lines.converted(b"".join(gathered))

    def _query(self, clients: QuerySet) -> tuple[str, list]:
        """The SELECT, and its parameters in the order of their places in its text."""
        own, key, inner_sql, inner_params = own_row(self._columns, clients)
        selected, names_params = [], []  # the cells, the names their text holds
        beside: dict[RelatedRows, tuple[str, dict[str, str]]] = {}
        for index, column in enumerate(self._columns):
            if column.related:
                name, fields = beside.setdefault(column.related, (f"r{len(beside)}", {}))
                # A drop-down's value as JSON (`->`): its text tells 96 from "96" and 96.0.
                read = (column.path, column.key, bool(column.key and index in self._lookups))
                fields.setdefault(read, f"v{len(fields)}")
                cell = f"{name}.{fields[read]}"
                model = column.related.rows().model
                # A custom field's cell is the text of its JSON value (an ISO date already).
                dated = not column.key and isinstance(model._meta.get_field(column.path), DateField)
            else:
                cell = f"c.{own[column.path]}"
                dated = column.kind == "date"
            if index in self._lookups:
                # The name under the stored value's text in a JSON object (a lookup by
                # halves in its sorted keys): no join, so the rows stay in the clients'
                # order with no sort of them all before the first can leave.
                names_params.append(_names_object(self._lookups[index]))
                missing = f"({cell})::text"
                if column.key:  # a drop-down's JSON: a whole number names a code value
                    missing = f"(({cell}) #>> '{{}}')"
                if column.kind == "text":
                    missing = _neutralised(missing)
                selected.append(f"COALESCE(%s::jsonb ->> ({cell})::text, {missing})")
            elif dated:
                selected.append(f"{cell}::text")  # ISO 8601: DateStyle set by `blocks`
            elif column.kind == "yes/no" and column.key:  # JSON's true or false, as text
                selected.append(
                    f"CASE {cell} WHEN 'true' THEN 'True' WHEN 'false' THEN 'False' END"
                )
            elif column.kind == "yes/no":
                selected.append(f"CASE WHEN {cell} THEN 'True' WHEN NOT {cell} THEN 'False' END")
            elif column.kind == "text":
                selected.append(_neutralised(cell))
            else:
                selected.append(cell)
        joins, join_params = [], []  # the rows beside the client's
        for related, (name, fields) in beside.items():
            rows_sql, rows_params = _first_rows(related, fields, clients)
            joins.append(f"LEFT JOIN ({rows_sql}) AS {name} ON {name}.owner = c.{key}")
            join_params += rows_params
        query = (
            f"SELECT {', '.join(selected)} FROM ({inner_sql}) AS c "  # noqa: S608
            f"{' '.join(joins)} ORDER BY c.{key}"
        )
        return query, [*names_params, *inner_params, *join_params]


def _first_rows(
    related: RelatedRows, fields: dict[tuple[str, str, bool], str], clients: QuerySet
) -> tuple[str, list]:
    """A client's first row of `related` (by id), with `fields` ((path, key in its JSON, or
    "", whether read as JSON rather than its text) by their aliases: of the clients chosen
    only, when some are left out (a branch's, a filter's), so that a short list reads a few
    rows by their client's index."""
    rows = related.rows()
    if clients.query.where:
        rows = rows.filter(**{f"{CLIENT_KEY}__in": clients.order_by().values("pk")})
    rows = (
        rows.order_by(CLIENT_KEY, "pk")
        .distinct(CLIENT_KEY)
        .values(
            owner=F(CLIENT_KEY),
            **{alias: _read(path, key, as_json) for (path, key, as_json), alias in fields.items()},
        )
    )
    return compiled(rows)


def _read(path: str, key: str, as_json: bool):
    if not key:
        return F(path)
    return KeyTransform(key, path) if as_json else KeyTextTransform(key, path)


def _names_object(names: dict) -> str:
    """A lookup's shown values (`_Names`: never None but NULL's) as a JSON object keyed by
    the text of their stored values."""
    return json.dumps({str(stored): shown for stored, shown in names.items() if stored is not None})


def _neutralised(cell: str) -> str:
    """`sheets.neutralise` of a text cell as exported, in SQL, an empty one as NULL (the csv
    module writes both as nothing): an apostrophe before a cell a spreadsheet would run as a
    formula, or an import take for a spoilt cell ("#N/A", "4.5E+11") or a missing value
    (NA), maybe after apostrophes and spaces. One look at the code of its first character
    decides for most cells (a hashed list of whole numbers); text functions run only for the
    others, a comparison with NA for the rest."""
    rest = f"ltrim(ltrim({cell}, ''''), ' ')"
    return (
        f"CASE WHEN ascii({cell}) IN ({_MAY_NEED}) THEN CASE WHEN {cell} = '' THEN NULL "
        f"WHEN ascii({cell}) IN ({_FORMULA_CODES}) OR {_spoilt_like(cell)} "
        f"OR ascii({rest}) IN ({_FORMULA_CODES}) OR {_spoilt_like(rest)} "
        f"THEN '''' || {cell} ELSE {cell} END WHEN {cell} = '{NA}' THEN '''{NA}' "
        f"ELSE {cell} END"
    )


def _spoilt_like(text: str) -> str:
    """`sheets._spoilt_like`, in SQL (the same expressions, each character bracketed)."""
    return (
        f"{text} = '{NA}' OR {text} ~ '^(?:{sheets.ERRORS_PATTERN})$' "
        f"OR {text} ~ '^(?:{sheets.SHORTENED_PATTERN})$' "
        f"OR {text} ~ '^(?:{sheets.WHOLE_AS_DECIMAL_PATTERN})$'"
    )


_FORMULA_CODES = ", ".join(str(ord(first)) for first in sorted(sheets.FORMULA_FIRST))
# The first characters of a cell that may need a look: an empty one's (0), a formula's, a
# spoilt one's (# and digits), an apostrophe and a space (one may come before the others).
_MAY_NEED = ", ".join(
    [
        "0",
        _FORMULA_CODES,
        *(str(ord(first)) for first in sorted(sheets.SPOILT_FIRST)),
        str(ord("'")),
        "32",
    ]
)


class _CrLf:
    """CSV lines from the database's (which end in LF) ending in CR LF, as the csv module
    writes them; a line break inside a quoted cell kept as it is. Follows the quotes across
    blocks: a LF ends a line where an even number of quotes came before it."""

    def __init__(self):
        self._quoted = False  # within a quoted cell at the end of the last block

    def converted(self, block: bytes) -> tuple[bytes, int]:
        if b'"' not in block and not self._quoted:
            return block.replace(b"\n", b"\r\n"), block.count(b"\n")
        pieces = block.split(b'"')
        rows = 0
        outside = not self._quoted
        for place, piece in enumerate(pieces):
            if outside and b"\n" in piece:
                rows += piece.count(b"\n")
                pieces[place] = piece.replace(b"\n", b"\r\n")
            outside = not outside
        self._quoted = outside  # after the last piece: flipped once more
        return b'"'.join(pieces), rows
