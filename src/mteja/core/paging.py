"""Lists that stay fast at a million rows: bounded counts and keyset (seek) pages.

A `Listing` is the rows of a list as disjoint parts, each an index range
(`RestrictedQuerySet.scope_parts`: a branch user's clients office by office, then those
awaiting transfer in). One part's first page is one query; several parts (or an offset) are
paged by one statement that takes each part's first rows in order and merges them
(`UNION ALL`, then the page), and the page's rows are then read by id. Counting stops at a
bound: `count(limit)` reads at most `limit + 1` index entries. A search's listing keeps each
part's newest matches only (`newest`), so that ranking them costs the same for a common name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.where import WhereNode


@dataclass(frozen=True)
class Order:
    """ORDER BY `column` (an ORM path), then id, both ascending or both descending."""

    column: str = "id"
    descending: bool = False

    def fields(self) -> list[str]:
        sign = "-" if self.descending else ""
        columns = [self.column] if self.column == "id" else [self.column, "id"]
        return [f"{sign}{column}" for column in columns]

    def after(self, value, pk: int, nulls_largest: bool) -> Q:
        """Rows that come after the row (`value`, `pk`) in this order: the seek condition.
        NULLs sort as the database sorts them (largest on PostgreSQL, smallest on SQLite)."""
        later = "lt" if self.descending else "gt"
        next_by_id = Q(**{f"pk__{later}": pk})
        if self.column == "id":
            return next_by_id
        # Do NULLs come after every value in this direction?
        nulls_after = nulls_largest != self.descending
        if value is None:
            rows = Q(**{f"{self.column}__isnull": True}) & next_by_id
            return rows | Q(**{f"{self.column}__isnull": False}) if not nulls_after else rows
        rows = Q(**{f"{self.column}__{later}": value}) | (Q(**{self.column: value}) & next_by_id)
        return rows | Q(**{f"{self.column}__isnull": True}) if nulls_after else rows


def keep_newest(rows: QuerySet, count: int) -> QuerySet:
    """The newest `count` of `rows` (by id): `rows`' filters are applied once, in the
    subquery that picks the ids; the outer query only reads those rows (with `rows`'
    annotations and related rows), so no planner evaluates the filters twice."""
    newest = rows.order_by("-pk").values("pk")[:count]
    kept = rows.all()
    kept.query.where = WhereNode()  # the filters live in `newest`
    return kept.filter(pk__in=newest)


class Listing:
    """`base` (the filtered rows, unscoped; it reads a page's rows by id) as the disjoint
    `parts` the user may see."""

    def __init__(
        self,
        base: QuerySet,
        parts: list[QuerySet],
        anchors: QuerySet | None = None,
        newest: int | None = None,
        ranked_by: str | None = None,
    ):
        self.base = base
        self.scope_parts = parts
        self.newest = newest
        self.anchors = base if anchors is None else anchors  # where a seek's row is looked up
        # Kept rows are few: with `ranked_by` (a column or annotation), their (id, rank) are
        # read once, by one query, and the count and every page in that order (or by id)
        # come from them.
        self.ranked_by = ranked_by if newest is not None else None
        self._ranked: list[tuple] | None = None

    @cached_property
    def parts(self) -> list[QuerySet]:
        """The parts as lists page them. With `newest`, each part keeps only its newest rows
        (by id): a search ranks and counts no more matches than that, however many the text
        finds."""
        if self.newest is None:
            return self.scope_parts
        return [keep_newest(part, self.newest) for part in self.scope_parts]

    def anchor(self, order: Order, pk: int) -> tuple | None:
        """(value, pk) of the row a seek starts after; None if the user may not see it. By id,
        any id will do (the row may since have gone)."""
        if order.column == "id":
            return (pk, pk)
        values = list(self.anchors.filter(pk=pk).values_list(order.column, flat=True)[:1])
        return (values[0], pk) if values else None

    @classmethod
    def of(cls, queryset: QuerySet) -> Listing:
        return cls(queryset, [queryset])

    @property
    def _connection(self):
        return connections[self.base.db]

    def _ranked_rows(self) -> list[tuple]:
        """(id, rank) of the kept rows: the newest ids of each part (an index range each, no
        rank computed there), then the rank of those ids only, compiled once for them all."""
        if self._ranked is None:
            self._ranked = []
            newest, params = self._union(
                [p.order_by("-pk").values_list("pk")[: self.newest] for p in self.scope_parts]
            )
            if newest:
                kept = self._unfiltered().filter(pk__in=RawSQL(newest, params))  # noqa: S611
                self._ranked = list(kept.values_list("pk", self.ranked_by))
        return self._ranked

    def _unfiltered(self) -> QuerySet:
        """`base` without its filters (applied by the parts), its annotations kept."""
        every = self.base.order_by()
        every.query.where = WhereNode()
        return every

    def _ranked_page(self, order: Order, offset: int, limit: int, after) -> list:
        def key(row):
            return (row[0] if order.column == "id" else row[1], row[0])

        rows = sorted(self._ranked_rows(), key=key, reverse=order.descending)
        if after is not None:
            later = (lambda k: k < after) if order.descending else (lambda k: k > after)
            rows = [row for row in rows if later(key(row))]
        ranks = dict(rows[offset : offset + limit])
        if not ranks:
            return []
        # The ids come from the parts, filters applied; their ranks are known: an annotation
        # is given to the rows rather than computed again.
        every = self._unfiltered()
        computed = every.query.annotations.pop(self.ranked_by, None)  # the clone's own dict
        found = {row.pk: row for row in every.filter(pk__in=list(ranks))}
        if computed is not None:
            for pk, row in found.items():
                setattr(row, self.ranked_by, ranks[pk])
        return [found[pk] for pk in ranks if pk in found]

    def count(self, limit: int) -> int:
        """The number of rows, counting no further than `limit + 1`."""
        if self.ranked_by:
            return min(len(self._ranked_rows()), limit + 1)
        if not self.parts:
            return 0
        if len(self.parts) == 1:
            return self.parts[0].order_by()[: limit + 1].count()
        union, params = self._union(
            [p.order_by().values_list("pk")[: limit + 1] for p in self.parts]
        )
        with self._connection.cursor() as cursor:
            cursor.execute(
                # ORM-compiled parts, values bound as parameters, an integer bound:
                f"SELECT COUNT(*) FROM ({union} LIMIT {int(limit) + 1}) AS counted",  # noqa: S608
                params,
            )
            return cursor.fetchone()[0]

    def estimate(self) -> int | None:
        """The planner's row count of the whole table (PostgreSQL), when the listing is the
        whole table: no filter, no scope. None where there is no cheap estimate."""
        if (
            len(self.parts) != 1
            or self.parts[0].query.where
            or self._connection.vendor != "postgresql"
        ):
            return None
        with self._connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [self.base.model._meta.db_table],
            )
            row = cursor.fetchone()
        return row[0] if row and row[0] >= 0 else None

    def page(self, order: Order, offset: int, limit: int, after: tuple | None = None) -> list:
        """The rows at `offset` (after the row `after` = (value, pk) when given), in `order`."""
        if self.ranked_by and order.column in ("id", self.ranked_by):
            return self._ranked_page(order, offset, limit, after) if limit > 0 else []
        parts = self.parts
        if after is not None:
            nulls_largest = self._connection.features.nulls_order_largest
            condition = order.after(*after, nulls_largest=nulls_largest)
            parts = [part.filter(condition) for part in parts]
        if not parts or limit <= 0:
            return []
        if len(parts) == 1 and not offset:
            return list(parts[0].order_by(*order.fields())[:limit])
        # Past an offset too, the ids first (an index read), then only the page's rows.
        ids = self._merged_ids(parts, order, offset, limit)
        rows = {row.pk: row for row in self.base.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def _merged_ids(self, parts, order: Order, offset: int, limit: int) -> list[int]:
        columns = ["pk"] if order.column == "id" else ["pk", order.column]
        heads = [
            part.order_by(*order.fields()).values_list(*columns)[: offset + limit] for part in parts
        ]
        union, params = self._union(heads)
        if not union:
            return []
        direction = " DESC" if order.descending else ""
        ordinals = ", ".join(f"{n}{direction}" for n in range(len(columns), 0, -1))
        sql = f"{union} ORDER BY {ordinals} LIMIT {int(limit)} OFFSET {int(offset)}"
        with self._connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _union(querysets) -> tuple[str, list]:
        """`SELECT * FROM (q0) AS p0 UNION ALL …` of compiled querysets: each keeps its own
        ORDER BY and LIMIT (which a compound SELECT's members may not carry themselves)."""
        pieces, params = [], []
        for number, queryset in enumerate(querysets):
            try:
                sql, part_params = queryset.query.sql_with_params()
            except EmptyResultSet:
                continue  # a part that can match nothing (`.none()`) adds no rows
            pieces.append(f"SELECT * FROM ({sql}) AS part{number}")  # noqa: S608 (ORM-compiled)
            params.extend(part_params)
        return " UNION ALL ".join(pieces), params
