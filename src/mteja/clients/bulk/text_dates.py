"""How a client file writes its dates as text ("17/05/1990", "17 May 1990"): a Java pattern
and a locale, as Fineract's apps send them with an upload (`dateFormat`, `locale`). An ISO
date (yyyy-MM-dd) is read whatever the pattern, and a cell Excel keeps as a date needs none;
a text the pattern does not read that looks like a spreadsheet's day number ("45123") is
refused as one (decision 213)."""

from __future__ import annotations

from dataclasses import dataclass

from mteja.clients.bulk.date_cells import spreadsheet_day
from mteja.core import wire


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


ISO_ONLY = TextDates()
