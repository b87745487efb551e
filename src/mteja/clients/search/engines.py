"""The two databases' indexes behind the one search (clients/search/matching.py).

Both index the folded name (`Client.search_name`, " nunez maria ") by its trigrams, so any
piece of three characters or more is an index lookup, never a scan:

- PostgreSQL: a `pg_trgm` GIN index on the column; a piece is `search_name LIKE '%piece%'`.
- SQLite: an FTS5 table with the trigram tokenizer over the same column (external content: it
  stores only the index), kept in step with the clients table by triggers, whatever writes it
  (services, bulk loads, raw SQL); a piece is a quoted phrase of a MATCH expression.

Numbers are found exactly or by their start through B-tree indexes (`numbered_rows`): PostgreSQL's
`varchar_pattern_ops` indexes serve `LIKE 'start%'` (Django makes the identity documents' own,
as for every indexed CharField); SQLite's plain indexes serve the range
[start, start + U+10FFFF), which in its byte order holds exactly the texts that begin so.

`install` creates what is missing (the migration, after every `migrate`, `mteja reindex`);
`rebuild` refills SQLite's index from the column (`mteja reindex`, after a bulk load with the
triggers off).

FTS5 indexes one row per statement through the insert trigger at about a fifth of a
millisecond; the same rows indexed by one `INSERT … SELECT` cost a hundredth of that. So a
batch written in one transaction may hold SQLite's insert trigger back (`index_rows_after`):
the trigger fires only while `clients_search_deferred` is empty, and the batch fills it, writes
its clients, indexes them in one statement and empties it, all in its own transaction — which
no other writer can see or interleave with (SQLite writes one transaction at a time), and
which a crash rolls back whole.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

# PostgreSQL: the index of each numbered column read by its start (the mobile number's key
# is read so by the model's own `clients_mobile_key`, decision 305; the account number and
# the external id keep their plain unique indexes beside these, for GET /clients' orderBy).
PREFIX_INDEXES = {
    "account_no": "clients_account_no_prefix",
    "external_id": "clients_external_id_prefix",
}
_HIGHEST = "\U0010ffff"
DEFERRED = "clients_search_deferred"  # SQLite: not empty while a batch indexes its own rows
ANALYZE_FROM = 10_000  # clients from which a rebuild refreshes PostgreSQL's statistics


def _postgres_ddl() -> list[str]:
    statements = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX IF NOT EXISTS clients_search_name_trgm ON clients_client "
        "USING gin (search_name gin_trgm_ops)",
    ]
    statements += [
        f"CREATE INDEX IF NOT EXISTS {index} ON clients_client ({column} varchar_pattern_ops)"
        for column, index in PREFIX_INDEXES.items()
    ]
    return statements


def _sqlite_ddl() -> list[str]:
    into = "INSERT INTO clients_client_search(rowid, search_name) VALUES (new.id, new.search_name)"
    out = (
        "INSERT INTO clients_client_search(clients_client_search, rowid, search_name) "
        "VALUES ('delete', old.id, old.search_name)"
    )
    unless_deferred = f"NOT EXISTS (SELECT 1 FROM {DEFERRED})"  # noqa: S608 (constants)
    return [
        "CREATE VIRTUAL TABLE IF NOT EXISTS clients_client_search USING fts5(search_name, "
        "content='clients_client', content_rowid='id', tokenize='trigram')",
        f"CREATE TABLE IF NOT EXISTS {DEFERRED} (batch INTEGER)",
        "CREATE TRIGGER IF NOT EXISTS clients_search_insert AFTER INSERT ON clients_client "
        f"WHEN {unless_deferred} BEGIN {into}; END",
        "CREATE TRIGGER IF NOT EXISTS clients_search_delete AFTER DELETE ON clients_client "
        f"BEGIN {out}; END",
        "CREATE TRIGGER IF NOT EXISTS clients_search_update AFTER UPDATE OF search_name "
        f"ON clients_client BEGIN {out}; {into}; END",
    ]


def install(db=connection) -> None:
    """Creates the engine's indexes that are missing."""
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # Only what is missing: CREATE INDEX, even IF NOT EXISTS, refuses to run in a
            # transaction that has deferred constraint checks pending.
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'clients_client'")
            present = {name for (name,) in cursor.fetchall()}
            statements = [
                statement
                for statement in _postgres_ddl()
                if " INDEX " not in statement or statement.split()[5] not in present
            ]
        else:
            statements = _sqlite_ddl()
        for statement in statements:
            cursor.execute(statement)


