"""A query's condition that a field is one of many values, the values as one parameter.

`field__in=values` prepares a lookup for each value in Python (the field's `get_prep_value`,
the value's place among the parameters) and writes a statement of as many marks, anew each
time: a bulk import's check asks four such questions a batch, of some five hundred values
each, and spent more on preparing them than the database on answering (decision 226). Here
SQLite reads the values as one JSON array (`json_each`), PostgreSQL as one array (`= ANY`),
as `bulk_lookup.held` and the export's related rows do: one parameter and one text, and
both plans seek the field's index once a value."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import BooleanField, F, Func

from mteja.core import json_text


class Among(Func):
    """`field` is one of `values` (text or whole numbers); with `values` None, of the
    values given later for its parameter, whose place among the query's parameters
    `placeholder` marks (the export's prepared queries: `numbers_param`)."""

    output_field = BooleanField()

    def __init__(self, field: str, values: Collection | None = None):
        super().__init__(F(field))
        self.placeholder = object()
        # A text holding a NUL is held by no row (every input refuses one, and PostgreSQL
        # cannot store it), and SQLite's JSON would read it cut short at the NUL: left out.
        self.values = None if values is None else [value for value in values if not _nul(value)]

    def as_sqlite(self, compiler, connection, **extra):
        field, params = compiler.compile(self.source_expressions[0])
        among = f"{field} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (the field's SQL)
        return among, (*params, self._param(json_text.dumps))

    def as_postgresql(self, compiler, connection, **extra):
        field, params = compiler.compile(self.source_expressions[0])
        return f"{field} = ANY(%s)", (*params, self._param(list))

    def _param(self, written):
        return self.placeholder if self.values is None else written(self.values)


def _nul(value) -> bool:
    return isinstance(value, str) and "\x00" in value
