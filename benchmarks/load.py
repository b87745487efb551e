"""Bulk writing of row dicts: COPY on PostgreSQL, executemany on SQLite.

A Table knows a model's columns (its concrete fields), their defaults and the derived
columns; a Loader writes tuples of them. Secondary indexes can be dropped before the load
and recreated afterwards from the database's own DDL (pg_indexes / sqlite_master), so they
come back exactly as the migrations made them.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable

from django.db import connection
from django.db.models import NOT_PROVIDED

from benchmarks.rows import DERIVED


def sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


class Table:
    def __init__(self, model):
        self.model = model
        self.name = model._meta.db_table
        fields = model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.attnames = [f.attname for f in fields]
        self.defaults = dict(zip(self.attnames, (self._default(f) for f in fields), strict=True))
        self.derived: dict[str, Callable] = DERIVED.get(model, {})
        self.next_id = 1

    @staticmethod
    def _default(field):
        if field.default is not NOT_PROVIDED and not callable(field.default):
            return field.default
        return None  # NULL, or a value every row supplies (id, timestamps, …)

    def values(self, row: dict) -> tuple:
        """The row's values in column order: defaults, then the row, then derived columns."""
        full = {**self.defaults, "id": self.next_id, **row}
        self.next_id = max(self.next_id, full["id"]) + 1
        for name, derive in self.derived.items():
            full[name] = derive(full)
        return tuple(full.values())


class Loader:
    """Writes tuples to one database through Django's (autocommitting) connection; `vendor`
    is "postgresql" or "sqlite"."""

    def __init__(self):
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.raw = connection.connection

    def prepare(self) -> None:
        if self.vendor == "sqlite":
            for pragma in ("synchronous=OFF", "cache_size=-500000", "temp_store=MEMORY"):
                self.raw.execute(f"PRAGMA {pragma}")

    def write(self, table: Table, rows: Iterable[tuple]) -> None:
        columns = ", ".join(f'"{c}"' for c in table.columns)
        if self.vendor == "postgresql":
            with (
                self.raw.cursor() as cursor,
                cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(table.columns))
            self.raw.execute("BEGIN")  # Django's connection autocommits: one transaction
            self.raw.executemany(
                f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})',
                ([sqlite_value(v) for v in row] for row in rows),
            )
            self.raw.execute("COMMIT")

    def secondary_indexes(self, table: Table) -> list[tuple[str, str]]:
        """(name, DDL) of the table's indexes that back no constraint (primary key, unique
        constraint): those can be dropped and recreated exactly."""
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND "
                    "indexname NOT IN (SELECT conname FROM pg_constraint)",
                    [table.name],
                )
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                    "tbl_name = %s AND sql IS NOT NULL",
                    [table.name],
                )
            return list(cursor.fetchall())

    def drop_indexes(self, indexes: list[tuple[str, str]]) -> None:
        with connection.cursor() as cursor:
            for name, _ddl in indexes:
                cursor.execute(f'DROP INDEX "{name}"')

    def create_indexes(self, indexes: list[tuple[str, str]]) -> None:
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, ddl in indexes:
                cursor.execute(ddl)

    def finish(self, tables: list[Table]) -> None:
        """Sequences past the loaded ids, planner statistics, a checkpointed WAL."""
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                for table in tables:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'COALESCE(MAX(id), 1)) FROM "{table.name}"'
                    )
                cursor.execute("VACUUM ANALYZE")  # Django's connection autocommits
            else:
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
