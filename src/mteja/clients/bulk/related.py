"""Export columns read from rows beside the client's: its identity document and address
(bulk/parts.py), its row of each custom table (bulk/custom.py). Each chunk of clients the
export reads has them read by one query keyed by the chunk's client ids, rather than by a
subquery per client whose row the database would write as JSON for Python to parse again
(those cost a third of a CSV export)."""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import connections
from django.db.models import DateField, QuerySet

from mteja.clients.bulk import columnar
from mteja.core.among import Among

CLIENT_KEY = "client_id"
_client_key = operator.itemgetter(0)  # a row's first value: its CLIENT_KEY


@dataclass(frozen=True, eq=False)  # one per table, shared by its columns: told apart by identity
class RelatedRows:
    """The rows of another table a client's file row shows: of a client's rows among
    `rows()`, the first by id."""

    rows: Callable[[], QuerySet]

    def reader(self, paths: list[str]) -> Callable[[Sequence[int]], list[list]]:
        """Reads the values of `paths` (fields of the rows; dates as ISO 8601 text, as a
        text column shows them) of each client of a chunk's ids, in their order: None for a
        client without such a row. Its query is made once, for every chunk."""
        among = Among(CLIENT_KEY)
        # A client's rows, its first (by id) last: the one a dict of them keeps.
        queryset = self.rows().filter(among).order_by(CLIENT_KEY, "-pk")
        fields = queryset.model._meta
        vendor = connections[queryset.db].vendor
        dates = [
            place
            for place, path in enumerate(paths, start=1)
            if isinstance(fields.get_field(path), DateField)
        ]
        prepared = columnar.Prepared(queryset, [CLIENT_KEY, *paths], dates, among.placeholder)
        missing = itertools.repeat((None,) * (1 + len(paths)))

        def read(client_ids: Sequence[int]) -> list[list]:
            def each_clients_first(rows: list[tuple]) -> Iterable[tuple]:
                first = dict(zip(map(_client_key, rows), rows, strict=True))
                return map(first.get, client_ids, missing)

            return prepared.columns(numbers_param(vendor, client_ids), each_clients_first)[1:]

        return read


def numbers_param(vendor: str, numbers: Sequence[int]):
    """The parameter of `Among` holding `numbers` (a list: psycopg writes a tuple as a
    row, not an array)."""
    return json.dumps(numbers) if vendor == "sqlite" else list(numbers)
