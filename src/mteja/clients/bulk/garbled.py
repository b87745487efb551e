"""Text a spreadsheet garbled: UTF-8 read as Western text (Windows-1252, or ISO 8859-1), then
saved — "José" as "JosÃ©", "Ngũgĩ" as "NgÅ©gÄ©". Excel opens a CSV without a byte-order mark
so, and LibreOffice unless told otherwise: a file another system wrote as UTF-8, opened and
saved again as CSV UTF-8 or as a workbook, is valid UTF-8 whose accents are all garbled.
Imported, every such client's name would stay garbled for good.

Garbled text is told by its bytes: written back as Western text, they are UTF-8 again and
read otherwise. A name as typed almost never is: an accented letter followed by none of the
symbols a UTF-8 sequence's continuation shows as (© « ¼ ™ …) breaks it."""

from __future__ import annotations

import codecs
import re

from django.utils.translation import gettext_lazy

from mteja.core.echoed_values import echoed

# A UTF-8 sequence as Western text shows it: its first byte (Â to ô) and a continuation byte
# (0x80 to 0xBF, which Windows-1252 shows as € ‚ ƒ … © « and ISO 8859-1 as a control).
_WESTERN_OF_BYTE = {
    bytes([byte]).decode("cp1252", errors="ignore") or chr(byte): byte for byte in range(256)
} | {chr(byte): byte for byte in range(0x80, 0xA0)}
_CONTINUATION = "".join(
    re.escape(char) for char, byte in _WESTERN_OF_BYTE.items() if 0x80 <= byte <= 0xBF
)
# Text is written back as those bytes by Windows-1252's codec, in C (a step a character in
# Python took 12 ms a cell of 32,000 characters, which a workbook's every row may show), the
# C1 controls (U+0080 to U+009F: ISO 8859-1's, for the bytes Windows-1252 shows as signs or
# leaves undefined) by this handler of its errors.
_C1_CONTROLS = re.compile("[\x80-\x9f]+")
_AS_WESTERN = "mteja.western-bytes"


def _c1_controls_as_bytes(error: UnicodeEncodeError) -> tuple[bytes, int]:
    run = error.object[error.start : error.end]
    if _C1_CONTROLS.fullmatch(run) is None:
        raise error  # a character no Western byte shows
    return run.encode("latin-1"), error.end


codecs.register_error(_AS_WESTERN, _c1_controls_as_bytes)
_MAY_BE_GARBLED = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")

READ_AS_WESTERN = gettext_lazy(
    "The file was opened in a spreadsheet as Western text, not UTF-8: its names with accents "
    "are garbled. Open the CSV file again choosing the character set Unicode (UTF-8), or "
    "import the file as it was downloaded."
)
GARBLED_CELL = gettext_lazy(
    "“%(value)s” is garbled: the file was opened in a spreadsheet as Western text, not UTF-8 "
    "(it reads “%(meant)s”). Open the CSV file again choosing the character set Unicode "
    "(UTF-8), or import the file as it was written."
)
# The most Western characters one character garbles into (UTF-8's longest sequence: 4 bytes):
# garbled text reads at most this many times shorter.
MOST_GARBLED_CHARS = 4


def meant(text: str) -> str | None:
    """The text UTF-8 read as Western text garbled into `text`; None when it is not such
    text."""
    if text.isascii() or not _MAY_BE_GARBLED.search(text):
        return None
    try:
        read = text.encode("cp1252", _AS_WESTERN).decode("utf-8")
    except UnicodeError:  # a character no Western byte shows, or no UTF-8
        return None
    # A capital with an accent then a typographic sign (“JOSÉ–MARIA”, “ANDRÉ’S”) is UTF-8 too,
    # for a small letter (“JOSɖMARIA”): text in capitals read so was typed as it is. (Garbled
    # capitals read as capitals: “JOSÃ‰” as “JOSÉ”.)
    if not any(map(str.islower, text)) and any(map(str.islower, read)):
        return None
    return read


def garbled_cell(text: str) -> str | None:
    """Why the client cannot take `text`, translated, when it is garbled; else None."""
    read = meant(text)
    if read is None:
        return None
    return GARBLED_CELL % {"value": echoed(text), "meant": echoed(read)}
