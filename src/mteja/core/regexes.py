"""Regular expressions that administrators write (identifier formats, address fields, custom
fields, mobile and email formats): the one place they are compiled and matched.

They run on RE2, whose matching time grows linearly with the text, whatever the pattern: no
pattern an administrator saves can stall a worker, so none needs screening for "dangerous"
shapes such as (A+)+. The price is RE2's syntax: no back-references (\\1) and no look-around
((?=…), (?<!…)). `problem()` explains a refused pattern in a whole, translated sentence, for
the error shown by the field.
"""

from __future__ import annotations

from functools import lru_cache

import re2
from django.utils.translation import gettext as _

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a refused pattern is an answer to the user, not a log line


class PatternRefused(ValueError):
    """RE2 refuses the pattern; `str()` says why in the active language."""

    def __init__(self, kind: str, fragment: str):
        super().__init__(kind, fragment)
        self.kind, self.fragment = kind, fragment

    def __str__(self) -> str:
        return _reason(self.kind, self.fragment)


def _reason(kind: str, fragment: str) -> str:
    """RE2's error kind (its ErrorCode text) as a sentence for the administrator."""
    reasons = {
        "invalid escape sequence": _(
            "The regular expression uses the escape %(fragment)s, which is not supported "
            "(back-references such as \\1 are not)."
        ),
        "invalid perl operator": _(
            "The regular expression uses %(fragment)s, which is not supported "
            "(look-ahead, look-behind and most inline flags are not)."
        ),
        "missing ]": _("The regular expression does not close the [ in %(fragment)s."),
        "missing )": _("The regular expression does not close the ( in %(fragment)s."),
        "unexpected )": _("The regular expression closes a group it never opened: %(fragment)s."),
        "missing (": _("The regular expression closes a group it never opened: %(fragment)s."),
        "trailing \\": _("The regular expression ends with a lone backslash."),
        "no argument for repetition operator": _(
            "In the regular expression, %(fragment)s repeats nothing."
        ),
        "missing argument to repetition operator": _(
            "In the regular expression, %(fragment)s repeats nothing."
        ),
        "bad repetition operator": _(
            "In the regular expression, %(fragment)s repeats a repetition; write it once."
        ),
        "invalid repetition size": _(
            "The repetition %(fragment)s is not allowed in a regular expression: counts go "
            "up to 1000 and the smaller one comes first."
        ),
        "invalid character class range": _(
            "The regular expression has an invalid range or class: %(fragment)s."
        ),
        "invalid character class": _(
            "The regular expression has an invalid character class: %(fragment)s."
        ),
        "invalid named capture group": _(
            "The regular expression has an invalid group name: %(fragment)s."
        ),
        "invalid UTF-8": _("The regular expression is not valid text."),
        "pattern too large - compile failed": _("The regular expression is too large."),
    }
    return reasons.get(kind, _("The regular expression is not valid.")) % {"fragment": fragment}


@lru_cache(maxsize=512)
def _compile(pattern: str):
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        text = exc.args[0] if exc.args else b""
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        kind, _sep, fragment = str(text).partition(": ")
        raise PatternRefused(kind, fragment) from None


def problem(pattern: str) -> str | None:
    """Why RE2 refuses `pattern` (a whole sentence), or None when it is a usable pattern."""
    try:
        _compile(pattern)
    except PatternRefused as exc:
        return str(exc)
    return None


def conforms(pattern: str | None, text: str) -> bool:
    """Does the whole of `text` match the administrator's pattern? No pattern is no rule, and
    neither is a stored one RE2 refuses (saved before RE2): it must not block every record."""
    if not pattern:
        return True
    try:
        compiled = _compile(pattern)
    except PatternRefused:
        return True
    try:
        # Matched on the text's UTF-8, as RE2 matches a text given as str (which encodes it
        # and then maps each match's byte offsets back to characters, unneeded here): the
        # same answer for a third of the work (a bulk import checks a document a row).
        return compiled.fullmatch(text.encode()) is not None
    except UnicodeEncodeError:  # a lone surrogate from JSON: not text any pattern describes
        return False
