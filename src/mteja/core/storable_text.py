"""Text a database can store: no NUL (PostgreSQL refuses one; SQLite keeps it, and readers
after it cut the text short there) and no lone surrogate (JSON's `\\ud800` escape gives one;
no UTF-8 holds it, so the database driver fails on it). DRF's text fields refuse both; an
input read by hand (an address's fields, a client's inline identifiers) refuses them with
the same validators' codes and messages, so that a refusal reads the same from either."""

from __future__ import annotations

import re

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework.validators import ProhibitSurrogateCharactersValidator

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NUL = ProhibitNullCharactersValidator
_SURROGATE = ProhibitSurrogateCharactersValidator


def refusal(text: str) -> tuple[str, str] | None:
    """The rule and the message refusing `text`, or None when a database stores it (one
    search in C: an import's every address reads through here)."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if "\x00" in text:
        return _NUL.code, str(_NUL.message)
    return _SURROGATE.code, str(_SURROGATE.message).format(code_point=ord(found[0]))
