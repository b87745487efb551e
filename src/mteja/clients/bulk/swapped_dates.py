"""A file whose dates are written day first imported with a month-first `dateFormat` (or the
other way round): each date of a day above 12 is refused (month 13), but each of days 1 to
12 reads as another real date, its day and month swapped — 03/04/2024 meant as 3 April
imported as 4 March, with nothing said. So before any row is read as a client, the text of
the file's date columns is looked at: one text the pattern does not read but reads with its
day and month swapped refuses the whole file, naming its column, line and the pattern to
send (decision 233). Only for a pattern of a numeric day and month (dd/MM/yyyy, M/d/yy),
each distinct text parsed once (up to MOST_REMEMBERED of them)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy

from mteja.clients.bulk.header_row import Table
from mteja.clients.bulk.na_cells import NA
from mteja.clients.bulk.rows import MOST_REMEMBERED, RowReader
from mteja.clients.bulk.unreadable import FileUnreadable

SWAPPED_COLUMN = gettext_lazy(
    "The dates of column “%(column)s” are written with the day and month the other way round "
    "from the dateFormat %(format)s: “%(value)s” (line %(line)s) is no date in it, but is "
    "%(date)s in %(swapped)s, and its dates of days 1 to 12 would be read with their day and "
    "month swapped. The file is refused whole: import it again with the dateFormat "
    "%(swapped)s, or correct that date."
)


def refuse_swapped_dates(reader: RowReader, read_table: Callable[[], Table]) -> None:
    """FileUnreadable when a date column's text reads only with its day and month swapped;
    the file is read (`read_table`) only for a pattern that may be."""
    dates = reader.dates
    columns = sorted(reader.fingerprints.date_columns)
    if not columns or dates.swapped_format is None:
        return
    table = read_table()
    seen: set[str] = set()
    for line, cells in enumerate(table.rows, start=table.first_line):
        width = len(cells)
        for index in columns:
            if index >= width or (text := cells[index]).__class__ is not str or text in seen:
                continue
            if len(seen) < MOST_REMEMBERED:
                seen.add(text)
            if not text.strip() or text == NA or (day := dates.swapped_reading(text)) is None:
                continue
            raise FileUnreadable(
                SWAPPED_COLUMN
                % {
                    "column": reader.header[index],
                    "format": dates.date_format,
                    "value": text.strip(),
                    "line": f"{line:,}",
                    "date": day,
                    "swapped": dates.swapped_format,
                }
            )
