"""The values a bulk insert (core/bulk_insert.py) gives the driver: each converted as its
field converts it for the database, but the values of the types the services give (a date,
an aware date-time, JSON's dict or list) by the database's adapter alone, which is all the
field's conversion does to them; column by column, a column NULL in every row left as it is."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.operations import BaseDatabaseOperations

from mteja.core import json_text
from mteja.core.iso_date_texts import iso

# Fields whose Python value is what the driver takes (the services give them their type).
AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def converter(field: models.Field, database, *, copied: bool = False) -> Callable:
    """How a value of `field` (not None) is converted for the driver: by the field, but a
    value of the type the services give (a date, an aware date-time, JSON's dict or list)
    by the database's adapter alone, which is all the field's conversion does to such a
    value (its other steps cost more than the adapting: several values a row). JSON's dict
    or list of a field without an encoder of its own becomes the text its adapter would
    write (`json_text`), on SQLite and in PostgreSQL's COPY (whose text the server reads as
    it reads its adapter's); there a date or an aware date-time goes as the text psycopg's
    dumper writes, `str(value)`, made once a distinct value rather than once a row."""
    ops, kind = database.ops, type(field)

    def by_field(value):
        return field.get_db_prep_save(value, database)

    if kind is models.DateTimeField:
        adapt = str if copied else ops.adapt_datetimefield_value  # (COPY: psycopg's text)
        return lambda value: (
            adapt(value)
            if type(value) is datetime.datetime and value.utcoffset() is not None
            else by_field(value)
        )
    if kind is models.DateField:
        plain = type(ops).adapt_datefield_value is BaseDatabaseOperations.adapt_datefield_value
        adapt = iso if copied or plain else ops.adapt_datefield_value  # `str(value)`, made once
        return lambda value: adapt(value) if type(value) is datetime.date else by_field(value)
    if kind is not models.JSONField:
        return by_field
    if field.encoder is None and (copied or database.vendor == "sqlite"):

        def as_text(value):  # (a text written already, `json_text.Written`: as it is)
            kind = type(value)
            if kind in _JSON:
                return json_text.dumps(value)
            return value.text if kind is json_text.Written else by_field(value)

        return as_text
    adapt, encoder = ops.adapt_json_value, field.encoder

    def adapted(value):
        if type(value) is json_text.Written:  # (PostgreSQL ignoring conflicts: its value)
            value = json.loads(value.text)
        return adapt(value, encoder) if type(value) in _JSON else by_field(value)

    return adapted


_JSON = (dict, list)  # JSON values the field gives the adapter as they are


def conversions(converted: list[tuple[int, models.Field]], *, copied: bool) -> dict:
    """{place: the conversion of a value (not None) there} for the `converted` columns
    (place, field) of an insert (`copied`: PostgreSQL's COPY)."""
    database = connections[DEFAULT_DB_ALIAS]
    return {index: converter(field, database, copied=copied) for index, field in converted}


def converted(values: Sequence[Sequence], conversions: dict) -> Sequence[Sequence]:
    """The rows' values with those at the places of `conversions` (not None) converted,
    column by column: a column NULL in every row left as it is (a client's closing date…),
    a value the same object as the one above (a batch's one time) taking its conversion."""
    if not conversions or not values:
        return values
    columns = list(zip(*values, strict=True))
    rows = len(values)
    for index, convert in conversions.items():
        column = columns[index]
        if column.count(None) < rows:
            columns[index] = _column_converted(column, convert)
    return list(zip(*columns, strict=True))


def _column_converted(column: Sequence, convert: Callable) -> list:
    converted, above, above_converted = [], None, None
    append = converted.append
    for value in column:
        if value is None:
            append(None)
        elif value is above:
            append(above_converted)
        else:
            above, above_converted = value, convert(value)
            append(above_converted)
    return converted


def constant(value) -> Callable:
    return lambda _value: value
