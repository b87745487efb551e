"""Checking one row of a client file: the row read as `POST /clients`'s body, through the
API's own input (`ClientCreateInput`) and the create service's checks (`prepare_client`), so
a row is refused exactly as the request would be; plus what only a file has — rows above
with the same external id, account number, identity document, or (when the institution
refuses such duplicates) mobile number or name and birth date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import get_language, gettext_lazy

from mteja.clients.api.serializers import ClientCreateInput
from mteja.clients.api.views import to_fields
from mteja.clients.bulk import refused_keys
from mteja.clients.bulk.custom import file_column_of
from mteja.clients.bulk.file_key_claims import FileKeyClaims
from mteja.clients.bulk.known_clients import existing as existing_clients
from mteja.clients.bulk.known_clients import known_as, known_by
from mteja.clients.bulk.noted_keys import NotedKeys
from mteja.clients.bulk.parts import DOCUMENT_KEY, part_columns
from mteja.clients.bulk.refusal_cells import place
from mteja.clients.bulk.row_results import ALREADY, INVALID, VALID, RowResult
from mteja.clients.bulk.rows import FINGERPRINT, RowBody, RowReader
from mteja.clients.bulk.rule_values import blocked_rules, holders, noted_rule_values, rule_values
from mteja.clients.bulk.statuses import StatusRecorder
from mteja.clients.kyc.identifiers.reads import forget_owners_read_ahead, read_owners_ahead
from mteja.clients.models import CLIENT, Client, ClientPolicy, ImportedRow
from mteja.clients.services.creating import PreparedClient, prepare_client
from mteja.clients.services.steps import CLIENT_UNIQUE
from mteja.clients.validation import NAME_PARTS
from mteja.core import context
from mteja.core.among import Among
from mteja.core.api.inputs import BodyReader
from mteja.core.api.model_fields import held_limits
from mteja.core.errors import MtejaError
from mteja.organisation.selectors import office_for_write


@dataclass
class RowChecker:
    """Checks the rows of one file, in order, for one user."""

    user: object
    reader: RowReader
    columns: dict  # parameter → the file's column
    noted_hold: bool = True  # False in a writing pass: the database says (file_key_claims.py)

    def __post_init__(self):
        self.file_keys = FileKeyClaims(noted_hold=self.noted_hold)
        # Its fields built once for the file, their readings of the values the rows repeat kept.
        self.bodies = BodyReader(ClientCreateInput, remember_values=True)
        # The client fields whose model limits the input checks alike: not checked twice.
        self.held = held_limits(CLIENT, self.bodies.serializer.fields)
        self.statuses = StatusRecorder()
        self.policy = ClientPolicy.current()
        self.blocked_rules = blocked_rules(self.policy)
        # Another lane's rows; their rule values only when a rule is blocked (decision 247).
        self.noted_keys = NotedKeys(
            self.reader, self._noted_rule_values if self.blocked_rules else None
        )
        # A part's column by (list, parameter): the file's, else the one it would have
        # (a document type whose format requires an expiry date the file does not give).
        self.part_headers = {(part.part, part.param): part.name for part in part_columns()}
        self.part_headers.update({(part.part, part.param): self.reader.header[index]
                                  for index, part in self.reader.parts.items()})  # fmt: skip

    def check_batch(
        self, batch: list[tuple[int, list]], refused: dict[int, list] | None = None
    ) -> list[tuple[RowResult, PreparedClient | None]]:
        """Each row's result, and the client to write when it is valid (outcome VALID); the
        clients imported before are looked up for the whole batch at once. `refused`: the
        errors of the batch's rows refused after an earlier check of it (`_without_taken`,
        or as it was written: importing.py `_commit`), which they keep should they be checked valid
        again, holding no value of the file; the batch is checked again when a row refused
        by `_without_taken` was named by a row below as its repeat (decision 219)."""
        refused = {} if refused is None else refused
        while True:
            checked = self._checked(batch, refused)
            released = refused_keys.refused_after_check(checked)
            if not refused_keys.named(checked, released):
                return checked
            refused_keys.give_back(self.file_keys, checked)
            refused.update(released)

    def check_again(self, batch: list, checked: list, refused: dict[int, list]) -> list:
        """The batch checked again, the values its rows held given back first (`check_batch`'s
        `refused`)."""
        refused_keys.give_back(self.file_keys, checked)
        return self.check_batch(batch, refused)

    def _checked(self, batch: list, refused: dict[int, list]) -> list:
        rows, language = [], get_language()  # (the same for the batch's rows: read once)
        for line, cells in batch:
            read, unique = self.reader.read_row(cells, language)
            keys = known_by(read.body) + [value for value in unique if value[0] == FINGERPRINT]
            rows.append((line, cells, read, unique, keys))
        existing = self._existing([key for *_row, keys in rows for key in keys])
        read_owners_ahead({key[1:] for *_row, keys in rows for key in keys
                           if key[0] == "identifier"})  # fmt: skip
        try:
            return self._without_taken([self._check(*row, existing, refused) for row in rows])
        finally:
            forget_owners_read_ahead()

    def _without_taken(self, checked: list) -> list:
        """The checked rows, those valid that another office's client stands in the way of
        now refused as their write would be, so that a dry run says what the import will:
        a value of theirs that must be unique (CLIENT_UNIQUE: the external id, the account
        number), as `POST /clients` refuses it, unless its holder is in the user's offices
        (then it is "already imported"); or, for a row without either, the same row imported
        before as a client since moved out of the user's offices."""
        valid = [(result, prepared) for result, prepared in checked if prepared is not None]
        held = _held_values([prepared.client for _result, prepared in valid])
        moved = self._moved_away({key[1] for result, _p in valid for key in result.known_by
                                  if key[0] == FINGERPRINT})  # fmt: skip
        conflicts = {}  # row index → the check its value fails
        for index, (_result, prepared) in enumerate(checked):
            if prepared is not None:
                client = prepared.client
                conflict = next(
                    (check for check in CLIENT_UNIQUE
                     if getattr(client, check.fields[0]) in held[check.fields[0]]),
                    None,
                )  # fmt: skip
                if conflict is not None:
                    conflicts[index] = conflict
        # A holder in the user's offices was written since the batch looked (by another
        # import running at the same time): the row is imported already, as a re-run says.
        mine = self._existing([key for i in conflicts for key in checked[i][0].known_by])
        refused = []
        for index, (result, prepared) in enumerate(checked):
            if index in conflicts:
                # Written meanwhile by the lane that checked a noted line holding the value:
                # that line holds it, as it would have at the check (not "already imported").
                noted = self.file_keys.held_by_noted(result.pending, mine)
                found = known_as(result.known_by, mine)
                if noted:
                    result.outcome, result.errors = INVALID, self._same_as_above(noted)
                elif found:
                    result.outcome, result.account_no = ALREADY, found
                else:
                    error = conflicts[index].error(prepared.client)
                    result.outcome, result.errors = INVALID, self.errors_of(error)
                prepared = None
            elif prepared is not None and any(
                key[1] in moved for key in result.known_by if key[0] == FINGERPRINT
            ):
                result.outcome, result.errors = INVALID, [("", str(_MOVED_AWAY))]
                prepared = None
            if result.outcome == INVALID and result.values:  # (held since its check)
                refused_keys.give_back(self.file_keys, [(result, None)])
            refused.append((result, prepared))
        return refused

    def _moved_away(self, fingerprints: set[str]) -> set[str]:
        """The fingerprints of rows imported before as clients now outside the user's
        offices (those inside were written meanwhile by another import)."""
        if not fingerprints:
            return set()
        imported = ImportedRow.objects.filter(Among("fingerprint", fingerprints))
        moved = set(imported.values_list("fingerprint", flat=True))
        if moved:
            moved -= set(imported.restrict(self.user).values_list("fingerprint", flat=True))
        return moved

    def note_lines(self, batch: list[tuple[int, list]]) -> None:
        """The values that must be unique in the file of a batch another lane checks (or a
        resumed import wrote before), noted with their lines: a row below repeating one is
        refused as it would be in one uninterrupted lane."""
        keys = self.noted_keys.of
        for line, cells in batch:
            self.file_keys.note(keys(cells), line)

    def _check(
        self, line: int, cells: list, read, unique: list, keys: list, existing: dict, refused: dict
    ):
        # A row repeating a line above's external id, account number or identity document
        # (or, without any, all its values) is refused, whether that line was imported now
        # or before (a file re-run says the same); a line refused for its own errors holds
        # none of them (decision 200).
        held, pending = self.file_keys.repeats(unique, existing)
        if held:
            return self._repeat(line, cells, held), None
        # A client imported before is so whatever its other cells now say (an export read
        # back naming an officer who since has a namesake).
        found = known_as(keys, existing)
        if found:
            self.file_keys.claim(unique, line)
            return RowResult(line, cells, ALREADY, found, values=unique, pending=pending), None
        if read.whole_row_refused:
            return RowResult(line, cells, INVALID, errors=read.errors), None
        # Checked though a cell was refused: every error told at once, as by `POST /clients`.
        try:
            data = self.bodies.read(read.body)
            office = self._office(data["officeId"])
            fields = to_fields(data, read.body)
            prepared = prepare_client(actor=self.user, office=office, fields=fields, held=self.held)
            self.statuses.record(self.user, prepared.client, read.status)
        except MtejaError as failure:
            errors = self._besides_refused_cells(read, cells, failure)
            return RowResult(line, cells, INVALID, errors=errors), None
        if read.errors:
            return RowResult(line, cells, INVALID, errors=read.errors), None
        values_of_rules = rule_values(prepared.client, self.blocked_rules)
        # (Only a noted line giving one: the database says as the row is written.)
        held, rules_pending = self.file_keys.repeats(values_of_rules, {})
        if held:
            return self._repeat(line, cells, held), None
        if line in refused:  # (refused once the batch was checked: holding nothing)
            return RowResult(line, cells, INVALID, errors=refused[line]), None
        values = unique + values_of_rules
        self.file_keys.claim(values, line, settled=False)
        pending += rules_pending
        return RowResult(
            line, cells, VALID, known_by=keys, pending=pending, values=values
        ), prepared

    def _office(self, office_id: int):
        """`office_for_write` of the rows' office, once per office a batch names (its unit of
        work: context.remembering); a refusal is told again for each row."""
        return context.remembered(
            (_OFFICE_FOR_WRITE, self.user.pk, office_id),
            lambda: office_for_write(user=self.user, office_id=office_id, shared=True),
        )

    def imported_meanwhile(self, checked: list) -> list:
        """The valid rows of a checked batch, less those imported since it was checked (by
        the batches before it, written by another lane, or another user), now "already
        imported" as they would have been found then, and those repeating a value that a
        line another lane checked (or a resumed import wrote) turns out to hold; one
        look-up for the batch."""
        valid = [(result, prepared) for result, prepared in checked if prepared is not None]
        existing = self._existing([key for result, _prepared in valid for key in result.known_by])
        existing.update(holders(self.user, {value for result, _prepared in valid
                                            for value, _line in result.pending}))  # fmt: skip
        left = []
        for result, prepared in valid:
            held = self.file_keys.held_meanwhile(result.pending, existing, result.line)
            if held:
                result.outcome, result.errors = INVALID, self._same_as_above(held)
                continue
            found = known_as(result.known_by, existing)
            if found:
                result.outcome, result.account_no = ALREADY, found
                continue
            left.append((result, prepared))
        return left

    def errors_of(self, failure: MtejaError, body: dict | None = None) -> list[tuple[str, str]]:
        """A refusal's errors by the file's column (the parameter's, when the file has it);
        those of the row's custom tables by their field's column (`body`: the row's)."""
        return [(self._column_of(error, body), error.message) for error in failure.errors] or [
            ("", str(failure))
        ]

    def _column_of(self, error, body: dict | None) -> str:
        custom = file_column_of(error, body or {}, self.reader.custom_headers)
        if custom is not None:
            return custom
        item = _PART_ITEM.fullmatch(error.param or "")
        if item and (item[1], item[2]) in self.part_headers:
            return self.part_headers[item[1], item[2]]
        return self.columns.get((error.param or "").split(".")[-1], "")

    def _besides_refused_cells(self, read, cells: list, failure: MtejaError) -> list:
        """The cells refused as read, then the row's other errors by their cells (those of
        no parameter placed: refusal_cells.py), not a refused cell's (read as blank)."""
        columns = {column for column, _message in read.errors}
        named = bool(columns.intersection(map(self.columns.get, NAME_PARTS)))
        place(failure, self.reader, read, cells, named=named)
        errors = self.errors_of(failure, read.body) if failure.errors else []
        return read.errors + [(column, text) for column, text in errors if column not in columns]

    def _noted_rule_values(self, read: RowBody) -> list[tuple[str, object]]:
        """The rule values of a noted line's row read whole (none when it is refused as
        read or by the API's input: it stands for no client)."""
        if read.whole_row_refused or read.errors:
            return []
        try:
            data = self.bodies.read(read.body)
        except MtejaError:
            return []
        return noted_rule_values(to_fields(data, read.body), self.policy, self.blocked_rules)

    def _repeat(self, line: int, cells: list, held: list[tuple[str, int]]) -> RowResult:
        errors = self._same_as_above(held)
        return RowResult(line, cells, INVALID, errors=errors, repeated=tuple(n for _p, n in held))

    def _same_as_above(self, held: list[tuple[str, int]]) -> list[tuple[str, str]]:
        """The errors of a row's values lines above hold: (parameter, line) each."""
        return [
            (self.columns.get(param, ""), _SAME_AS_ABOVE[param] % {"line": line})
            for param, line in held
        ]

    def _existing(self, keys: list[tuple]) -> dict[tuple, tuple]:
        """known_clients.existing for the user (a method: tests time its look-up)."""
        return existing_clients(self.user, keys)

    def account_no_known_by(self, keys: list[tuple]) -> str:
        """The account number of the client a row's keys know, "" for none."""
        return known_as(keys, self._existing(keys))


