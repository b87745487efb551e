"""The clients' own columns as the subquery that the exports written by the database read
(PostgreSQL's COPY, bulk/copied.py; SQLite's lines, bulk/lined.py): each path of the client's
row once, by an alias (c0, c1, …, the id's last), in the chosen clients' SQL as Django
compiles it (scope, filters, search)."""

from __future__ import annotations

from django.db.models import F, QuerySet

from mteja.clients.bulk.columns import Column


def compiled(queryset: QuerySet) -> tuple[str, list]:
    """The queryset's SELECT and its parameters."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, list(params)


def own_row(columns: list[Column], clients: QuerySet) -> tuple[dict[str, str], str, str, list]:
    """The aliases of the client's own paths (by path), the id's alias, and the subquery's
    SELECT and parameters."""
    own = {}  # path → its alias in the client's row
    for column in columns:
        if not column.related:
            own.setdefault(column.path, f"c{len(own)}")
    key = own.setdefault("pk", f"c{len(own)}")
    inner = clients.order_by().values(**{alias: F(path) for path, alias in own.items()})
    return own, key, *compiled(inner)