def drop_sqlite_triggers(db=connection) -> None:
    """Bulk loads into SQLite may drop the triggers, then `install` and `rebuild` after."""
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        for event in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER IF EXISTS clients_search_{event}")


@contextmanager
def index_rows_after(db=connection):
    """Around a batch of inserts in one transaction: on SQLite, the new clients are indexed
    together after them rather than one by one by the trigger. Yields a function to call
    with the batch's first and last id once they are written."""
    if db.vendor != "sqlite":
        yield lambda first, last: None
        return
    if not db.in_atomic_block:
        raise RuntimeError("index_rows_after needs the batch's transaction")

    def index(first: int, last: int) -> None:
        with db.cursor() as cursor:
            cursor.execute(
                "INSERT INTO clients_client_search(rowid, search_name) SELECT id, search_name "
                "FROM clients_client WHERE id BETWEEN %s AND %s",
                [first, last],
            )

    with db.cursor() as cursor:
        cursor.execute(f"INSERT INTO {DEFERRED} (batch) VALUES (1)")  # noqa: S608 (a constant)
    try:
        yield index
    finally:
        with db.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DEFERRED}")  # noqa: S608 (a constant)


def rebuild(db=connection) -> None:
    """Refills the name index from the clients' `search_name` column. PostgreSQL's index
    follows the column by itself (it is only created if missing); its planner gets fresh
    statistics of the names, from which it chooses between the index and a walk in id order
    (a common name's newest matches are quicker found by the walk)."""
    install(db)
    with db.cursor() as cursor:
        if db.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO clients_client_search(clients_client_search) VALUES ('rebuild')"
            )
        else:
            # At scale only: a small table is planned well without (and its statistics, which
            # no rollback undoes, would then be some moment's, not the table's).
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM clients_client LIMIT %s) AS sample",
                [ANALYZE_FROM],
            )
            if cursor.fetchone()[0] >= ANALYZE_FROM:
                cursor.execute("ANALYZE clients_client")


def holds_matches(db: str) -> bool:
    """Whether the database reads a name search's matches whole before the rows they pick:
    SQLite keeps the ids its FTS5 lookup finds as a list in memory (with `temp_store=MEMORY`,
    a million for a name most clients bear), then sorts a branch's rows found by them.
    PostgreSQL's bitmap of the index and its sort stay within `work_mem` (then on disk)."""
    return connections[db].vendor == "sqlite"


def pieces_match(groups: list[list[str]], ids: range | None = None) -> Q:
    """Clients whose search name holds, for every group, one of its pieces (each piece at
    least three characters: a trigram lookup). `ids`: a window of client ids that SQLite's
    lookup keeps to (FTS5 seeks its rowid range), so that it holds no more of them."""
    if connection.vendor == "postgresql":
        found = Q()
        for group in groups:
            either = Q()
            for piece in group:
                either |= Q(search_name__contains=piece)
            found &= either
        return found
    phrase = " AND ".join(
        "(" + " OR ".join(f'"{piece}"' for piece in group) + ")" for group in groups
    )
    fts = "SELECT rowid FROM clients_client_search WHERE clients_client_search MATCH %s"
    if ids is None:
        return Q(pk__in=RawSQL(fts, [phrase]))  # noqa: S611 (fixed SQL, the phrase bound)
    bounded = f"{fts} AND rowid >= %s AND rowid < %s"
    return Q(pk__in=RawSQL(bounded, [phrase, ids.start, ids.stop]))  # noqa: S611 (values bound)


