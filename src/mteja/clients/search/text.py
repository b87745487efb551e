"""The search's reading of text: names folded to the key the index holds, queries cut into
the tokens matched against it.

`fold` is the one normalisation: Unicode compatibility decomposition without its accents,
case folded, the letters that do not decompose spelt out (ø → o, ł → l, æ → ae, …), and every
run of characters that is neither letter nor digit read as one space. "Núñez-Ávila" and
"NUNEZ avila" fold alike. A client's `search_name` is its folded display name between single
spaces (" nunez avila "), so that a whole word is `" word "` and a word's start `" wo"`, both
plain substrings the trigram indexes serve.
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD leaves whole, spelt as readers type them without the keyboard for them.
_SPELT = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
     "ŋ": "n", "ħ": "h", "ŧ": "t", "ʼ": "", "’": "", "'": ""}
)  # fmt: skip
# Of those, the ones ASCII holds (the apostrophe): replaced in ASCII text, which then needs no
# look-up character by character.
_SPELT_ASCII = tuple((chr(code), spelt) for code, spelt in _SPELT.items() if code < 128)
_NOT_ASCII_ALNUM = re.compile("[^a-z0-9]")  # in text lower-cased
_NOT_ALNUM = re.compile(r"[\W_]")  # what `str.isalnum` says no to, character by character
TRIGRAM = 3  # the shortest text the trigram indexes can look up


def fold(text: str | None) -> str:
    """`text` as the search compares it: lower case, no accents, words separated by one space,
    nothing else ("" for none)."""
    if not text:
        return ""
    if text.isascii():  # what the steps below leave of ASCII text, without going char by char
        text = text.lower()
        for character, spelt in _SPELT_ASCII:
            text = text.replace(character, spelt)
        return " ".join(_NOT_ASCII_ALNUM.sub(" ", text).split())
    bare = "".join(
        char
        for char in unicodedata.normalize("NFKD", text.casefold().translate(_SPELT))
        if not unicodedata.combining(char)
    )
    return " ".join(_NOT_ALNUM.sub(" ", bare).split())


def name_key(display_name: str | None) -> str:
    """What a client's `search_name` holds: its folded name between spaces ("" for none)."""
    folded = fold(display_name)
    return f" {folded} " if folded else ""


def tokens(query: str) -> list[str]:
    """The distinct words of a query, folded, longest first (the most selective leads)."""
    return sorted(set(fold(query).split()), key=lambda word: (-len(word), word))
