"""How an .xlsx cell reads as a date, as calamine reads it: a number in a date's format as
days from Excel's day 0 (or 1904's), a date cell's ISO text as itself (sheet_stream.py)."""

from __future__ import annotations

import datetime
import math
import re

# Excel's built-in number formats that show a date or a time.
DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')  # quoted text, escapes, [colours]
_DATE_TOKEN = re.compile(r"[dmyhs]", re.IGNORECASE)
EPOCH_1900 = datetime.datetime(1899, 12, 30)  # day 0 of Excel's 1900 system, after its day 60
EPOCH_BEFORE_LEAP_BUG = datetime.datetime(1899, 12, 31)  # days 1–59 (1900 was no leap year)
EPOCH_1904 = datetime.datetime(1904, 1, 1)
MS_A_DAY = 86_400_000
MIDNIGHT = datetime.time()  # day 0 (1900-01-00), as calamine reads it: a time of day


class DateBefore1900(str):
    """A date cell's number below 0: a date before 1900 as openpyxl or LibreOffice writes
    one, which no spreadsheet shows as a date (Excel shows ####; calamine reads it as a time
    of day). Blank to whatever reads it as a value (it holds ""), known by its type to the
    check that refuses its row (spoilt_cells.py)."""


DATE_BEFORE_1900 = DateBefore1900()


def is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date or a time (`yyyy-mm-dd`, `d/m/yy h:mm`),
    its quoted text, escaped characters and [colours] aside."""
    return bool(_DATE_TOKEN.search(_FORMAT_NOISE.sub("", code)))


def as_date(serial: float, epoch: datetime.datetime | None):
    """The date (or date-time) of a serial number; DATE_BEFORE_1900 below 0; the number
    itself when it is no day of the calendar (inf, NaN, beyond 9999: Excel shows ####), its
    row's date refused."""
    if serial < 0:
        return DATE_BEFORE_1900 if math.isfinite(serial) else serial
    if serial < 1:  # a time of day without a day (12:30): date_cells.py says so
        return (datetime.datetime.min + _held(serial)).time()
    if epoch is None:  # 60 (Excel's 29 February 1900, which never was): 1900-02-28, as
        # calamine reads it (LibreOffice's serial 60, counted from 1899-12-30, is that day)
        epoch = EPOCH_1900 if serial >= 60 else EPOCH_BEFORE_LEAP_BUG
    try:
        moment = epoch + _held(serial)
    except (OverflowError, ValueError):
        return serial
    return moment.date() if moment.time() == datetime.time() else moment


def _held(serial: float) -> datetime.timedelta:
    """The serial's days to the millisecond, as calamine rounds them."""
    return datetime.timedelta(milliseconds=round(serial * MS_A_DAY))


def iso_date(text: str):
    """A date cell written as ISO text (`t="d"`: a strict Open XML workbook's), as calamine
    reads it: a date-time ("1990-05-17T00:00:00"), a date, or a time of day; the text itself
    when it is none."""
    text = text.strip()
    try:
        if "T" in text:
            return datetime.datetime.fromisoformat(text).replace(tzinfo=None)
        if ":" in text:
            return datetime.time.fromisoformat(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        return text
