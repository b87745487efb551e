"""A date's ISO text (`1990-02-03`), each date's made once.

`date.isoformat()` formats through CPython's generic formatter: some 3,200 instructions a
date. A bulk import writes four dates or so a client twice (the row's text on SQLite, and
its CREATE event's), among a few thousand dates a file holds (birth days, submission
days): a look-up of the text made before costs a tenth of that."""

from __future__ import annotations

import datetime

_texts: dict[datetime.date, str] = {}
_KEPT = 50_000  # dates; forgotten all at once past it (a text is some 60 bytes)


def iso(day: datetime.date) -> str:
    """`day.isoformat()` of a `datetime.date` (not a date-time: give those their own)."""
    text = _texts.get(day)
    if text is None:
        if len(_texts) >= _KEPT:
            _texts.clear()
        text = _texts[day] = day.isoformat()
    return text
