"""Inserting many rows of one model at once, for the bulk paths (the client import).

Django's `bulk_create` compiles each value of each row into the SQL text (on SQLite 999
parameters a statement: 19 clients), which costs more than the database's own work. Here a
model's insert is planned once — its columns, and for each the conversion the value needs
(dates, JSON; none for text, numbers and references) — and the rows go on SQLite in
statements of many rows each (`INSERT … VALUES (…), (…), …`, of a few sizes each compiled
once a connection and run again batch after batch), or on PostgreSQL one `COPY` (there
`executemany` ran one statement per row: 150 µs a client on the server, three times the
cost of writing the row and its 38 index entries). SQLite's `executemany` ran the statement
once a row too: each run's start and end (its statement journal, the locks) cost as much as
a row's index entries.

With `with_ids` the rows get their primary keys before they are inserted (`take_ids`):
PostgreSQL hands them out from the table's sequence (safe beside concurrent writers); on
SQLite, which writes one transaction at a time, they are the ids SQLite would give next.
Outside a transaction SQLite gives consecutive row ids to one statement's rows, the last one
known after it.

Inside a transaction a SQLite statement of many rows is `INSERT OR FAIL` (docs/decisions.md
237): a plain INSERT that a unique value refuses takes back the rows it wrote before that
one, for which SQLite copies every page the statement touches into a statement journal
first (the pages of the table and of each of its indexes, statement after statement).
With OR FAIL a refused statement keeps its rows before the refused one, and the caller's
transaction goes back whole, as it must anyway: Django rolls back an atomic block an error
leaves, and PostgreSQL refuses any statement after a failed one in its transaction. (The
clients' table keeps its journal: its search trigger writes a virtual table, which SQLite
always journals.)"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Sequence
from functools import cache
from itertools import chain
from operator import itemgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from mteja.core import bulk_values, field_reader


def insert(
    model: type[models.Model],
    rows: Sequence[models.Model],
    *,
    with_ids: bool = False,
    ignore_conflicts: bool = False,
) -> None:
    """Inserts `rows` (new instances of `model`); with `with_ids`, sets their `pk`; with
    `ignore_conflicts`, a row a unique constraint refuses is left out."""
    if not rows:
        return
    if with_ids and ignore_conflicts:
        raise ValueError("a row left out would take another row's id")
    ids_taken = with_ids and take_ids(model, rows)
    plan = _plan(model, include_pk=ids_taken, ignore_conflicts=ignore_conflicts)
    _write(plan, _stamped_values(plan, rows), rows if with_ids else (), ids_taken)
    inserted(rows)


def values_of(model: type[models.Model], rows: Sequence[models.Model], *, include_pk: bool):
    """The values `insert` gives the driver for `rows` (`include_pk`: their ids, taken
    already: `take_ids`), made apart from their insert (`insert_made`): an import lane
    makes its batch's before its turn to write. The rows' time stamps (`auto_now`) are set:
    one time for the batch, as the ORM's saves would."""
    if not rows:
        return []
    return _stamped_values(_plan(model, include_pk=include_pk, ignore_conflicts=False), rows)


def _stamped_values(plan: _Plan, rows: Sequence[models.Model]):
    conversions = bulk_values.conversions(plan.converted, copied=plan.copy_sql is not None)
    for index, field in plan.stamped:
        stamp = field.pre_save(rows[0], add=True)
        for row in rows:
            setattr(row, field.attname, stamp)
        conversions[index] = bulk_values.constant(conversions[index](stamp))
    return bulk_values.converted(plan.read.many(rows), conversions)


def made_values(model: type[models.Model], values: Sequence[Sequence]):
    """`insert_values`'s `values` converted as it gives them to the driver (`insert_made`)."""
    plan = _plan(model, include_pk=False, ignore_conflicts=False)
    if plan.stamped:
        raise ValueError(f"{model.__name__}'s rows are stamped: insert its instances")
    return _converted(plan, values)


