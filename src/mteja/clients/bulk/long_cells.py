"""Text longer than its column takes, told by its length before any check reads it whole
(docs/decisions.md 132). A workbook keeps a text once however many cells show it: a 330 kB
.xlsx of 30,000 rows showing one 32,000-character name cost each cell its length in every
check (case folded for the fingerprint, garbling tried, spaces folded) and echoed it whole
into a result file of 1.9 GB. Such a cell is refused as the API refuses it (the input's own
message for the field's length), and stands for its first characters only from then on.
Only a text longer than its column takes even read as garbled (MOST_GARBLED_CHARS times its
limit) is so told: one within it keeps the checks and messages it had (“JosÃ©…” is garbled).
The same holds for an identifier's number, an address's text fields and the text custom
fields (decision 137), each bounded by its own input's limit and refused by its message; and
for a column that names an office, a staff member, a code list's value (a custom drop-down's
too: decision 156) or a choice, bounded by the longest name its list may hold (decision 151).
The same pass over a row's own text columns (not those naming something) marks a whole
number written as a decimal, "712345678.0" (whole_decimals.py, decision 188)."""

from __future__ import annotations

import copy
import functools
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from mteja.clients.api.serializers import ClientCreateInput
from mteja.clients.bulk.cell_kinds import CHOICE, REFERENCE, TEXT, kind_of
from mteja.clients.bulk.custom import CustomColumn
from mteja.clients.bulk.garbled import MOST_GARBLED_CHARS
from mteja.clients.bulk.overlong_cells import OverlongCell
from mteja.clients.bulk.parts import DOCUMENT_KEY, IDENTIFIERS, PartColumn
from mteja.clients.bulk.sheets import restore_cell
from mteja.clients.bulk.text_cells import SEPARATOR, TextColumns, joined
from mteja.clients.bulk.whole_decimals import ENDS, as_decimal
from mteja.clients.kyc.addresses import inputs as address_inputs
from mteja.clients.kyc.addresses.fields import FIELD_BY_PARAM
from mteja.clients.kyc.custom_fields import values as custom_values
from mteja.clients.kyc.identifiers.rules import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_TOO_LONG,
    KEY_MAX_LENGTH,
    KEY_TOO_LONG,
)
from mteja.clients.models import CustomFieldType
from mteja.organisation.models import CodeValue, Office, Staff

NAME_TOO_LONG = gettext_lazy(
    "Longer than any name this column takes: at most %(limit)s characters."
)
# A text ending as a whole number written as a decimal may (ENDS), in texts joined.
_DECIMAL_ENDS = tuple(end + SEPARATOR for end in ENDS)
# The field whose text a column naming a row of the model gives (as lookups.py reads them).
_NAMED_BY = {Office: "name", Staff: "display_name", CodeValue: "name"}


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


# (the column's index, its limit, its refusal translated when called, the text as read,
# whether it is a text of the client's own — not a name of something: whole_decimals.py)
Limit = tuple[int, int, Callable[[], str], Callable[[str], str], bool]


class TextLimits:
    """The most characters each of a file's text columns takes, as the API's inputs declare
    them: the client's own text fields (`ClientCreateInput`, derived from the model), the
    identifier's number, the address's text fields and the text custom fields."""

    def __init__(
        self,
        targets: dict,
        parts: dict[int, PartColumn] | None = None,
        customs: dict[int, CustomColumn] | None = None,
    ):
        """`targets`, `parts`, `customs`: the reader's, by the column's index in the file."""
        found = [*_client_limits(targets), *_name_limits(targets), *_part_limits(parts or {})]
        found += _custom_limits(customs or {})
        # (index, the characters past which a cell is refused at once, refusal, reading,
        # whether a whole number written as a decimal is marked)
        self.limits = [
            (index, limit * MOST_GARBLED_CHARS, refusal, reads, own)
            for index, limit, refusal, reads, own in found
        ]
        self._look_at_columns()

    def _look_at_columns(self) -> None:
        """The columns a row of plain text is looked at in at once (`_as_it_is`)."""
        self._texts = TextColumns([limit[0] for limit in self.limits])
        self._most = [limit[1] for limit in self.limits]
        self._own_texts = TextColumns([limit[0] for limit in self.limits if limit[4]])

    def among(self, columns: set[int]) -> TextLimits:
        """These limits of the `columns` alone: `bounded` then bounds those cells only, each
        as the whole row's bounding would."""
        kept = copy.copy(self)
        kept.limits = [limit for limit in self.limits if limit[0] in columns]
        kept._look_at_columns()
        return kept

    def bounded(self, cells: list) -> list:
        """The row's cells, each text longer than its column takes even read as garbled as a
        LongText, a whole number written as a decimal in a column of the client's own text
        as a WholeAsDecimal (the row itself when none is: a length looked at a cell)."""
        if self._as_it_is(cells):
            return cells
        width, cut = len(cells), None
        for index, limit, refusal, reads, own in self.limits:
            if index >= width:
                continue
            cell = cells[index]
            kind = cell.__class__
            if kind is not str and kind is not OverlongCell:
                continue
            if len(cell) <= limit:
                if own and kind is str and cell.endswith(ENDS) and (marked := as_decimal(cell)):
                    if cut is None:
                        cut = list(cells)
                    cut[index] = marked
                continue
            if len(reads(cell)) <= limit:  # (as the API reads it: trimmed…)
                continue
            if cut is None:
                cut = list(cells)
            length = cell.length if kind is OverlongCell else len(cell)
            cut[index] = LongText(cell[:limit], length, refusal())
        return cells if cut is None else cut

    def _as_it_is(self, cells: list) -> bool:
        """Whether a row of plain text (text_cells.py) is bounded as it is, told at once:
        each cell within its limit, no text of the client's own ending as a decimal may."""
        texts = self._texts.texts(cells)
        if texts is None or not all(map(operator.le, map(len, texts), self._most)):
            return False
        own = joined(self._own_texts.picked(cells))  # (plain text: among those above)
        return not any(end in own for end in _DECIMAL_ENDS)


