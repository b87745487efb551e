"""Why a cell a date column takes is no date: a number not formatted as a date, or a time of
day without a day. calamine (and the streamed reader, as calamine does: xlsx_dates.as_date)
reads a date or time cell of a serial between 0 and 1 as a time of day: a time cell (12:00),
or a date-time of day 0 — 1899-12-30 12:00 as LibreOffice writes it, 1899-12-30 or -31 12:00
as openpyxl does, 1900-01-00 12:00 as Excel shows it —, which no spreadsheet holds as a date.
(Day 0 itself, midnight, and a date below it are refused wherever the client takes them:
spoilt_cells.py.)"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy

_NOT_A_DATE = gettext_lazy(
    "“%(value)s” is no date: give a cell formatted as a date, or the date as yyyy-MM-dd."
)
_TIME_ONLY = gettext_lazy(
    "“%(value)s” is a time of day without a date (a time cell, or a date-time before 1900, "
    "which a spreadsheet cannot hold as a date): give the date as text, yyyy-MM-dd."
)
_NO_TIME, _A_DAY = datetime.timedelta(0), datetime.timedelta(days=1)


def not_a_date(value) -> str:
    """Why the cell (neither a date nor text) is no date, translated."""
    if isinstance(value, datetime.timedelta) and _NO_TIME <= value < _A_DAY:
        value = (datetime.datetime.min + value).time()  # a duration's format, to calamine
    if isinstance(value, datetime.time):
        exact = value.second or value.microsecond
        return _TIME_ONLY % {"value": value.isoformat("seconds" if exact else "minutes")}
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _NOT_A_DATE % {"value": value}
