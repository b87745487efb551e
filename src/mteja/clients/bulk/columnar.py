"""Reading a queryset's values a chunk at a time, column by column: what `values_list(…)
.iterator()` reads, without its cost per row. Django converts each row in Python, calling
every column's converters on every value; here a chunk is turned into columns once (in C)
and a column's converters run only on the values that are not NULL."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import nullcontext
from decimal import Decimal

from django.db import connections, transaction
from django.db.models import CharField, JSONField, QuerySet
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI


def column_chunks(
    queryset: QuerySet, paths: list[str], size: int, text_dates: Collection[int] = ()
) -> Iterator[list[list]]:
    """The values of `paths` (model fields, no expressions) of the rows of `queryset`, `size`
    rows at a time, as one list per path, converted as `values_list` converts them (the
    converters of these fields keep NULL as None); on a server-side cursor where the database
    has one, so memory holds one chunk. The date columns at `text_dates` come as ISO 8601
    text (SQLite's as it stores them: parsing them to write them again costs an eighth of
    a CSV export)."""
    reading = _Reading(queryset, paths, text_dates)
    connection = reading.connection
    chunked = not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    # On PostgreSQL in a transaction of its own: it streams a cursor declared in one, but
    # copies the whole result of one declared outside (WITH HOLD) before the first row — a
    # second at a million clients. Closing the generator (the reader went away) rolls it
    # back. Not on SQLite: its transactions begin IMMEDIATE (settings.py), taking the write
    # lock that every other writer then waits for while a download streams; outside one,
    # the SELECT reads one snapshot (WAL) and blocks no writer.
    own_transaction = connection.vendor == "postgresql"
    with transaction.atomic(using=queryset.db) if own_transaction else nullcontext():
        for rows in reading.execute(chunked=chunked, size=size):
            yield reading.columns(rows)


class Prepared:
    """`column_chunks`' values of a query compiled once and run again with one parameter
    changed (a chunk's client ids): every row at once (a few thousand at most), in the
    caller's transaction. `placeholder` is the parameter's value in `queryset`."""

    def __init__(
        self, queryset: QuerySet, paths: list[str], text_dates: Collection[int], placeholder
    ):
        self._reading = _Reading(queryset, paths, text_dates)
        self._sql, params = self._reading.compiled()
        self._params = list(params)
        self._place = next(i for i, param in enumerate(params) if param is placeholder)
        self._width = len(paths)

    def columns(
        self, value, arranged: Callable[[list[tuple]], Iterable[tuple]] = iter
    ) -> list[list]:
        """The columns of the rows read with `value`, as `arranged` gives them (the rows
        read, or others made of them: converted once, in the order they are wanted)."""
        params = self._params.copy()
        params[self._place] = value
        with self._reading.connection.cursor() as cursor:
            cursor.execute(self._sql, params)
            rows = list(arranged(cursor.fetchall()))
        return self._reading.columns(rows) if rows else [[] for _path in range(self._width)]


class _Reading:
    """A query of `paths` and what turns its rows into converted columns."""

    def __init__(self, queryset: QuerySet, paths: list[str], text_dates: Collection[int]):
        self.connection = connections[queryset.db]
        self._stored_text = self.connection.vendor == "sqlite"
        self._text_dates = text_dates
        selected = [
            Cast(path, CharField()) if self._stored_text and index in text_dates else path
            for index, path in enumerate(paths)
        ]
        values = queryset.values_list(*selected)
        self._compiler = values.query.get_compiler(using=values.db)
        self._iso_dates = _IsoDates()

    def execute(self, *, chunked: bool, size: int) -> Iterable[list[tuple]]:
        results = self._compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=size)
        self._converters = self._selected_converters()
        return results or ()

    def compiled(self) -> tuple[str, tuple]:
        """The query's SQL and parameters, to be run by the caller."""
        compiled = self._compiler.as_sql()
        self._converters = self._selected_converters()
        return compiled

    def _selected_converters(self) -> dict:
        compiler = self._compiler
        converters = compiler.get_converters(
            [chosen[0] for chosen in compiler.select[: compiler.col_count]]
        )
        for index, (functions, expression) in converters.items():
            field = expression.output_field
            if isinstance(field, JSONField):
                exact = [_exact_json if f == field.from_db_value else f for f in functions]
                converters[index] = (exact, expression)
        return converters

    def columns(self, rows: list[tuple]) -> list[list]:
        columns = list(zip(*rows, strict=True))  # tuples: replaced, never changed
        for index, (functions, expression) in self._converters.items():
            columns[index] = _converted(columns[index], functions, expression, self.connection)
        if not self._stored_text:
            for index in self._text_dates:
                columns[index] = list(map(self._iso_dates.__getitem__, columns[index]))
        return columns


def exact_json(text: str):
    """A JSON text's value, its numbers that are no whole numbers as decimals: the digits
    stored (`1.50`, `1E-7`), which PostgreSQL's COPY and SQLite show too, where a float
    would be Python's shortest spelling of a nearby binary number (decision 209)."""
    return json.loads(text, parse_float=Decimal)


def _exact_json(value, expression, connection):
    """`JSONField.from_db_value`'s reading by `exact_json` (a text that is no JSON kept)."""
    if not isinstance(value, str):
        return value
    try:
        return exact_json(value)
    except json.JSONDecodeError:
        return value


def _converted(column: list, functions: list, expression, connection) -> list:
    for function in functions:
        column = [
            value if value is None else function(value, expression, connection) for value in column
        ]
    return column


class _IsoDates(dict):
    """Dates as ISO 8601 text, each made once (a column's dates repeat)."""

    def __init__(self):
        super().__init__({None: None})

    def __missing__(self, day) -> str:
        text = day.isoformat()
        if len(self) < MOST_REMEMBERED:
            self[day] = text
        return text


MOST_REMEMBERED = 100_000  # distinct values kept: memory stays bounded
