"""A client file's header: which of Mteja's columns each of its names names — whatever its
case, spaces, underscores or dashes ("First Name" is firstname), as Fineract's own template
names it (fineract_headers.py), or by its field's label in a language of the site ("Prénom":
columns.labelled_columns) — and the names a file may carry besides."""

from __future__ import annotations

import re
import unicodedata

from mteja.clients.bulk import fineract_headers
from mteja.core.hidden_characters import DIRECTION_MARKS

STATUS_COLUMN = "Status"  # the result file's own column, ignored when a result is re-imported
ACTIVE_COLUMN = "active"  # POST /clients's own (Fineract's template has it): yes or no


def folded(text) -> str:
    """Text as names in cells are compared (an office's, a code value's, a choice's): inner
    spaces folded, case, the apostrophe's kind (’ or ') and the invisible characters a
    header's name may carry (`header_key`: a zero-width space, a byte-order mark) aside,
    accents composed (`composed`)."""
    return composed(" ".join(str(text).translate(_FOLDED).split()).casefold())


def composed(text: str) -> str:
    """`text` in Unicode's composed form (NFC): "é" written as e and an accent apart (a
    file saved on a Mac, a name pasted from a PDF) is the "é" typed on a keyboard, which
    looks the same; compared otherwise, "Thiès" and "Prénom" named nothing, and the refusal
    quoted a name the user could not tell from the right one."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def header_key(name: str) -> str:
    """A column's name as compared: case, spaces, underscores, dashes, apostrophes, the stars,
    question marks and slashes of Fineract's template ("Office Name*"), and the invisible characters
    a name copied from a web page or a document carries (a zero-width space, a soft hyphen,
    a direction mark: "Unknown columns: first<U+200B>name." showed a name the user could not
    tell from Mteja's) aside."""
    return composed(_NOT_COMPARED.sub("", name).casefold())


_INVISIBLE = f"\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064{DIRECTION_MARKS}\ufeff"
# Apostrophes, straight or typographic (French labels write “d’activation”, a keyboard types
# "d'activation"): none is compared.
_APOSTROPHES = "'\u2018\u2019\u02bc"
_NOT_COMPARED = re.compile(f"[\\s_\\-*?/{_INVISIBLE}{_APOSTROPHES}]+")
# `folded`'s one pass over a cell: typographic apostrophes made straight, the characters
# `_INVISIBLE` names dropped (each is below U+10000).
_FOLDED = str.maketrans(
    {
        **dict.fromkeys(_APOSTROPHES[1:], "'"),
        **dict.fromkeys(re.findall(f"[{_INVISIBLE}]", "".join(map(chr, range(0x10000))))),
    }
)


def spellings(names: set[str]) -> dict[str, str]:
    """The names by their `header_key`, less those two names share (each then only as
    spelt)."""
    by_key: dict[str, str] = {}
    shared = set()
    for name in names:
        key = header_key(name)
        if key in by_key:
            shared.add(key)
        by_key[key] = name
    return {key: name for key, name in by_key.items() if key not in shared}


def column_named(written: str, every: set[str], spelled: dict, aliases: dict) -> str | None:
    """The column of Mteja's a header names — by its spelling, or by another name it goes by
    (`aliases`, by key: as Fineract's template names it, fineract_headers.columns_of; its
    field's label in a language of the site, columns.labelled_columns) — as written when it
    names none (an unknown column); None for one to leave out: blank, the result file's
    Status, a helper of Fineract's template."""
    if written in every:
        return written
    key = header_key(written)
    if not key or written == STATUS_COLUMN:
        return None
    if key in spelled:
        return spelled[key]
    if fineract_headers.left_out(key):
        return None
    return aliases.get(key) or written


SHOWN_NAME_CHARS = 80


def shown_names(names: list[str], *, quoted: str = "%(name)s") -> str:
    """The first ten of a header's (or a workbook's sheets') `names`, as a refusal lists
    them (each as `quoted` shows a name: between the language's quotation marks): each cut
    to SHOWN_NAME_CHARS (a forged header's name of a million characters, on the page twice)."""
    shown = (
        name if len(name) <= SHOWN_NAME_CHARS else name[: SHOWN_NAME_CHARS - 1] + "…"
        for name in names[:10]
    )
    return ", ".join(quoted % {"name": name} for name in shown)
