"""How a client file writes its dates as text ("17/05/1990", "17 May 1990"): a Java pattern
and a locale, as Fineract's apps send them with an upload (`dateFormat`, `locale`). An ISO
date (yyyy-MM-dd) is read whatever the pattern, and a cell Excel keeps as a date needs none;
a text the pattern does not read that looks like a spreadsheet's day number ("45123") is
refused as one (decision 213). A file whose dates read only with their day and month
swapped (13/04/2024 in MM/dd/yyyy) is refused whole: swapped_dates.py (decision 233)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from mteja.clients.bulk.date_cells import spreadsheet_day
from mteja.core import wire

# A pattern's quoted text ('de'), or a run of one letter (dd, MMMM, yyyy).
_PATTERN_PARTS = re.compile(r"'[^']*'|([A-Za-z])\1*")


@dataclass(frozen=True)
class TextDates:
    date_format: str = ""  # empty: ISO only
    locale: str = ""  # the month names' language (English without one)

    def __post_init__(self):
        if self.date_format:
            wire.check_date_format(self.date_format, self.locale or None)
        elif self.locale:
            wire.parse_locale(self.locale)

    def iso(self, text: str) -> tuple[str | None, str | None]:
        """The date `text` names, as ISO text; else None and why not."""
        try:
            day = wire.parse_date_or_iso(text, self.date_format or None, self.locale or None)
        except wire.DateFormatError as refused:  # (a day number said to be one: date_cells)
            return None, spreadsheet_day(text.strip()) or str(refused)
        return day.isoformat(), None

    @functools.cached_property
    def swapped_format(self) -> str | None:
        """The pattern with its day and month swapped, when both are numbers (d or dd, M or
        MM: MM/dd/yyyy is dd/MM/yyyy's); else None, as for no pattern."""
        runs = [match for match in _PATTERN_PARTS.finditer(self.date_format) if match[1]]
        days = [run for run in runs if run[1] == "d"]
        months = [run for run in runs if run[1] == "M"]
        if len(days) != 1 or len(months) != 1 or len(days[0][0]) > 2 or len(months[0][0]) > 2:
            return None
        (day,), (month,) = days, months
        first, second = sorted((day, month), key=lambda run: run.start())
        pattern = self.date_format
        return (
            pattern[: first.start()]
            + second[0]
            + pattern[first.end() : second.start()]
            + first[0]
            + pattern[second.end() :]
        )

    def swapped_reading(self, text: str) -> str | None:
        """The date `text` names read with the day and month swapped, as ISO text, when the
        pattern itself does not read it; else None."""
        if self.swapped_format is None:
            return None
        try:
            wire.parse_date_or_iso(text, self.date_format, self.locale or None)
        except wire.DateFormatError:
            return self._read_swapped(text)
        return None

    def _read_swapped(self, text: str) -> str | None:
        if self.swapped_format is None:
            return None
        try:
            return wire.parse_date(text, self.swapped_format, self.locale or None).isoformat()
        except wire.DateFormatError:
            return None


ISO_ONLY = TextDates()
