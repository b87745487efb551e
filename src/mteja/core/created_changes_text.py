"""The JSON text of a new row's CREATE changes (`{"field": [null, value], …}`), written
straight from the row's values: the text `json_text.dumps(audit.diff({}, snapshot))`
writes, character for character, without the snapshot's dict, the diff's [old, new] lists
and the C encoder's walk through them.

The encoder (Python 3.11) adds each piece of text — a key, a bracket, `null`, a comma, a
value — to a list it joins at the end: some 3,500 instructions a field, and a bulk
import's CREATE events hold twenty fields a client. Here a field's head (`"name": [null, `)
is made once a name, and a text or a number, most values, is written by the encoder's own
string escaping (`encode_basestring_ascii`, as `json.dumps` escapes) or by `int`'s text;
any other value goes through `audit.plain` and the encoder, as the snapshot and the
event's text would."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from json.encoder import encode_basestring_ascii
from typing import Any

from mteja.core import json_text
from mteja.core.audit import plain
from mteja.core.iso_date_texts import iso

_heads: dict[str, str] = {}  # name → `"name": [null, `
_HEADS_KEPT = 4096  # names: the audited fields, the custom tables' columns


def created(pairs: Iterable[tuple[str, Any]], extra: dict[str, Any] | None = None) -> str:
    """`json_text.dumps({**{name: [None, plain(value)] for each value not None}, **extra})`
    for `pairs` (name, value) of distinct text names; `extra`: changes kept outside the row
    (its addresses), written as they are after the row's fields."""
    parts = []
    append = parts.append
    for name, value in pairs:
        if value is None:
            continue
        head = _heads.get(name)
        if head is None:
            head = _head(name)
        kind = type(value)
        if kind is str:
            append(head + encode_basestring_ascii(value) + "]")
        elif kind is int:
            append(f"{head}{value}]")
        elif kind is datetime.date:
            append(f'{head}"{iso(value)}"]')
        elif kind is bool:
            append(head + ("true]" if value else "false]"))
        else:
            value = plain(value)
            if value is not None:
                append(head + json_text.dumps(value) + "]")
    if extra:
        parts += [f"{_key(name)}: {json_text.dumps(change)}" for name, change in extra.items()]
    return "{" + ", ".join(parts) + "}"


def _head(name: str) -> str:
    if len(_heads) >= _HEADS_KEPT:
        _heads.clear()
    head = _heads[name] = f"{_key(name)}: [null, "
    return head


def _key(name: str) -> str:
    if type(name) is not str:  # json.dumps would write a number's or a bool's key otherwise
        raise TypeError(f"a change's name is a text, not {name!r}")
    return encode_basestring_ascii(name)