def _as_client_field(text: str) -> str:
    """As the client's input reads it: trimmed, a neutralised formula restored, trimmed."""
    return restore_cell(text.strip()).strip()


def _trimmed(text: str) -> str:
    return text.strip()


def _spaces_folded(text: str) -> str:
    return " ".join(text.split())


def _refusal(message, **values) -> str:
    """The message (a lazy one) translated now, in the row's language."""
    return str(message) % values if values else str(message)


def _client_limits(targets: dict) -> Iterator[Limit]:
    fields = ClientCreateInput().fields
    entity = fields["clientNonPersonDetails"].fields
    for index, target in targets.items():
        if target.column.field is None or kind_of(target.column.field) != TEXT:
            continue
        field = (entity if target.part == "entity" else fields).get(target.param)
        limit = getattr(field, "max_length", None)
        if limit:
            yield index, limit, functools.partial(_field_refusal, field), _as_client_field, True


def _field_refusal(field) -> str:
    """The input field's own refusal of a text too long, translated now."""
    return str(field.error_messages["max_length"]).format(max_length=field.max_length)


# The identifier's text columns: their limits and refusals, its input's (identifiers/rules.py).
IDENTIFIER_TEXTS = {
    DOCUMENT_KEY: (KEY_MAX_LENGTH, KEY_TOO_LONG, "key_max_length"),
    "description": (DESCRIPTION_MAX_LENGTH, DESCRIPTION_TOO_LONG, "description_max_length"),
}


def _part_limits(parts: dict[int, PartColumn]) -> Iterator[Limit]:
    """The identifier's number and the address's text fields by their inputs' limits; their
    columns naming a code list's value (document type, address type, country…) by the
    longest name a value may have (their dates are no text)."""
    for index, part in parts.items():
        if part.code:
            yield _name_limit(index, _name_length(CodeValue))
            continue
        if part.kind != "text":
            continue
        if part.part == IDENTIFIERS:
            limit, message, named = IDENTIFIER_TEXTS[part.param]
            refusal = functools.partial(_refusal, message, **{named: limit})
            yield index, limit, refusal, _trimmed, True
            continue
        field = FIELD_BY_PARAM[part.param]
        limit = address_inputs.text_limit(field)
        message = address_inputs.TEXT_TOO_LONG
        refusal = functools.partial(_refusal, message, name=field.param, limit=limit)
        yield index, limit, refusal, _spaces_folded, True


def _name_limits(targets: dict) -> Iterator[Limit]:
    """The columns naming an office, a staff member, a code list's value (by its name, or as
    Fineract writes it: "Female-22"), or a choice (by its label in any of the languages)."""
    for index, target in targets.items():
        field = target.column.field
        if field is None:
            continue
        kind = kind_of(field)
        if kind == REFERENCE and field.related_model in _NAMED_BY:
            yield _name_limit(index, _name_length(field.related_model))
        elif kind == CHOICE:
            yield _name_limit(index, _longest_label(field))


def _name_length(model) -> int:
    return model._meta.get_field(_NAMED_BY[model]).max_length


def _longest_label(field) -> int:
    longest = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            longest = max(longest, *(len(str(label)) for _value, label in field.choices))
    return longest


def _name_limit(index: int, limit: int) -> Limit:
    return (
        index,
        limit,
        functools.partial(_refusal, NAME_TOO_LONG, limit=limit),
        _spaces_folded,
        False,
    )


def _custom_limits(customs: dict[int, CustomColumn]) -> Iterator[Limit]:
    """The text custom fields by their own limits; a drop-down, naming a code list's value,
    by the longest name a value may have."""
    message = custom_values.TEXT_TOO_LONG
    for index, column in customs.items():
        if column.type == CustomFieldType.DROPDOWN:
            yield _name_limit(index, _name_length(CodeValue))
        elif column.length:
            refusal = functools.partial(_refusal, message, name=column.field, limit=column.length)
            yield index, column.length, refusal, _trimmed, True
