"""A compressed archive given as a client file: a zip of a CSV or a workbook (a downloaded
export, a folder compressed to be mailed), a gzip, bzip2, xz, 7-Zip or RAR file. Read as a
workbook, a zip was refused as "The Excel workbook cannot be read."; read as text, the
others as neither UTF-8 text nor a workbook: neither said what the file is, nor what to do."""

from __future__ import annotations

import re
import zipfile

from django.utils.translation import gettext_lazy

from mteja.clients.bulk.unreadable import FileUnreadable

AN_ARCHIVE = gettext_lazy(
    "This file is a compressed archive (zip, gzip, 7-Zip…), not a spreadsheet: extract the "
    "CSV or workbook it holds, and import that."
)
# The first bytes of compressed formats other than zip (a zip is opened: an .xlsx is one):
# gzip, xz, 7-Zip, RAR, and bzip2's "BZh", its block size and its block's mark (a CSV may
# begin with the letters BZh).
COMPRESSED_START = re.compile(
    rb"\x1f\x8b|\xfd7zXZ\x00|7z\xbc\xaf\x27\x1c|Rar!\x1a\x07|BZh[1-9]1AY&SY"
)
# The parts that make a zip an Office Open XML file (an .xlsx, a .docx…) or an OpenDocument
# one (an .ods): a zip holding neither is an archive of files.
OFFICE_PARTS = ("[Content_Types].xml", "mimetype")


def refuse_compressed(start: bytes) -> None:
    """FileUnreadable when the file's first bytes are those of a compressed file."""
    if COMPRESSED_START.match(start):
        raise FileUnreadable(AN_ARCHIVE)


def refuse_plain_zip(archive: zipfile.ZipFile) -> None:
    """FileUnreadable for a zip that is no Office or OpenDocument file: an archive."""
    names = set(archive.namelist())
    if not any(part in names for part in OFFICE_PARTS):
        raise FileUnreadable(AN_ARCHIVE)