def insert_made(
    model: type[models.Model],
    values: Sequence[Sequence],
    *,
    include_pk: bool,
    copy_text: bytes | None = None,
):
    """Inserts values made by `values_of` (`include_pk` as there) or `made_values` (no
    ids), in one transaction with the ids taken (on SQLite: the ids of `take_ids` hold only
    in the transaction that took them); `copy_text`: the text of all of them, made before
    (`copy_text_of`), sent whole."""
    if values:
        plan = _plan(model, include_pk=include_pk, ignore_conflicts=False)
        _write(plan, values, (), True, copy_text=copy_text)


def copy_text_of(
    model: type[models.Model], values: Sequence[Sequence], *, include_pk: bool
) -> bytes | None:
    """The text of `insert_made`'s COPY of `values` (made as there), formatted now by the
    driver's own COPY (psycopg's `Copy` given a writer of ours: nothing reaches the
    server), so that the insert only sends it: an import lane makes it before its turn to
    write, and the formatting, most of a COPY's Python, runs beside the other lane's turn.
    None where the insert is no COPY (SQLite)."""
    plan = _plan(model, include_pk=include_pk, ignore_conflicts=False)
    if plan.copy_sql is None or not values:
        return None
    from psycopg import Copy
    from psycopg.copy import FileWriter

    text = io.BytesIO()
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,  # (a fresh one: no result of another kind)
        Copy(cursor, binary=False, writer=FileWriter(text)) as copy,
    ):
        for row_values in values:
            copy.write_row(row_values)
    return text.getvalue()


def insert_values(
    model: type[models.Model], values: Sequence[Sequence], *, ignore_conflicts: bool = False
) -> None:
    """Inserts rows given as the values of the model's fields (its auto primary key aside)
    in their declared order (references by their key), for rows with no instance made and
    read again (the search words, the journal's events): each converted as `insert`
    converts an instance's (dates, JSON), the others as the driver takes them. A model
    whose rows are stamped with the time (`auto_now`) is refused: give its instances."""
    if not values:
        return
    plan = _plan(model, include_pk=False, ignore_conflicts=ignore_conflicts)
    if plan.stamped:
        raise ValueError(f"{model.__name__}'s rows are stamped: insert its instances")
    _write(plan, _converted(plan, values), (), False)


def _converted(plan: _Plan, values: Sequence[Sequence]):
    conversions = bulk_values.conversions(plan.converted, copied=plan.copy_sql is not None)
    return bulk_values.converted(values, conversions)


def _write(
    plan: _Plan,
    values: Sequence[Sequence],
    rows: Sequence,
    ids_taken: bool,
    *,
    copy_text: bytes | None = None,
) -> None:
    """Runs the plan's insert of `values`; `rows` (with_ids outside a transaction, on
    SQLite): given the ids SQLite gave them; `copy_text`: the COPY's text of `values`."""
    with connection.cursor() as cursor:
        if plan.copy_sql:
            # Its errors (a unique value refused) as Django's, as executemany's would be.
            with connection.wrap_database_errors, cursor.copy(plan.copy_sql) as copy:
                if copy_text is not None:
                    copy.write(copy_text)
                    return
                for row_values in values:
                    copy.write_row(row_values)
            return
        if connection.vendor != "sqlite":
            cursor.executemany(plan.sql, values)  # (PostgreSQL ignoring conflicts)
            return
        database = connections[DEFAULT_DB_ALIAS]
        start, most = 0, plan.rows_per_statement(database)
        nulls = _null_columns(values)  # the batch's: one statement text a size
        in_transaction = database.in_atomic_block  # (`_Plan.sql_of`: OR FAIL)
        params, width = _bound(values, nulls, plan.width), plan.width - len(nulls)
        for count in _statement_sizes(len(values), most):
            sql = plan.sql_of(count, nulls, in_transaction=in_transaction)
            _execute(cursor, sql, params[start * width : (start + count) * width])
            if rows and not ids_taken:  # outside a transaction: the ids SQLite gave
                cursor.execute("SELECT last_insert_rowid()")
                last = cursor.fetchone()[0]
                for offset, row in enumerate(reversed(rows[start : start + count])):
                    row.pk = last - offset
            start += count