def _held_values(clients: list[Client]) -> dict[str, set]:
    """Of the clients' values that must be unique (CLIENT_UNIQUE), those a client of any
    office holds, by field name; one look-up."""
    names = [check.fields[0] for check in CLIENT_UNIQUE]
    wanted = {name: {getattr(c, name) for c in clients} - {None, ""} for name in names}
    held = {name: set() for name in names}
    if not any(wanted.values()):
        return held
    condition = Q()
    for name, values in wanted.items():
        condition |= Q(Among(name, values))
    for values in Client.objects.filter(condition).values_list(*names).order_by():
        for name, value in zip(names, values, strict=True):
            if value not in (None, ""):
                held[name].add(value)
    return held


_OFFICE_FOR_WRITE = object()  # (the key of a batch's offices in its unit of work's memo)
_PART_ITEM = re.compile(r"(\w+)\[0\]\.(\w+)")  # identifiers[0].expiryDate


_MOVED_AWAY = gettext_lazy(
    "This row was imported before: its client is now in an office outside yours."
)
_SAME_AS_ABOVE = {
    "externalId": gettext_lazy("Line %(line)s has the same external id."),
    "accountNo": gettext_lazy("Line %(line)s has the same account number."),
    DOCUMENT_KEY: gettext_lazy("Line %(line)s has the same identity document."),
    "mobileNo": gettext_lazy("Line %(line)s has the same mobile number."),
    "dateOfBirth": gettext_lazy("Line %(line)s has the same name and date of birth."),
    FINGERPRINT: gettext_lazy(
        "Line %(line)s has the same values: give each client an external id to tell them apart."
    ),
}
