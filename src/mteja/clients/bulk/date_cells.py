"""Why a cell a date column takes is no date: a number not formatted as a date, or a time of
day without a day. calamine (and the streamed reader, as calamine does: xlsx_dates.as_date)
reads a date or time cell of a serial between 0 and 1 as a time of day: a time cell (12:00),
or a date-time of day 0 — 1899-12-30 12:00 as LibreOffice writes it, 1899-12-30 or -31 12:00
as openpyxl does, 1900-01-00 12:00 as Excel shows it —, which no spreadsheet holds as a date.
(Day 0 itself, midnight, and a date below it are refused wherever the client takes them:
spoilt_cells.py.) A number in a date column, a CSV's text "45123" or an .xlsx's number cell,
is most often a spreadsheet's count of days whose column lost its date format (decision 213):
the refusal says so, and which day Excel would show, rather than only "not an ISO date"."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext_lazy

from mteja.core.echoed_values import echoed

_NOT_A_DATE = gettext_lazy(
    "“%(value)s” is no date: give a cell formatted as a date, or the date as yyyy-MM-dd."
)
_TIME_ONLY = gettext_lazy(
    "“%(value)s” is a time of day without a date (a time cell, or a date-time before 1900, "
    "which a spreadsheet cannot hold as a date): give the date as text, yyyy-MM-dd."
)
_DAY_NUMBER = gettext_lazy(
    "“%(value)s” looks like a spreadsheet's day number (Excel shows day %(day)s as "
    "%(date)s), not a date: format the column as a date (yyyy-MM-dd) and save the file again."
)
_NO_TIME, _A_DAY = datetime.timedelta(0), datetime.timedelta(days=1)
# Days 10,000 to 99,999 (18 May 1927 to 2173), with a time of day maybe (45123.5): four
# digits are more often a year alone ("1990") than a day before 1927.
_DAY_NUMBER_TEXT = re.compile(r"[1-9][0-9]{4}(?:[.,][0-9]+)?")
_EXCEL_DAY_0 = datetime.date(1899, 12, 30)  # (Excel's day 60, 29 February 1900, no real day)


def spreadsheet_day(text: str) -> str | None:
    """Why a date column's text is no date when it looks like a spreadsheet's day number,
    translated; else None."""
    if _DAY_NUMBER_TEXT.fullmatch(text) is None:
        return None
    return _day_number(text, int(text[:5]))


def _day_number(shown, day: int) -> str:
    date = _EXCEL_DAY_0 + datetime.timedelta(days=day)
    return _DAY_NUMBER % {"value": shown, "day": day, "date": date.isoformat()}


def not_a_date(value) -> str:
    """Why the cell (neither a date nor text) is no date, translated."""
    if isinstance(value, datetime.timedelta) and _NO_TIME <= value < _A_DAY:
        value = (datetime.datetime.min + value).time()  # a duration's format, to calamine
    if isinstance(value, datetime.time):
        exact = value.second or value.microsecond
        return _TIME_ONLY % {"value": value.isoformat("seconds" if exact else "minutes")}
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and 10_000 <= value < 100_000:
        return _day_number(value, int(value))
    return _NOT_A_DATE % {"value": echoed(value)}
