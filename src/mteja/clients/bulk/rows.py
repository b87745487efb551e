"""A row of a client file as the body `POST /clients` takes: its columns named as the export
names them (clients/bulk/columns.py), references by name (an office of the user's, a loan
officer, a code list's value), choices by label, dates as Excel dates or ISO text. What the
body then must satisfy is the API's own input and the create service, never a copy here."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import get_language

from mteja.clients.bulk.cell_kinds import CHOICE, DATE, REFERENCE, TEXT, YES_NO, kind_of
from mteja.clients.bulk.code_values import CodeValueNames
from mteja.clients.bulk.columns import Target, client_columns, header_aliases, import_targets
from mteja.clients.bulk.csv_text import TooManyCells
from mteja.clients.bulk.custom import (
    DATATABLES,
    CustomColumn,
    api_value,
    custom_columns,
    datatables_of,
)
from mteja.clients.bulk.date_cells import not_a_date, spreadsheet_day
from mteja.clients.bulk.documents_in_file import RowDocuments
from mteja.clients.bulk.fingerprints import Fingerprints
from mteja.clients.bulk.header_echo import HeaderEcho
from mteja.clients.bulk.headers import ACTIVE_COLUMN, column_named, header_key, spellings
from mteja.clients.bulk.long_cells import TextLimits
from mteja.clients.bulk.lookups import names_for
from mteja.clients.bulk.na_cells import without_na
from mteja.clients.bulk.named_cells import named_choice, named_reference
from mteja.clients.bulk.nameless_columns import NamelessColumns
from mteja.clients.bulk.parts import DOCUMENT_KEY, PartColumn, part_columns
from mteja.clients.bulk.sheets import cell_value, restore_cell
from mteja.clients.bulk.spoilt_cells import SpoiltCells, spoilt_cell
from mteja.clients.bulk.statuses import settle_active
from mteja.clients.bulk.text_dates import ISO_ONLY, TextDates
from mteja.clients.bulk.yes_no import yes_no
from mteja.clients.kyc.addresses.fields import INLINE_PARAM, address_rules
from mteja.clients.models import CustomFieldType

ACTIVE_PARAM = "isActive"  # an address's flag
MOST_REMEMBERED = 100_000  # distinct cells whose meaning a reader keeps: memory stays bounded
MOST_KEPT_A_COLUMN = 10_000  # distinct texts of a column whose reading a reader keeps
UNIQUE_IN_FILE = ("externalId", "accountNo")  # a client's own: two rows cannot share one
FINGERPRINT = "fingerprint"  # of a row without a key of its own: unique in the file too


@dataclass
class RowBody:
    body: dict = field(default_factory=dict)
    status: dict = field(default_factory=dict)  # the status's values (bulk/statuses.py)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    whole_row_refused: bool = False  # (a header repeated): its cells are no client's values


class _Told:
    """What `_value` tells of a cell read alone (`_reading`): the errors it appends."""

    __slots__ = ("errors",)

    def __init__(self):
        self.errors: list[tuple[str, str]] = []


class RowReader:
    """Reads rows of one file for one user: the lookups by name are read once."""

    def __init__(
        self, user, header: list[str], dates: TextDates = ISO_ONLY, legal_form: int | None = None
    ):
        """`legal_form`: a row's without a legalForm cell (the upload's legalFormType);
        without it, an entity's when the row names an entity."""
        self.header, self.dates, self.legal_form, self._user = header, dates, legal_form, user
        known = {column.name for column in client_columns()}
        by_name = import_targets()
        parts = {column.name: column for column in part_columns()}
        customs = {column.name: column for column in custom_columns()}
        self.targets: dict[int, Target] = {}  # by the column's index in the file
        self.parts: dict[int, PartColumn] = {}
        self.customs: dict[int, CustomColumn] = {}
        self.unknown_columns = []
        # Each column's name as Mteja spells it ("First name" is firstname), None for none.
        self.names: list[str | None] = []
        every = known | parts.keys() | customs.keys() | {ACTIVE_COLUMN}
        spelled = spellings(every)
        aliases = header_aliases({header_key(written) for written in header})
        self.active_column: int | None = None  # whether the client is created active
        for index, written in enumerate(header):
            name = column_named(written, every, spelled, aliases)
            self.names.append(name)
            if name is None:
                continue
            if name == ACTIVE_COLUMN:
                self.active_column = index
            elif name in parts:
                self.parts[index] = parts[name]
            elif name in customs:
                self.customs[index] = customs[name]
            elif name not in known:
                self.unknown_columns.append(name)
            elif name in by_name:  # an export's other columns are read as information
                self.targets[index] = by_name[name]
        # {(table, field): its column}: the column a refusal names (the file's, or its own).
        self.custom_headers = {(c.table, c.field): c.name for c in customs.values()}
        # By language: {(kind, type, cell): (id, error)}, the meanings of the cells seen.
        self._known_in: dict[str, dict[tuple, tuple]] = {}
        self._known: dict[tuple, tuple] = {}
        # By language: for each column of the plan whose text `_value` reads, {cell: its
        # reading} (`_reading`); None for a column whose text is taken as it is.
        self._readings_in: dict[str, list[dict | None]] = {}
        self.address_active_flag = bool(self.parts) and address_rules()[ACTIVE_PARAM].enabled
        # How each target is read, worked out once: (index, column, param, its part — the
        # client's, the entity's, the status —, model field, its text taken as it is: _reads_text).
        self._plan = [
            (index, header[index], target.param, target.part, target.column.field,
             not self._reads_text(target.column.field), kind_of(target.column.field))
            for index, target in self.targets.items()
        ]  # fmt: skip
        self._unique_columns = [
            (index, target.param) for index, target in self.targets.items()
            if target.param in UNIQUE_IN_FILE and target.part == "client"
        ]  # fmt: skip
        # The columns read, by index; those giving a row a key of its own (decision 80).
        self._read_columns = [index for index, name in enumerate(self.names) if name]
        self.header_echo = HeaderEcho(header, self._read_columns)  # two files joined
        self.nameless = NamelessColumns(header)  # a value under a blank header refused
        self.text_limits = TextLimits(self.targets, self.parts, self.customs)  # told by length
        # Those whose cells the client takes (not an export's information: its id, its name).
        self._value_cells = SpoiltCells(
            sorted({*self.targets, *self.parts, *self.customs, self.active_column} - {None})
        )
        self.fingerprints = Fingerprints(
            names=self.names,
            key_columns=[index for index, _param in self._unique_columns]
            + [index for index, column in self.parts.items() if column.param == DOCUMENT_KEY],
            date_columns={
                index for index, target in self.targets.items()
                if isinstance(target.column.field, models.DateField)
            } | {index for index, custom in self.customs.items()
                 if custom.type == CustomFieldType.DATE}
              | {index for index, part in self.parts.items() if part.kind == "date"},
            dates=dates,
        )  # fmt: skip
        # (a type's error is the row's body's to tell)
        self.documents = RowDocuments(
            self.parts, lambda code, value: self._code_value("", code, value, None)
        )

    @functools.cached_property
    def _names(self) -> dict:  # the names the cells may give, read with the first row read
        return names_for(self._user)

    @functools.cached_property
    def _code_names(self) -> CodeValueNames:  # by stored and translated names
        return CodeValueNames(self._names["codes"])

    def _reads_text(self, model_field: models.Field) -> bool:
        """Whether the field's text cells are read here rather than by the API's input."""
        if model_field.choices or model_field.is_relation:
            return True
        return isinstance(model_field, models.BooleanField | models.DateField)  # yes/no, day

    def unique_values(self, cells: list) -> list[tuple[str, str]]:
        """(parameter, value) of the row's cells that must be unique in the file (external
        id, account number), as the client will hold them (trimmed, inner spaces folded);
        for a row without a key of its own, its fingerprint (FINGERPRINT); its identity
        document as its uniqueness compares it (documents_in_file.py)."""
        if self.header_echo.refusal(cells):  # no client: no key of one
            return []
        return self._unique_of(self.text_limits.bounded(without_na(cells)))  # (too long: its head)

    def read_row(self, cells: list, language: str | None = None) -> tuple[RowBody, list]:
        """`body_of` and `unique_values` of a row, its header look and text lengths once."""
        if (refused := self.header_echo.refusal(cells)) is not None:
            return RowBody(errors=[("", refused)], whole_row_refused=True), []
        cells = self.text_limits.bounded(without_na(cells))  # (R's NA blank: na_cells.py)
        return self._body_of(cells, language), self._unique_of(cells)

    def _unique_of(self, cells: list) -> list[tuple[str, str]]:
        found = []
        for index, param in self._unique_columns:
            value = cell_value(cells, index)
            text = " ".join(str(value).split()) if value is not None else ""
            if text and not spoilt_cell(text):  # (refused as such, not as a repeat)
                found.append((param, text))
        if not found and (fingerprint := self.fingerprints.of(cells)):
            found.append((FINGERPRINT, fingerprint))
        if document := self.documents.of(cells):
            found.append(document)
        return found

    def holds_values(self, cells: list) -> bool:
        """Whether a row has a value in a column read (a blank line, told at once, a row of
        blanks or of a Fineract template's lookup tables has none; a spoilt cell counts)."""
        cells = without_na(cells)  # (a row of R's NA only is blank)
        read = cells and any(cell_value(cells, index) is not None for index in self._read_columns)
        return bool(read or cells and self.spoilt_cells(cells))

    def spoilt_cells(self, cells: list) -> list[tuple[str, str]]:
        """(column, message) of each cell the client would take that a spreadsheet spoilt: a
        formula without its value, its error, a long number shortened (bulk/spoilt_cells)."""
        header = self.header
        spoilt = [(header[index], error) for index, error in self._value_cells.among(cells)]
        spoilt += self.nameless.refusals(cells)  # a value under a blank header
        if len(cells) > len(header) and cells[-1].__class__ is TooManyCells:  # the whole row
            spoilt.append(("", spoilt_cell(cells[-1])))
        return spoilt

    def body_of(self, cells: list, language: str | None = None) -> RowBody:
        if (refused := self.header_echo.refusal(cells)) is not None:
            return RowBody(errors=[("", refused)], whole_row_refused=True)
        return self._body_of(self.text_limits.bounded(without_na(cells)), language)

    def _body_of(self, cells: list, language: str | None) -> RowBody:
        """The body of a row's cells, bounded (refused as spoilt: their length said)."""
        read = RowBody(errors=self.spoilt_cells(cells))
        if read.errors:  # (their cells then read as blank: each said once, not as a bad name)
            cells = [None if spoilt_cell(cell) else cell for cell in cells]
        language = language or get_language()
        self._known = self._known_in.setdefault(language, {})
        readings = self._readings_in.get(language) or self._readings_in.setdefault(
            language, [None if step[5] else {} for step in self._plan]
        )
        entity = {}
        parts = {"client": read.body, "entity": entity, "status": read.status}
        width = len(cells)
        for (index, column, param, part, model_field, as_text, kind), seen in zip(
            self._plan, readings, strict=True
        ):
            if index >= width or (value := cells[index]) is None:
                continue
            if seen is not None and value.__class__ is str:  # (a text named, dated: once)
                found, errors = seen.get(value) or self._reading(seen, value, column, kind,
                                                                 model_field)  # fmt: skip
                if errors:
                    read.errors.extend((column, error) for error in errors)
                if found is not None:
                    parts[part][param] = found
                continue
            if value.__class__ is str or isinstance(value, str):
                value = value.strip()
                if value[:1] == "'":  # (only such text may be a neutralised formula)
                    value = restore_cell(value)
                if as_text and value:  # what `_value` gives of text for such a field
                    parts[part][param] = value
                    continue
            if value in (None, ""):
                continue
            value = self._value(column, value, kind, model_field, read)
            if value is None:
                continue
            parts[part][param] = value
        if entity:
            read.body["clientNonPersonDetails"] = entity
        self._parts_of(cells, read)
        self._custom_rows_of(cells, read)
        active = None if self.active_column is None else cell_value(cells, self.active_column)
        if active is not None:  # read as POST /clients reads it: no date, no active client
            read.body[ACTIVE_COLUMN] = yes_no(active)
        settle_active(read.body, read.status, read.errors)  # or as a pending or active status
        if ACTIVE_COLUMN not in read.body and read.body.get("activationDate"):
            read.body[ACTIVE_COLUMN] = True
        # Without a legalForm cell: the upload's, else an entity has a name of its own, or
        # its details.
        read.body.setdefault(
            "legalFormId", self.legal_form or (2 if entity or "fullname" in read.body else 1)
        )
        return read

    def _reading(self, seen: dict, cell: str, column: str, kind: str, model_field) -> tuple:
        """(the value, the errors) of a text cell in a column whose text `_value` reads, kept
        in `seen` (the column's, for the language): a file repeats its offices, officers,
        choices and dates on every row."""
        value = cell.strip()
        if value[:1] == "'":  # (only such text may be a neutralised formula)
            value = restore_cell(value)
        told = _Told()
        found = self._value(column, value, kind, model_field, told) if value else None
        reading = (found, tuple(error for _column, error in told.errors))
        if len(seen) < MOST_KEPT_A_COLUMN:
            seen[cell] = reading
        return reading

    def _parts_of(self, cells: list, read: RowBody) -> None:
        """The row's identifier and address, as the one item of their lists."""
        items: dict[str, dict] = {}
        width = len(cells)
        for index, column in self.parts.items():
            value = cells[index] if index < width else None
            if value.__class__ is str:  # (most cells: `cell_value`'s reading of text, in line)
                value = value.strip()
                if value[:1] == "'":
                    value = restore_cell(value)
                if not value:
                    continue
            elif (value := cell_value(cells, index)) is None:
                continue
            if column.code:
                value = self._code_value(column.name, column.code, value, read)
                if value is None:
                    continue
            elif column.kind == "date":
                value = self._date(self.header[index], value, read)
                if value is None:
                    continue
            items.setdefault(column.part, {})[column.param] = value if column.code else str(value)
        if INLINE_PARAM in items and self.address_active_flag:
            # A migrated address is the client's current one (the API's default is inactive).
            items[INLINE_PARAM].setdefault(ACTIVE_PARAM, True)
        for part, item in items.items():
            read.body[part] = [item]

    def _custom_rows_of(self, cells: list, read: RowBody) -> None:
        """The row's custom tables, as `datatables` items (bulk/custom.py)."""
        values = {}
        for index, column in self.customs.items():
            value = cell_value(cells, index)
            if value is None:
                continue
            if column.type == CustomFieldType.DROPDOWN:
                value = self._code_value(self.header[index], column.code, value, read)
                if value is None:
                    continue
            elif column.type == CustomFieldType.DATE:
                value = self._date(self.header[index], value, read)
                if value is None:
                    continue
            else:
                value = api_value(column, value)
            values[column] = value
        if values:
            read.body[DATATABLES] = datatables_of(values)

    def _code_value(self, column: str, code: str, value, read: RowBody | None) -> int | None:
        """The id of the list `code`'s value the cell names; None (and the error) for none."""
        return self._named(column, ("code", code), value, read, self._find_code_value)

    def _find_code_value(self, code: tuple[str, str], value) -> tuple[int | None, str | None]:
        return self._code_names.find(code[1], value)  # (the id it names, else why none)

    def _named(self, column: str, kind, value, read: RowBody | None, find) -> int | None:
        """`find(kind, value)`: what a cell names (an office, a code value, a choice…), and the
        message when it names nothing — worked out once per distinct value of the file (and
        language), since a file names the same few hundred things on every row."""
        key = (kind, type(value), value)
        known = self._known.get(key)
        if known is None:
            known = find(kind, value)
            if len(self._known) < MOST_REMEMBERED:
                self._known[key] = known
        found, error = known
        if error is not None and read is not None:  # (None: the error is not told here)
            read.errors.append((column, error))
        return found

    def _value(self, column: str, value, kind: str, model_field: models.Field, read: RowBody):
        """`kind`: the model field's (bulk/cell_kinds.py), told once per column."""
        if kind == DATE:
            return self._date(column, value, read)
        if value.__class__ is not str:  # (text, most cells, is none of these)
            if isinstance(value, datetime.datetime):
                value = value.date()
            if isinstance(value, datetime.date):
                return value.isoformat()
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # Excel's numbers: 3.0 dependents, an account number
        if kind == YES_NO:
            return yes_no(value)
        if kind == CHOICE:
            return self._named(column, model_field, value, read, named_choice)
        if kind == TEXT and isinstance(value, bool):
            return "TRUE" if value else "FALSE"  # a name a spreadsheet took for a yes or no
        if kind != REFERENCE:
            return value if isinstance(value, int | bool) else str(value)
        return self._named(column, model_field, value, read, self._reference)

    def _date(self, column: str, value, read: RowBody) -> str | None:
        """A date cell, or text (_text_date), as ISO text; else None and the row's error."""
        if isinstance(value, str):  # (most cells of a CSV: asked first)
            return self._text_date(column, value, read)
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        read.errors.append((column, not_a_date(value)))
        return None

    def _text_date(self, column: str, text: str, read: RowBody) -> str | None:
        """A date written as text, as ISO text: the file's format, or a spreadsheet's day
        number ("45123") refused as one, read here (text_dates.py); ISO by the API's input."""
        if not self.dates.date_format and (text[4:5] == "-" or spreadsheet_day(text) is None):
            return text  # (an ISO date's dash: no day number, no regular expression asked)
        return self._named(column, "date", text, read, lambda _kind, text: self.dates.iso(text))

    def _reference(self, model_field, value) -> tuple[int | None, str | None]:
        return named_reference(self._names, self._code_names, model_field, value)
