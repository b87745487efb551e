"""A row repeating the file's header: two files joined into one (`cat a.csv b.csv`, a sheet
pasted below another), the second one's header left among the rows. Read as a client, its
cells were refused one by one for what they hold ("No office named “office”", "“gender” is
not a value of the list Gender"), the message saying nothing of why."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from mteja.clients.bulk.headers import header_key

REPEATED_HEADER = gettext_lazy(
    "This line repeats the header row (two files joined into one?): it is no client. Remove it."
)


class HeaderEcho:
    """Tells the rows whose every read column holds the header's name of that column (as
    names are compared: a BOM, case and spaces aside). A row of values is told by one
    comparison: its last read column's cell against the header's own text."""

    def __init__(self, header: list[str], read_columns: list[int]):
        self.keys = [(index, header_key(header[index])) for index in read_columns]
        self.last = read_columns[-1] if read_columns else None
        self.last_name = header[self.last] if read_columns else None

    def repeats(self, cells: list) -> bool:
        last, width = self.last, len(cells)
        if last is None or last >= width or cells[last] != self.last_name:
            return False
        return all(
            index < width and isinstance(cells[index], str) and header_key(cells[index]) == key
            for index, key in self.keys
        )
