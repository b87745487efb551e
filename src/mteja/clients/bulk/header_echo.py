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


def _separator_names() -> dict[str, str]:
    return {",": _("a comma"), ";": _("a semicolon"), "\t": _("a tab")}


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
        self.width = len(header)

    def refusal(self, cells: list) -> str | None:
        """Why the row is no client's when it repeats the header (with the file's separator
        or another) or is written with another separator; None for a row to read."""
        if self.repeats(cells):
            return str(REPEATED_HEADER)
        first = cells[0] if cells else None
        found = _SEPARATOR.search(first) if isinstance(first, str) else None
        if found is None:
            return None
        separator = _separator_names()[found[0]]
        if _split_keys(cells) == self.split_keys:
            return _(
                "This line repeats the header row with %(separator)s between its names, "
                "not the file's separator (two files joined into one, saved differently?): "
                "it is no client. Remove it, and save the rows below it with the file's "
                "separator: written otherwise they cannot be read, and are refused."
            ) % {"separator": separator}
        if self.width > 2 and self._one_line_in_one_cell(cells, found[0]):
            return _(
                "This line's values are written with %(separator)s between them, not the "
                "file's separator (two files joined into one, saved differently?): they "
                "cannot be told apart, so the line is refused. Save it with the file's "
                "separator and import it again."
            ) % {"separator": separator}
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
        as the header's columns (three at least: a cell of the file's own separator, quoted,
        such as a name "Njeri, Asha" alone on its row, would rarely split so, and the file's
        separator is not known here)."""
        rest_blank = all(cell is None or str(cell).strip() == "" for cell in cells[1:])
        return rest_blank and cells[0].count(separator) == self.width - 1


def _split_keys(cells: list) -> list[str] | None:
    """The names the cells hold, each split on every separator (its quotes left out), as
    names are compared; None when a cell holds no text (a number: no header's)."""
    keys = []
    for cell in cells:
        if cell is None:
            continue
        if not isinstance(cell, str):
            return None
        keys.extend(header_key(piece.strip().strip('"')) for piece in _SEPARATOR.split(cell))
    return [key for key in keys if key]