def found_or_ids(model, found: Q, ids: list[int]) -> Q:
    """Rows of `model` that `found` finds (the name), or whose id is in `ids` (found by a
    number). PostgreSQL serves the OR with both indexes at once (a BitmapOr). SQLite, given
    an OR, reads a branch user's part by walking the office's whole index (53,000 entries at a
    million clients: 4 ms) instead of looking up each match in it: it is given the name's
    matches and the ids as one list instead."""
    if connection.vendor == "postgresql":
        return found | Q(pk__in=ids)
    sql, params = model._base_manager.filter(found).order_by().values("pk").query.sql_with_params()
    # One VALUES of many rows (SQLite limits a compound SELECT to 500 terms, not its rows).
    numbered = ", ".join(["(%s)"] * len(ids))
    return Q(pk__in=RawSQL(f"{sql} UNION ALL VALUES {numbered}", [*params, *ids]))  # noqa: S611 (ORM-compiled, values bound)


@dataclass(frozen=True)
class Numbers:
    """A look-up by number: `select` (field names) of the rows of `model` where a column of
    `wanted` equals one of its texts (`whole`), or begins with one (exact case)."""

    model: type
    select: tuple[str, ...]
    wanted: dict[str, set[str]]
    whole: bool


def numbered_rows(lookups: list[Numbers], *, limit: int) -> list[list[tuple]]:
    """For each look-up, its rows (at most `limit`, in no order), all read by one statement:
    the look-ups' `UNION ALL`, each padded with NULLs to the widest and tagged by its place
    (a round trip fewer per look-up on PostgreSQL). Plain SQL, the statement the ORM compiles
    for these lookups (`in`; `startswith` on PostgreSQL, a range on SQLite), each condition
    served by its column's B-tree index: a search runs it on every request, and compiling
    it cost several times what running it does."""
    width = max(len(lookup.select) for lookup in lookups)
    pieces, params = [], []
    for place, lookup in enumerate(lookups):
        piece = _numbered_select(lookup, place, width, limit)
        if piece is not None:
            pieces.append(piece[0])
            params += piece[1]
    found: list[list[tuple]] = [[] for _lookup in lookups]
    if not pieces:
        return found
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(pieces), params)
        for place, *row in cursor.fetchall():
            found[place].append(tuple(row[: len(lookups[place].select)]))
    return found


def _numbered_select(lookup: Numbers, place: int, width: int, limit: int) -> tuple | None:
    model = lookup.model
    table = connection.ops.quote_name(model._meta.db_table)

    def column(name: str) -> str:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        return f"{table}.{connection.ops.quote_name(field.column)}"

    conditions, params = [], []
    for name, values in lookup.wanted.items():
        if not values:
            continue
        if lookup.whole:
            conditions.append(f"{column(name)} IN ({', '.join(['%s'] * len(values))})")
            params += sorted(values)
            continue
        for start in sorted(values):
            if connection.vendor == "postgresql":
                conditions.append(f"{column(name)}::text LIKE %s")
                params.append(f"{connection.ops.prep_for_like_query(start)}%")
            else:
                conditions.append(f"({column(name)} >= %s AND {column(name)} < %s)")
                params += [start, start + _HIGHEST]
    if not conditions:
        return None
    selected = [str(int(place)), *(column(name) for name in lookup.select)]
    selected += ["NULL"] * (width - len(lookup.select))
    named = ", ".join(f"{value} AS n{index}" for index, value in enumerate(selected))
    where = " OR ".join(conditions)
    # Quoted names of the model's own columns and integers; every value bound.
    sql = f"SELECT {named} FROM {table} WHERE {where} LIMIT {int(limit)}"  # noqa: S608
    return f"SELECT * FROM ({sql}) AS numbered{int(place)}", params  # noqa: S608
