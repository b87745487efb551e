"""The identity document a row of a client file gives, as its uniqueness compares it (its
type, its number normalised: kyc/identifiers/rules.py): a value that must be unique in the
file as an external id is (rows.UNIQUE_IN_FILE), read from the row's cells alone, so that a
lane noting the batches another lane checks (checking.RowChecker.note_lines) notes it too."""

from __future__ import annotations

from collections.abc import Callable

from mteja.clients.bulk.parts import DOCUMENT_KEY, IDENTIFIERS, PartColumn
from mteja.clients.bulk.sheets import cell_value
from mteja.clients.bulk.spoilt_cells import spoilt_cell
from mteja.clients.kyc.identifiers.rules import normalise_key

DOCUMENT_TYPE = "documentTypeId"


class RowDocuments:
    """The document of each row of one file."""

    def __init__(self, parts: dict[int, PartColumn], type_id: Callable[[str, object], int | None]):
        """`parts`: the file's part columns by index; `type_id(code, cell)`: the id of the
        document type a cell names (None for none), as the row's body reads it."""
        columns = {column.param: (index, column) for index, column in parts.items()
                   if column.part == IDENTIFIERS}  # fmt: skip
        self._type, self._key = columns.get(DOCUMENT_TYPE), columns.get(DOCUMENT_KEY)
        self._type_id = type_id

    def columns(self) -> set[int]:
        """The columns a row's document is read from."""
        return {found[0] for found in (self._type, self._key) if found is not None}

    def of(self, cells: list) -> tuple[str, tuple[int, str]] | None:
        """(DOCUMENT_KEY, (type id, normalised number)) of the row's document; None without
        one, or with a cell the row is refused for (a type of no list value, a spoilt cell)."""
        if self._type is None or self._key is None:
            return None
        (type_index, type_column), (key_index, _column) = self._type, self._key
        named, key = cell_value(cells, type_index), cell_value(cells, key_index)
        if named is None or key is None or spoilt_cell(named) or spoilt_cell(key):
            return None
        type_id, number = self._type_id(type_column.code, named), normalise_key(str(key))
        return (DOCUMENT_KEY, (type_id, number)) if type_id and number else None
