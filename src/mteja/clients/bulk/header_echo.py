"""A row repeating the file's header: two files joined into one (`cat a.csv b.csv`, a sheet
pasted below another), the second one's header left among the rows. Read as a client, its
cells were refused one by one for what they hold ("No office named “office”", "“gender” is
not a value of the list Gender"), the message saying nothing of why.

The second file may have been saved with another separator (a semicolon CSV joined to a
comma one): its header, then each of its rows, is read as one cell holding the whole line.
Its header is told by its names (each cell split on any separator a CSV may have), and its
rows by their one cell splitting into as many values as the header has columns: each is
refused saying why, rather than as a client of that one cell ("Office is required") — or
imported as one named by the whole line. They are not read with that separator: a cell
holding it (an address "Kibera; Nairobi") would shift the values that follow."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.bulk.csv_text import DELIMITERS
from mteja.clients.bulk.headers import header_key

REPEATED_HEADER = gettext_lazy(
    "This line repeats the header row (two files joined into one?): it is no client. Remove it."
)
_SEPARATOR = re.compile("|".join(map(re.escape, DELIMITERS)))


def _separator_name(separator: str) -> str:
    return {",": _("a comma"), ";": _("a semicolon"), "\t": _("a tab")}[separator]


class HeaderEcho:
    """Tells the rows whose every read column holds the header's name of that column (as
    names are compared: a BOM, case and spaces aside). A row of values is told by one
    comparison: its last read column's cell against the header's own text. A row whose first
    cell holds a separator is looked at further: written with another separator than the
    file's (`refusal`)."""

    def __init__(self, header: list[str], read_columns: list[int]):
        self.keys = [(index, header_key(header[index])) for index in read_columns]
        self.last = read_columns[-1] if read_columns else None
        self.last_name = header[self.last] if read_columns else None
        self.split_keys = _split_keys(header)
        # Its columns, and those up to its last name (a spreadsheet's CSV may write empty
        # columns after it, which a row of another file may or may not have).
        self.width = len(header)
        named = [index for index, name in enumerate(header) if str(name or "").strip()]
        self.named_width = named[-1] + 1 if named else 0

    def refusal(self, cells: list) -> str | None:
        """Why the row is no client's when it repeats the header (with the file's separator
        or another) or is written with another separator; None for a row to read."""
        if self.repeats(cells):
            return str(REPEATED_HEADER)
        first = cells[0] if cells else None
        found = _SEPARATOR.search(first) if isinstance(first, str) else None
        if found is None:
            return None
        if _same_names(cells, self.split_keys):
            return _(
                "This line repeats the header row with %(separator)s between its names, "
                "not the file's separator (two files joined into one, saved differently?): "
                "it is no client. Remove it, and save the rows below it with the file's "
                "separator: written otherwise they cannot be read, and are refused."
            ) % {"separator": _separator_name(found[0])}
        if self.named_width > 2 and self._one_line_in_one_cell(cells, found[0]):
            return _(
                "This line's values are written with %(separator)s between them, not the "
                "file's separator (two files joined into one, saved differently?): they "
                "cannot be told apart, so the line is refused. Save it with the file's "
                "separator and import it again."
            ) % {"separator": _separator_name(found[0])}
        return None

    def repeats(self, cells: list) -> bool:
        last, width = self.last, len(cells)
        if last is None or last >= width or cells[last] != self.last_name:
            return False
        return all(
            index < width and isinstance(cells[index], str) and header_key(cells[index]) == key
            for index, key in self.keys
        )

    def _one_line_in_one_cell(self, cells: list, separator: str) -> bool:
        """The row's first cell alone holds a value, which `separator` splits into as many
        as the header's columns, its empty ones after its names or not (three names at
        least: a cell of the file's own separator, quoted, such as a name "Njeri, Asha" alone
        on its row, would rarely split so, and the file's separator is not known here)."""
        rest_blank = all(cell is None or str(cell).strip() == "" for cell in cells[1:])
        return rest_blank and self.named_width <= cells[0].count(separator) + 1 <= self.width


def _split_keys(cells: list) -> list[str | None]:
    """The names the cells hold, each split on every separator (its quotes left out), as
    names are compared (a cell holding no text, such as a number, as None: no header's)."""
    return list(_names_of(cells))


def _same_names(cells: list, keys: list) -> bool:
    """Whether the cells' names (`_split_keys`) are `keys`, told by the first that differs
    (a row of values by its first name: a cell of an address holding commas)."""
    expected = iter(keys)
    return all(key == next(expected, None) for key in _names_of(cells)) and (
        next(expected, None) is None
    )


def _names_of(cells: list):
    for cell in cells:
        if cell is None:
            continue
        if not isinstance(cell, str):
            yield None
            return
        for piece in _SEPARATOR.split(cell):
            key = header_key(piece.strip().strip('"'))
            if key:
                yield key
