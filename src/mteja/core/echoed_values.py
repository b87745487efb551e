"""A value a message quotes back to whoever sent it, kept to a readable length. A date of
100,000 characters, a parameter name as long, a long cell of an import file came back whole
in the error's message, in its `value`, in the import's Status cell and on the job's page: a
response of hundreds of kilobytes saying one thing wrong, and personal data echoed at length
(DESIGN rule 11). A value within MOST_ECHOED_CHARACTERS is quoted as it is; a longer one as
its start, an ellipsis and its length. Declared once, for every message that quotes a value,
and for the import's echo of a cell too long for a spreadsheet (decision 297)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

# Twice the longest name, number or key a client's field takes (an external id: 100): no value a
# message quotes because it is not the right one of its kind is cut.
MOST_ECHOED_CHARACTERS = 200


class Cut(str):
    """A long value's start and length, as `echoed` quotes it: quoted again as it is (a
    message's parameter name, then the error's)."""

    __slots__ = ()


def echoed(value: Any) -> Any:
    """`value` as a message or an error's `value` quotes it: a text longer than
    MOST_ECHOED_CHARACTERS as its start then "… (N characters)", translated now; any other
    value as it is. (Hidden characters are shown as codes where the text is shown, after the
    cut: hidden_characters.shown_as_codes.)"""
    if value.__class__ is Cut or not isinstance(value, str):
        return value
    if len(value) <= MOST_ECHOED_CHARACTERS:
        return value
    length = number_format(len(value), force_grouping=True)
    told = gettext("(%(length)s characters)") % {"length": length}
    return Cut(f"{value[:MOST_ECHOED_CHARACTERS]}… {told}")
