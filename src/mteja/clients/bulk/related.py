"""Export columns read from rows beside the client's: its identity document and address
(bulk/parts.py), its row of each custom table (bulk/custom.py). Each chunk of clients the
export reads has them read by one query keyed by the chunk's client ids, rather than by a
subquery per client whose row the database would write as JSON for Python to parse again
(those cost a third of a CSV export)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, DateField, F, Func, QuerySet

from mteja.clients.bulk import columnar

CLIENT_KEY = "client_id"


@dataclass(frozen=True, eq=False)  # one per table, shared by its columns: told apart by identity
class RelatedRows:
    """The rows of another table a client's file row shows: of a client's rows among
    `rows()`, the first by id."""

    rows: Callable[[], QuerySet]

    def columns(self, client_ids: list[int], paths: list[str]) -> list[list]:
        """The values of `paths` (fields of the rows; dates as ISO 8601 text, as a text
        column shows them) of each client of `client_ids`, in their order: None for a
        client without such a row."""
        queryset = self.rows().filter(_Among(CLIENT_KEY, client_ids))
        fields = queryset.model._meta
        dates = [
            place
            for place, path in enumerate(paths, start=1)
            if isinstance(fields.get_field(path), DateField)
        ]
        keys, *values = columnar.all_columns(
            queryset.order_by(CLIENT_KEY, "pk"), [CLIENT_KEY, *paths], dates
        )
        # Read backwards, a client's first row is the one kept.
        first = dict(zip(reversed(keys), reversed(list(zip(*values, strict=True))), strict=True))
        missing = itertools.repeat((None,) * len(paths))
        return [list(column) for column in zip(*map(first.get, client_ids, missing), strict=True)]


class _Among(Func):
    """`field IN (…)` of whole numbers read from the database, passed as they are: `__in`
    prepares each value in Python (half the cost of a chunk's related rows). PostgreSQL's
    `= ANY(array)` takes them as one parameter."""

    output_field = BooleanField()

    def __init__(self, field: str, values: list[int]):
        super().__init__(F(field))
        self.values = values

    def as_sql(self, compiler, connection, **extra):
        field, params = compiler.compile(self.source_expressions[0])
        marks = ", ".join(["%s"] * len(self.values))
        return f"{field} IN ({marks})", (*params, *self.values)

    def as_postgresql(self, compiler, connection, **extra):
        field, params = compiler.compile(self.source_expressions[0])
        return f"{field} = ANY(%s)", (*params, self.values)
