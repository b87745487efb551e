"""JSON text as `json.dumps(value)` writes it (Django's adapting of a JSONField's value for
SQLite, and psycopg's for PostgreSQL), by one C encoder made once.

`json.dumps` makes a new C encoder for each value, and the encoder marks every list and dict
it enters to refuse a value that holds itself: a bulk import writes one journal event a
client, each a dict of some twenty [old, new] lists, and that marking was a seventh of the
text's cost. The values written here are the services' (the journal's changes, custom
fields' values): plain dicts and lists made for the row, which hold no cycle."""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring_ascii

# json.dumps's defaults: no indent, ", " and ": ", keys in their order, NaN allowed.
_encode = (
    c_make_encoder(
        None, json.JSONEncoder().default, encode_basestring_ascii, None, ": ", ", ", False,
        False, True,
    )
    if c_make_encoder is not None
    else None
)  # fmt: skip


def dumps(value) -> str:
    """`json.dumps(value)`, the same text."""
    if _encode is None:  # a Python built without the C accelerator
        return json.dumps(value)
    return "".join(_encode(value, 0))


class Written:
    """JSON text written already (`created_changes_text`): a bulk insert stores it in a
    JSON column as it is, rather than writing the text of a value (core/bulk_insert.py)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text
