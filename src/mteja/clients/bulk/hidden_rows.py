"""The rows of an .xlsx's sheet read that the user does not see: hidden by hand, or by a
filter (an autofilter hides the rows it leaves out the same way, `hidden="1"` on the row).
They are imported as any row is — a spreadsheet's filter chooses what is shown, not what
the file holds, and a CSV saved from it holds them too — but the result says so: each one's
Status, and how many of the rows imported (or valid, in a dry run) were hidden.

Found by a scan of the sheet's XML as it is inflated (no parse: a row's tag is searched
for its `hidden` attribute), within the streamed reader's bounds (a zip bomb is not read).
Other workbooks' hidden rows are not told (calamine does not give them)."""

from __future__ import annotations

import re
from typing import IO

from mteja.clients.bulk.sheet_markup import open_zip
from mteja.clients.bulk.sheet_stream import UNREADABLE, first_sheet

READ_BYTES = 1 << 20
_LONGEST_ROW_TAG = 4096  # a row's tag cut by a chunk's end is scanned with the next chunk
# A row's tag with `hidden` true, before or after its `r` (any prefix, either quote). Its
# attributes are searched up to the next `<` too, not only `>` (a tag holds no raw `<`): a
# hostile sheet of `<row <row …` with no `>` is then scanned once, not once a row (100 kB
# of it cost 10 s, a megabyte's chunk a quarter of an hour).
_HIDDEN_ROW = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?row\s(?=[^<>]*?\bhidden\s*=\s*[\"'](?:1|true)[\"'])"
    rb"[^<>]*?\br\s*=\s*[\"']([0-9]{1,7})[\"']"
)


def hidden_lines(stream: IO[bytes]) -> frozenset[int]:
    """The line numbers of the hidden rows of an .xlsx's sheet read; none for another file,
    or one that cannot be read (its reading says why)."""
    from mteja.clients.bulk.reading import file_kind  # (reading imports the row readers)

    if stream.closed:  # (a CSV's, once its header is read)
        return frozenset()
    try:
        stream.seek(0)
        if file_kind(stream) != "xlsx":
            return frozenset()
        archive = open_zip(stream)
        sheet, _date1904 = first_sheet(archive)
        return frozenset(_scanned(archive, sheet))
    except UNREADABLE:
        return frozenset()
    finally:
        stream.seek(0)


def _scanned(archive, sheet: str) -> set[int]:
    lines, tail = set(), b""
    with archive.open(sheet) as part:
        while chunk := part.read(READ_BYTES):
            text = tail + chunk
            cut = text.rfind(b"<", max(len(text) - _LONGEST_ROW_TAG, 0))
            scanned, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            lines.update(int(found) for found in _HIDDEN_ROW.findall(scanned))
    lines.update(int(found) for found in _HIDDEN_ROW.findall(tail))
    return lines
