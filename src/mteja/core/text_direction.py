"""The characters that embed, override or isolate a direction of text (Unicode's bidi
controls, LRE…RLO and LRI…PDI): declared once, for the rules that refuse them in names and
for the messages that quote a file's cell and must show them rather than obey them."""

from __future__ import annotations

import re

# The body of a character class, for patterns that refuse these marks among others.
DIRECTION_MARKS = "\u202a-\u202e\u2066-\u2069"

_DIRECTION_MARK = re.compile(f"[{DIRECTION_MARKS}]")


def marks_as_codes(text: object) -> str:
    """`text` with each direction mark written as its code ("<U+202E>"): shown, not obeyed
    (a mark would show the rest of the line backwards, or hide it)."""
    return _DIRECTION_MARK.sub(lambda mark: f"<U+{ord(mark[0]):04X}>", str(text))
