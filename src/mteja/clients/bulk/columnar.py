"""Reading a queryset's values a chunk at a time, column by column: what `values_list(…)
.iterator()` reads, without its cost per row. Django converts each row in Python, calling
every column's converters on every value; here a chunk is turned into columns once (in C)
and a column's converters run only on the values that are not NULL."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Iterator
from contextlib import nullcontext

from django.db import connections, transaction
from django.db.models import CharField, QuerySet
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


def all_columns(
    queryset: QuerySet, paths: list[str], text_dates: Collection[int] = ()
) -> list[list]:
    """`column_chunks`' values of every row of `queryset` at once (a few thousand at most),
    read in the transaction of the caller."""
    reading = _Reading(queryset, paths, text_dates)
    rows = list(itertools.chain.from_iterable(reading.execute(chunked=False, size=READ_AT_ONCE)))
    return reading.columns(rows) if rows else [[] for _path in paths]


READ_AT_ONCE = 10_000  # rows per fetch of `all_columns`


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
        compiler = self._compiler
        results = compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=size)
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        self._converters = compiler.get_converters(fields)
        return results or ()

    def columns(self, rows: list[tuple]) -> list[list]:
        columns = [list(column) for column in zip(*rows, strict=True)]
        for index, (functions, expression) in self._converters.items():
            columns[index] = _converted(columns[index], functions, expression, self.connection)
        if not self._stored_text:
            for index in self._text_dates:
                columns[index] = list(map(self._iso_dates.__getitem__, columns[index]))
        return columns


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
