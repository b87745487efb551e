"""Which encoding a CSV file's text is in, told by its first bytes: UTF-8 (with or without
a BOM), UTF-16 (a BOM, or none: where its NULs are) or UTF-32 (a BOM); a file whose mark
does not match the text behind it, or whose NULs are no text's, is refused."""

from __future__ import annotations

import codecs

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.bulk.unreadable import FileUnreadable

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
NOT_A_TABLE = gettext_lazy("The file is neither UTF-8 text nor an Excel workbook.")
# A UTF-8 file's first bytes holding at most one NUL in this many are still read as UTF-8
# text: a stray NUL (a database's export of a field holding one) refuses its row ("Null
# characters are not allowed."), as it does further down, not the whole file as neither
# UTF-8 text nor a workbook. (UTF-16's NULs are one byte in four at least.)
STRAY_NUL_BYTES = 16


def encoding_of(start: bytes) -> str:
    """The codec reading the text of a file beginning with `start` (its first few kB)."""
    # (UTF-32's little-endian mark begins with UTF-16's: its text read so was NULs between
    # letters, in the unknown columns a refusal named. Read by its mark: PowerShell's
    # `Export-Csv -Encoding UTF32` writes it.)
    for encoding, marks in (("utf-32", UTF32_BOMS), ("utf-16", UTF16_BOMS)):
        for mark in marks:
            if start.startswith(mark):
                return _as_marked(start[len(mark) :], encoding)
    if b"\x00" in start and not _stray_nuls(start):  # (UTF-8: none)
        return _utf16_without_bom(start)
    return "utf-8-sig"


def _as_marked(behind: bytes, encoding: str) -> str:
    """`encoding`, of the bytes `behind` its mark; FileUnreadable if they hold no NUL: a
    CSV's delimiters and line ends are a NUL and a character in UTF-16 or UTF-32, and never
    in UTF-8 (the text behind a wrong mark, read by it, was a header of unknown columns in
    Chinese-looking characters, or damaged text on line 1)."""
    if behind and b"\x00" not in behind:
        message = _(
            "The file begins with the mark of %(encoding)s text, but its text is not "
            "%(encoding)s (UTF-8 behind a wrong mark?): export it again as CSV UTF-8."
        )
        raise FileUnreadable(message % {"encoding": encoding.upper()})
    return encoding


def _stray_nuls(start: bytes) -> bool:
    """Whether the first bytes are UTF-8 text holding a NUL or a few (the last character
    maybe cut by the sniff)."""
    if start.count(0) * STRAY_NUL_BYTES > len(start):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(start: bytes) -> str:
    """UTF-16 text without its byte-order mark (as some databases' exports write it), its
    byte order told by where its NULs are: those of Latin letters, digits and delimiters,
    at least every other character, a few on the other side (a character whose code holds
    a NUL byte: Ā, U+0100; a grave accent written apart, U+0300); FileUnreadable for any
    other bytes holding a NUL."""
    even, odd = start[0::2].count(0), start[1::2].count(0)
    if odd and odd * 2 >= len(start) // 2 and even * 8 <= odd:
        return "utf-16-le"
    if even and even * 2 >= len(start) // 2 and odd * 8 <= even:
        return "utf-16-be"
    raise FileUnreadable(NOT_A_TABLE)
