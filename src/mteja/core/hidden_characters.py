"""The characters a text holds unseen and a screen obeys or hides: the controls (C0, DEL and
C1: NUL, BEL, ESC, a carriage return…) and the marks that embed, override or isolate a
direction of text (Unicode's bidi controls, LRE…RLO and LRI…PDI). Declared once, for the
rules that refuse them in names and for the messages that quote a file's cell or column name
and must show them rather than obey them."""

from __future__ import annotations

import re

# The bodies of character classes, for patterns that refuse these among others.
CONTROL_CHARACTERS = "\x00-\x1f\x7f-\x9f"
DIRECTION_MARKS = "\u202a-\u202e\u2066-\u2069"

_HIDDEN = re.compile(f"[{CONTROL_CHARACTERS}{DIRECTION_MARKS}]")


def shown_as_codes(text: object) -> str:
    """`text` with each control character and direction mark written as its code
    ("<U+202E>", "<U+001B>"): shown, not obeyed (a mark would show the rest of the line
    backwards, or hide it; an escape recolour a terminal, a carriage return write over the
    line; a NUL end the text for some readers, and a workbook holds none)."""
    return _HIDDEN.sub(lambda hidden: f"<U+{ord(hidden[0]):04X}>", str(text))
