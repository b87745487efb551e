"""Text longer than its column takes, told by its length before any check reads it whole
(docs/decisions.md 132). A workbook keeps a text once however many cells show it: a 330 kB
.xlsx of 30,000 rows showing one 32,000-character name cost each cell its length in every
check (case folded for the fingerprint, garbling tried, spaces folded) and echoed it whole
into a result file of 1.9 GB. Such a cell is refused as the API refuses it (the input's own
message for the field's length), and stands for its first characters only from then on.
Only a text longer than its column takes even read as garbled (MOST_GARBLED_CHARS times its
limit) is so told: one within it keeps the checks and messages it had (“JosÃ©…” is garbled)."""

from __future__ import annotations

from dataclasses import dataclass

from mteja.clients.api.serializers import ClientCreateInput
from mteja.clients.bulk.cell_kinds import TEXT, kind_of
from mteja.clients.bulk.garbled import MOST_GARBLED_CHARS
from mteja.clients.bulk.sheets import restore_cell


@dataclass(frozen=True, slots=True)
class LongText:
    """A text cell longer than its column takes: its first characters (those `bounded` looks
    at), its length, and the API's refusal of it."""

    head: str
    length: int
    message: str

    def __str__(self) -> str:
        """As the result file shows it: still longer than its column takes, marked cut."""
        return self.head + "…"


class TextLimits:
    """The most characters each of a file's text columns takes, as the API's input declares
    them (the client's own text fields: `ClientCreateInput`, derived from the model)."""

    def __init__(self, targets: dict):
        """`targets`: the reader's, by the column's index in the file."""
        fields = ClientCreateInput().fields
        entity = fields["clientNonPersonDetails"].fields
        # (index, the characters past which a cell is refused at once, the field)
        self.limits: list[tuple[int, int, object]] = []
        for index, target in targets.items():
            if target.column.field is None or kind_of(target.column.field) != TEXT:
                continue
            field = (entity if target.part == "entity" else fields).get(target.param)
            limit = getattr(field, "max_length", None)
            if limit:
                self.limits.append((index, limit * MOST_GARBLED_CHARS, field))

    def bounded(self, cells: list) -> list:
        """The row's cells, each text longer than its column takes even read as garbled as a
        LongText (the row itself when none is: a length looked at a cell)."""
        width, cut = len(cells), None
        for index, limit, field in self.limits:
            if index >= width:
                continue
            cell = cells[index]
            if cell.__class__ is not str or len(cell) <= limit:
                continue
            # As the API reads it: trimmed, a neutralised formula restored, trimmed again.
            if len(restore_cell(cell.strip()).strip()) <= limit:
                continue
            if cut is None:
                cut = list(cells)
            refusal = field.error_messages["max_length"]  # (translated now: the row's language)
            message = str(refusal).format(max_length=field.max_length)
            cut[index] = LongText(cell[:limit], len(cell), message)
        return cells if cut is None else cut