def _execute(cursor, sql: str, params: list) -> None:
    """Runs a statement marked as SQLite marks parameters (`?`). Django's SQLite cursor
    searches the whole text of each statement it runs for `%s` by a regular expression (a
    sixteenth of an import's writing, even with none to find): the statement goes to the
    driver's cursor itself, after Django's check of a broken transaction and inside its
    wrapping of database errors, as Django's cursor would run it. Through Django's cursor
    when it logs queries (DEBUG, a test counting them: marked as Django marks them, which
    it writes out by their `%s`) or runs wrappers around each statement."""
    database = cursor.db
    if database.queries_logged or database.execute_wrappers:
        cursor.execute(sql.replace("?", "%s") if database.queries_logged else sql, params)
        return
    database.validate_no_broken_transaction()
    with database.wrap_database_errors:
        sqlite3.Cursor.execute(cursor.cursor, sql, params)


def _statement_sizes(rows: int, most: int) -> list[int]:
    """How many rows each SQLite statement inserts: `most` while as many are left, then the
    rest in statements of a power of two rows each, the largest first (45: 32, 8, 4, 1).
    Each size's statement is compiled once a connection and run again for each batch:
    SQLite compiles a statement of many rows in about what running it costs, and the rest
    of a table's rows in a batch (of events, addresses, documents…) is a new size in
    nearly every batch, so a statement of the rest's own size was compiled for its one use.
    Fewer rows than `most` (a client's search words, an import batch's notifications) go in
    one statement: a write that small is no batch run again, and one statement is one step."""
    if rows < most:
        return [rows] if rows else []
    sizes = [most] * (rows // most)
    rest = rows % most
    power = 1 << rest.bit_length()
    while rest:
        power >>= 1
        if rest & power:
            sizes.append(power)
            rest -= power
    return sizes


def inserted(rows: Sequence[models.Model]) -> None:
    """The rows marked as saved, as the ORM's save marks them."""
    alias = connections[DEFAULT_DB_ALIAS].alias
    for row in rows:
        row._state.adding = False
        row._state.db = alias


def take_ids(model: type[models.Model], rows: Sequence[models.Model]) -> bool:
    """Gives the rows without one their primary key before they are inserted: PostgreSQL's
    from the table's sequence (safe beside other writers); SQLite's, inside a transaction,
    as the ids SQLite gives next — one past the largest it gave the table (its AUTOINCREMENT
    counter) or holds — which no other writer can take first: the transaction holds the
    database's one write lock from its BEGIN (`transaction_mode` IMMEDIATE, settings.py).
    False on SQLite outside a transaction: `insert` learns them after."""
    if connection.vendor != "postgresql" and not connection.in_atomic_block:
        return False
    # The key's own attribute (`pk`, a property, but for a child model's key, its parent's).
    key = "pk" if model._meta.parents else model._meta.pk.attname
    new = [row for row in rows if getattr(row, key) is None]
    if new:
        for row, pk in zip(new, _next_ids(model, len(new)), strict=True):
            setattr(row, key, pk)
    return True


class _Plan:
    def __init__(self, model, sql: str, fields: list[models.Field], copy_sql: str | None = None):
        self.sql = sql
        self.copy_sql = copy_sql
        self.width = len(fields)
        # (rows, NULL columns, in a transaction) → the statement inserting that many (SQLite).
        self._sql_of: dict[tuple[int, frozenset[int], bool], str] = {}
        # The rows' values (core/field_reader.py); then those that need converting (by place).
        self.read = field_reader.reader(model, tuple(field.attname for field in fields))
        self.converted = [
            (index, field)
            for index, field in enumerate(fields)
            if not isinstance(field, bulk_values.AS_IS)
        ]
        # The auto_now(_add) fields: one value for the batch, set on each row.
        self.stamped = [
            (index, field)
            for index, field in enumerate(fields)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ]

    def rows_per_statement(self, database) -> int:
        """How many rows one SQLite statement inserts: as many as its parameters' limit
        allows (32,766 from SQLite 3.32; Django assumes the older 999), at most
        MOST_ROWS_A_STATEMENT."""
        limit = database.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(1, min(MOST_ROWS_A_STATEMENT, limit // self.width))

    def sql_of(self, count: int, nulls: frozenset[int], *, in_transaction: bool = False) -> str:
        """The statement inserting `count` rows (`_statement_sizes`), the columns `nulls`
        written NULL rather than bound (`_null_columns`): the same text each time, which
        SQLite's driver keeps compiled (a few texts a table: its sizes, and its columns
        left NULL by a whole batch, most often the same); `in_transaction`: `OR FAIL`."""
        key = (count, nulls, in_transaction)
        sql = self._sql_of.get(key)
        if sql is None:
            # Marked as SQLite marks parameters (`_execute`): Django's cursor rewrites each
            # `%s` of the text it is given, a regular expression over 80 kB, which cost as
            # much as SQLite's insert of the rows.
            head = self.sql.split(" VALUES ", 1)[0]
            if in_transaction and head.startswith(_PLAIN):  # (not one ignoring conflicts)
                head = _FAILING + head.removeprefix(_PLAIN)
            marks = ", ".join("NULL" if index in nulls else "?" for index in range(self.width))
            sql = f"{head} VALUES {', '.join([f'({marks})'] * count)}"
            if len(self._sql_of) < _TEXTS_KEPT:
                self._sql_of[key] = sql
        return sql


_PLAIN, _FAILING = "INSERT INTO ", "INSERT OR FAIL INTO "
_TEXTS_KEPT = 32  # statements kept a plan (SQLite's driver keeps 128 a connection compiled)


def _null_columns(chunk: Sequence[Sequence]) -> frozenset[int]:
    """The places of the columns NULL in every row of `chunk` (on SQLite): written NULL in
    the statement's text, not bound. Python's driver binds None through its registry of
    adapters (a look-up and a call: about 1,300 instructions, core/sqlite_params.py), and
    an imported client leaves some twenty columns NULL, most the same in every row (the
    dates of a closing, a withdrawal, a transfer…): a twentieth of the writing. Looked
    for among the first row's NULLs, each column's values counted in C."""
    rows = len(chunk)
    first = [index for index, value in enumerate(chunk[0]) if value is None]
    if rows == 1 or not first:
        return frozenset(first)
    columns = list(zip(*chunk, strict=True))
    return frozenset(index for index in first if columns[index].count(None) == rows)


def _bound(chunk: Sequence[Sequence], nulls: frozenset[int], width: int) -> list:
    """The parameters of `chunk`'s statements: its values row after row, those of the
    columns `nulls` left out (a statement's are a slice of them)."""
    if not nulls:
        return list(chain.from_iterable(chunk))  # (in C: a batch's values, one by one)
    kept = [index for index in range(width) if index not in nulls]
    if len(kept) <= 1:
        return [row[index] for row in chunk for index in kept]
    return list(chain.from_iterable(map(itemgetter(*kept), chunk)))


# Rows in one SQLite statement (a power of two: `_statement_sizes`), at most 500 (SQLite's
# compound SELECT limit, which Django keeps to for a multi-row VALUES too). 64: a batch of
# 500 clients in 10 statements, whose run each costs a little (its cursors on the table
# and its indexes opened), against compiling a statement of 500 rows on each connection
# (docs/benchmarks.md, eighteenth session).
MOST_ROWS_A_STATEMENT = 64


@cache
def _plan(model: type[models.Model], *, include_pk: bool, ignore_conflicts: bool) -> _Plan:
    fields = [
        field
        for field in model._meta.concrete_fields
        if include_pk or not (field.primary_key and isinstance(field, models.AutoField))
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    if ignore_conflicts:
        sql = (
            sql + " ON CONFLICT DO NOTHING"
            if connection.vendor == "postgresql"
            else sql.replace("INSERT", "INSERT OR IGNORE", 1)
        )
    copy_sql = None
    if connection.vendor == "postgresql" and not ignore_conflicts:  # COPY ignores nothing
        copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    return _Plan(model, sql, fields, copy_sql)


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"  # noqa: S608
            f" coalesce(max({quote(column)}), 0)) FROM {quote(table)}",
            [table],
        )
        last = cursor.fetchone()[0]
        return list(range(last + 1, last + 1 + count))
