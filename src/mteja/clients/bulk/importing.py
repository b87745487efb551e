"""Importing a client file: every row through the API's own input (`ClientCreateInput`) and
the create service, so a row is checked exactly as `POST /clients` checks it — required
fields, formats, ages, code values, the importing user's offices, duplicates against the
database and against the rows above it.

The whole file runs in one transaction, each row in a savepoint of its own: a dry run rolls
everything back once every row is checked; "all or nothing" rolls back when any row failed;
otherwise the valid rows are kept. A row whose external id is already a client's (of the
user's offices) is reported as already imported, so a file can be imported again safely."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from mteja.clients import services
from mteja.clients.api.serializers import ClientCreateInput
from mteja.clients.api.views import to_fields
from mteja.clients.bulk.reading import FileUnreadable, read_table
from mteja.clients.bulk.rows import STATUS_COLUMN, RowReader
from mteja.clients.models import Client
from mteja.core.api.inputs import parse_body
from mteja.core.errors import MtejaError
from mteja.organisation.selectors import office_for_write

IMPORTED, ALREADY, INVALID, VALID, HELD_BACK = (
    "imported", "already imported", "invalid", "valid", "not imported",
)  # fmt: skip


@dataclass
class RowResult:
    line: int  # the file's line (the header is line 1)
    cells: list
    outcome: str
    account_no: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)

    def status(self) -> str:
        """The result file's Status cell."""
        if self.errors:
            return "; ".join(f"{column}: {message}" if column else message
                             for column, message in self.errors)  # fmt: skip
        labels = {
            IMPORTED: _("Imported as %(number)s"),
            ALREADY: _("Already imported as %(number)s"),
            VALID: _("Valid"),
            HELD_BACK: _("Valid, not imported: other rows have errors"),
        }
        return labels[self.outcome] % {"number": self.account_no}


@dataclass
class ImportReport:
    header: list[str]
    rows: list[RowResult]
    dry_run: bool

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    def summary(self) -> dict:
        return {
            "totalRecords": len(self.rows),
            "imported": self.count(IMPORTED),
            "alreadyImported": self.count(ALREADY),
            "valid": self.count(VALID) + self.count(HELD_BACK),
            "invalid": self.count(INVALID),
            "dryRun": self.dry_run,
        }

    def result_table(self) -> tuple[list[str], list[list]]:
        """The input with its Status column (replaced if the file was a result already)."""
        keep = [i for i, name in enumerate(self.header) if name != STATUS_COLUMN]
        header = [self.header[i] for i in keep] + [STATUS_COLUMN]
        rows = [
            [row.cells[i] if i < len(row.cells) else "" for i in keep] + [row.status()]
            for row in self.rows
        ]
        return header, rows


class _RollBack(Exception):
    pass


def import_clients(*, user, data: bytes, dry_run=False, all_or_nothing=False) -> ImportReport:
    """Imports the file's clients as `user`; FileUnreadable when it is no client file."""
    table = read_table(data)
    reader = RowReader(user, table.header)
    if reader.unknown_columns:
        raise FileUnreadable(
            _("Unknown columns: %(names)s.") % {"names": ", ".join(reader.unknown_columns[:10])}
        )
    columns = {target.param: table.header[index] for index, target in reader.targets.items()}
    results: list[RowResult] = []
    run = _Run(user, reader, columns)
    try:
        with transaction.atomic():
            for line, cells in enumerate(table.rows, start=2):
                if any(str(cell).strip() for cell in cells if cell is not None):
                    results.append(run.row(line, list(cells)))
            failed = any(row.errors for row in results)
            if dry_run or (all_or_nothing and failed):
                raise _RollBack
    except _RollBack:
        for row in results:
            if row.outcome == IMPORTED:
                row.outcome, row.account_no = (VALID if dry_run else HELD_BACK), ""
    return ImportReport(table.header, results, dry_run)


@dataclass
class _Run:
    user: object
    reader: RowReader
    columns: dict  # parameter → the file's column
    lines_by_external_id: dict = field(default_factory=dict)  # of the rows above

    def row(self, line: int, cells: list) -> RowResult:
        read = self.reader.body_of(cells)
        if read.errors:
            return RowResult(line, cells, INVALID, errors=read.errors)
        external_id = str(read.body.get("externalId") or "")
        if external_id in self.lines_by_external_id:
            message = _("Line %(line)s has the same external id.") % {
                "line": self.lines_by_external_id[external_id]
            }
            return RowResult(line, cells, INVALID, errors=[(self.columns["externalId"], message)])
        if external_id:
            self.lines_by_external_id[external_id] = line
        existing = self._existing(external_id, str(read.body.get("accountNo") or ""))
        if existing is not None:
            return RowResult(line, cells, ALREADY, existing.account_no)
        try:
            with transaction.atomic():
                data = parse_body(ClientCreateInput, read.body)
                office = office_for_write(user=self.user, office_id=data["officeId"])
                fields = to_fields(data, read.body)
                outcome = services.client_create(actor=self.user, office=office, fields=fields)
        except MtejaError as failure:
            errors = [
                (self.columns.get(error.param.split(".")[-1], ""), error.message)
                for error in failure.errors
            ] or [("", str(failure))]
            return RowResult(line, cells, INVALID, errors=errors)
        return RowResult(line, cells, IMPORTED, outcome.client.account_no)

    def _existing(self, external_id: str, account_no: str) -> Client | None:
        """The client of the user's offices a row was imported as before, if any: the same
        external id, or the same account number (a file exported from Mteja)."""
        same = Q(external_id=external_id) if external_id else Q()
        same |= Q(account_no=account_no) if account_no else Q()
        if not same:
            return None
        return Client.objects.restrict(self.user).filter(same).first()
