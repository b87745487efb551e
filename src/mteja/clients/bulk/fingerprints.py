"""A row of a client file without a key of its own (an external id, an account number, an
identity document's number) is known again by its fingerprint (docs/decisions.md 80): the
digest of its cells as a spreadsheet's round trip leaves them."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata

from mteja.clients.bulk.sheets import cell_value
from mteja.clients.bulk.text_dates import TextDates


class Fingerprints:
    """The fingerprints of one file's rows."""

    def __init__(
        self, *, names: list, key_columns: list[int], date_columns: set[int], dates: TextDates
    ):
        """`names`: Mteja's name of each column (None for one not read)."""
        # Sorted by name: a file whose columns were moved is the same file.
        self.read_columns = sorted(
            ((index, name) for index, name in enumerate(names) if name),
            key=lambda column: column[1],
        )
        self.key_columns, self.date_columns, self.dates = key_columns, date_columns, dates

    def of(self, cells: list) -> str | None:
        """A row without a key of its own (an external id, an account number, an identity
        document's number): the digest of the cells of its read columns, which knows the
        row when the file is imported again — its columns in any order, blanks, spaces,
        case and how accents are encoded aside, dates however written, numbers whatever
        leading zeros a spreadsheet dropped, the Status column left out; None for a row with
        a key."""
        if any(cell_value(cells, index) is not None for index in self.key_columns):
            return None
        read = []
        for index, name in self.read_columns:
            value = cell_value(cells, index)
            if value is not None:
                read.append(f"{name}\x1f{self._compared(index, value)}")
        return hashlib.blake2b("\x1e".join(read).encode(), digest_size=16).hexdigest()

    def _compared(self, index: int, value) -> str:
        """A cell as a fingerprint reads it."""
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        # Composed (NFC): "é" written as e and an accent apart, as a file saved on a Mac or by
        # a database's export may hold it, is the same name.
        text = unicodedata.normalize("NFC", " ".join(str(value).split()).casefold())
        if index in self.date_columns:
            return self.dates.iso(text)[0] or text
        digits = text.replace(" ", "")
        return digits.lstrip("0") or "0" if digits.isdigit() else text
