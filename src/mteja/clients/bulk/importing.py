"""Importing a client file, batch by batch: each row checked as `POST /clients` checks it
(clients/bulk/checking.py), the valid rows of a batch written together
(services/bulk_create.py) in one transaction — with the caller's record of progress, so a
killed import leaves whole batches and a resumed one starts after the last.

- A dry run checks every row and writes none (no write lock held meanwhile).
- "All or nothing" checks the whole file first and writes only if every row is valid; a row
  refused as it is written then stops it (bulk/all_or_nothing.py).
- Otherwise the valid rows are written and the others reported.

A row whose external id, account number or identity document is already a client's (of the
user's offices) — or, for a row with none of them, the same row imported before — is
reported as already imported, so a file can be imported again safely."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from django.db import IntegrityError, OperationalError, transaction

from mteja.clients.bulk import refused_keys
from mteja.clients.bulk.all_or_nothing import RowRefusedAtWrite, stop_at_a_refused_row
from mteja.clients.bulk.batch_commit import BatchRetries, batch_transaction
from mteja.clients.bulk.before_turn import BeforeTurn
from mteja.clients.bulk.checked_before import standing_only
from mteja.clients.bulk.checking import RowChecker
from mteja.clients.bulk.client_sheets import header_refusal, refuse_clients_elsewhere
from mteja.clients.bulk.columns import import_targets
from mteja.clients.bulk.header_row import NoHeader, search_note
from mteja.clients.bulk.headers import ACTIVE_COLUMN
from mteja.clients.bulk.hidden_rows import hidden_lines
from mteja.clients.bulk.imported_rows import (
    ImportedMeanwhile,
    fingerprint_remembered,
    remember_fingerprints,
)
from mteja.clients.bulk.lanes import Solo, run_lanes
from mteja.clients.bulk.officers import refuse_officers_changed
from mteja.clients.bulk.other_sheets import sheet_note
from mteja.clients.bulk.reading import FileUnreadable, read_head, read_table, read_through
from mteja.clients.bulk.refused_keys import CheckAgain
from mteja.clients.bulk.report import ImportReport
from mteja.clients.bulk.row_results import ALREADY, HELD_BACK, IMPORTED, INVALID, VALID, RowResult
from mteja.clients.bulk.rows import RowReader
from mteja.clients.bulk.swapped_dates import refuse_swapped_dates
from mteja.clients.bulk.text_dates import ISO_ONLY, TextDates
from mteja.clients.bulk.write_again import as_checked, numbers_before
from mteja.clients.models import (
    Client,
    ClientIdentifier,
    CustomRow,
    DuplicatePolicy,
    ImportedRow,
    SearchTerm,
)
from mteja.clients.services.bulk_create import write_clients
from mteja.clients.services.creating import DUPLICATE_RULES, write_client
from mteja.clients.services.duplicates import (
    apply_duplicate_policy,
    hold_duplicate_keys,
    may_have_duplicates,
    rules_set_to,
)
from mteja.core import context
from mteja.core.collection import fewer_collections
from mteja.core.errors import MtejaError
from mteja.core.statistics import GrowthWatch

BATCH_ROWS = 500
SOLO = Solo()
# (results, the last line passed, writing, whether it is the file's end)
Progress = Callable[[list[RowResult], int, bool, bool], None]


class Batch(list):
    """A batch's rows as (line, cells), and the file's lines it passes (imports/bar.py's)."""

    through = 0  # the last line passed: the last row's, and the blank lines after it
    at_end = False  # the file's last batch: `through` is its last line


__all__ = ["ALREADY", "HELD_BACK", "IMPORTED", "INVALID", "VALID", "ClientImport", "RowResult"]


class ClientImport:
    """One file's import for one user: `source` is its bytes or its path."""

    def __init__(
        self,
        *,
        user,
        source: bytes | Path,
        dry_run=False,
        all_or_nothing=False,
        dates: TextDates = ISO_ONLY,
        legal_form: int | None = None,
        keep_cells=True,
        on_lock_wait: Callable[[float], None] | None = None,  # (batch_commit.BatchRetries)
    ):
        self.user, self.source, self.on_lock_wait = user, source, on_lock_wait
        self._searched_to: int | None = None  # (header_row.Table.searched_to)
        self.keep_cells = keep_cells  # in the report's rows (a result file's), or not
        self.dry_run, self.all_or_nothing = dry_run, all_or_nothing
        with self._opened() as stream:  # one stream: an .xlsx's texts read once (sheet_stream)
            self.header, self.hidden_lines = self._header(stream), hidden_lines(stream)
            self.reader = RowReader(user, self.header, dates, legal_form)
            if (refused := header_refusal(self.reader)) is not None:
                raise self._refusal(refused)
            if not stream.closed:  # (a CSV's, closed once its header is read, has no sheets)
                stream.seek(0)
                refuse_clients_elsewhere(user, stream)  # its other sheets' clients left out
        # A refusal names the column of its parameter: the file's, else the one it would
        # have (a closed client's closureDate, which the file lacks).
        self.columns = {target.param: name for name, target in import_targets().items()}
        self.columns.update(
            {target.param: self.header[index] for index, target in self.reader.targets.items()}
        )
        self.columns.update({part.param: self.header[i] for i, part in self.reader.parts.items()})
        if self.reader.active_column is not None:
            self.columns[ACTIVE_COLUMN] = self.header[self.reader.active_column]

    def _header(self, stream: IO[bytes]) -> list[str]:
        """The header alone (a workbook's read row by row: its rows are read by each pass)."""
        try:
            head = read_head(stream)
        except NoHeader as refused:
            raise self._refusal(str(refused)) from refused
        self._searched_to = head.searched_to
        return head.header

    def _refusal(self, message: str) -> FileUnreadable:
        """A refusal of the file's header, saying where the header was looked for when the
        search stopped short of the sheet's end, and naming the sheet read when the workbook
        has others the user sees."""
        with self._opened() as stream:
            return FileUnreadable(message + search_note(self._searched_to) + sheet_note(stream))

    @contextlib.contextmanager
    def _opened(self) -> Iterator[IO[bytes]]:
        if isinstance(self.source, bytes):
            yield io.BytesIO(self.source)
        else:
            with self.source.open("rb") as stream:
                yield stream

    def _table(self):
        """The file read afresh (a pass reads it to its end)."""
        if isinstance(self.source, bytes):
            return read_table(io.BytesIO(self.source))
        return read_table(self.source.open("rb"))  # noqa: SIM115 (closed with its rows' end)

    def _read_through(self) -> None:
        if isinstance(self.source, bytes):
            read_through(io.BytesIO(self.source), workbook_too=True)
        else:
            with self.source.open("rb") as file:
                read_through(file, workbook_too=False)

    def batches(
        self, *, after_line=0, size=BATCH_ROWS, skipped: Callable | None = None
    ) -> Iterator[Batch]:
        """The file's rows with a value in a read column after `after_line` (a row of only
        blanks, or of a Fineract template's lookup tables, is none), as (line, cells), `size`
        at a time; those up to it given to `skipped` (a resumed import's lines written
        before). A batch reaches `through` the line before the next batch's first (the blank
        lines after it are passed with it), the last one the file's last line (`at_end`): the
        progress goes by the file's lines, which its count up front counts."""
        batch, line = Batch(), after_line
        table = self._table()
        for line, cells in enumerate(table.rows, start=table.first_line):
            if not self.reader.holds_values(cells):
                continue
            if line <= after_line:
                if skipped is not None:
                    skipped([(line, cells)])
                continue
            if len(batch) == size:
                batch.through = line - 1
                yield batch
                batch = Batch()
            batch.append((line, list(cells)))
        if batch:
            batch.through, batch.at_end = line, True
            yield batch

    def run(
        self,
        *,
        after_line=0,
        on_batch: Progress | None = None,
        batch_size=BATCH_ROWS,
        lanes: int = 1,
        standing: Iterable[int] | None = None,
    ) -> ImportReport:
        """Imports the rows after `after_line` (a resumed import's last written line).
        `on_batch` is told each batch's results — when writing, inside the batch's
        transaction; the report keeps the rows only without it (their cells only when
        `keep_cells`). With `lanes` > 1, a writing pass told of its batches runs in that many
        processes (bulk/lanes.py); the report then has the outcomes, not the rows. A CSV
        file, or any file held in memory, that turns out unreadable part-way, or any file
        whose dates read only with day and month swapped, is refused before anything is
        written (FileUnreadable). `standing`: the lines up to `after_line` that stood for a
        client, as a resumed job recorded them, which alone a pass that writes nothing notes
        (checked_before.py)."""
        if not self.dry_run:
            self._read_through()
        refuse_swapped_dates(self.reader, self._table)  # (a dry run's file too)
        if self.all_or_nothing and not self.dry_run:
            checked = self._pass(after_line, on_batch, batch_size, writing=False, standing=standing)
            if checked.outcomes[INVALID]:
                for row in checked.rows:
                    if row.outcome == VALID:
                        row.outcome = HELD_BACK
                checked.outcomes[HELD_BACK] = checked.outcomes.pop(VALID, 0)
                checked.dry_run, checked.held_back = False, True
                return checked
        writing = not self.dry_run
        if lanes > 1 and writing and on_batch is not None:
            report = ImportReport(self.header, dry_run=False)
            report.outcomes = run_lanes(
                lanes,
                lambda lane: (
                    self._pass(after_line, on_batch, batch_size, writing=True, lane=lane).outcomes
                ),
            )
            return report
        return self._pass(after_line, on_batch, batch_size, writing=writing, standing=standing)

    def _pass(
        self, after_line, on_batch, batch_size, *, writing: bool, lane: Solo = SOLO, standing=None
    ) -> ImportReport:
        """Each batch (of this lane) checked, then written in its turn, with its record."""
        report = ImportReport(self.header, dry_run=not writing, hidden_lines=self.hidden_lines)
        checker = RowChecker(self.user, self.reader, self.columns, noted_hold=not writing)
        # The lines before a resumed import's start are noted as another lane's would be.
        skipped = checker.note_lines
        if standing is not None and not writing:
            skipped = standing_only(skipped, standing)
        batches = self.batches(after_line=after_line, size=batch_size, skipped=skipped)
        # The tables whose look-ups each batch makes, analysed as they grow (PostgreSQL);
        # and the custom rows, which an export then reads by client (with the statistics of
        # an empty table, a scan of them all for each thousand clients: ten times slower).
        growth = GrowthWatch(Client, ClientIdentifier, SearchTerm, ImportedRow, CustomRow)
        with fewer_collections():  # the process's objects traversed less often
            try:
                for index, batch in enumerate(batches):
                    if not lane.takes(index):
                        checker.note_lines(batch)
                        continue
                    with context.remembering():  # settings and reference rows read once a batch
                        checked = checker.check_batch(batch)
                        ready = BeforeTurn(checked, lane, index, writing=writing)
                    with lane.turn(index):
                        results = self._commit(checker, checked, batch, on_batch, lane, ready)
                    if on_batch is None and not self.keep_cells:
                        for row in results:
                            row.cells = []  # a summary's rows need their outcomes only
                    report.add(results, keep=on_batch is None)
                    growth.added_rows(sum(row.outcome == IMPORTED for row in results))
            except RowRefusedAtWrite as refused:
                if lane is SOLO:  # (a lane's count is its share: a job counts its own)
                    refused.imported_before = report.outcomes[IMPORTED]
                raise
        return report

    def _commit(self, checker, checked, batch, on_batch, lane, ready) -> list[RowResult]:
        """The batch admitted, written and recorded in one transaction (`ready`: made ready
        before the turn). Its clients go in a few statements without a savepoint (on SQLite
        one doubles the inserts' cost); when a unique value refuses one, the transaction is
        rolled back and the batch written again client by client, to name the row. A
        transaction that failed for another writer's sake (a deadlock, SQLite held) is tried
        again, as far as BatchRetries allows. The rows refused as written give back the
        file's values they held; when a row below was refused as the repeat of one, the batch
        is rolled back and checked again (refused_keys.py, decision 219)."""
        before, together, refused = ready.before, True, {}
        retries = BatchRetries(self.on_lock_wait)
        while True:
            try:
                results = self._admitted(checker, checked, batch, on_batch, lane, together, ready)
                refused_keys.give_back_refused(checker.file_keys, checked)
                return results
            except CheckAgain as again:
                refused.update(again.refused)
                with context.remembering():
                    checked = checker.check_again(batch, checked, refused)
                before = numbers_before(checked)
            except IntegrityError:
                if not together:
                    raise
                together = False  # one by one, to name the row
            except OperationalError as failure:
                # Another writer's transaction and this one waited on each other (PostgreSQL
                # rolled this one back), or another writer held SQLite: written again.
                if not retries.again(failure):
                    raise
            as_checked(checked, before)

    def _admitted(self, checker, checked, batch, on_batch, lane, together, ready):
        writing, built = ready.writing, ready.built()  # (made before: for the first attempt)
        with batch_transaction(recorded=bool(on_batch), last=batch.at_end), context.remembering():
            valid = self._without_refused_duplicates(checker, checked)
            if writing and valid:
                self._write(checker, valid, together=together, built=built)
            refused = refused_keys.refused_as_written(checked)
            if refused_keys.named(checked, refused):
                raise CheckAgain(refused)  # (the batch's rows written rolled back)
            results = [result for result, _prepared in checked]
            if writing and self.all_or_nothing:  # the whole file was checked valid
                stop_at_a_refused_row(results)
            if on_batch is not None:
                on_batch(results, batch.through, writing, batch.at_end)
            lane.still_wanted()
        return results

    def _without_refused_duplicates(self, checker: RowChecker, checked: list) -> list:
        """The valid rows not imported meanwhile, whose officer may still have them, that the
        institution's duplicate policy lets in, against the clients written already (those
        above in the file: checking.py); the look-up of each row only for the few that may
        match (one query per rule for the batch)."""
        valid = refuse_officers_changed(checker.imported_meanwhile(checked), checker.errors_of)
        if not valid:
            return valid
        # Only the refusals matter here: an import reports no warnings.
        rules = rules_set_to(valid[0][1].policy, DUPLICATE_RULES, DuplicatePolicy.BLOCK)
        if not rules:
            return valid
        clients = [prepared.client for _result, prepared in valid]
        hold_duplicate_keys(clients, rules)  # another writer's client of one key seen first
        admitted = []
        for (result, prepared), may in zip(valid, may_have_duplicates(clients, rules), strict=True):
            try:
                if may:
                    apply_duplicate_policy(prepared.client, self.user, prepared.policy, rules)
            except MtejaError as refused:
                result.outcome, result.errors = INVALID, checker.errors_of(refused)
                continue
            admitted.append((result, prepared))
        return admitted

    def _write(self, checker: RowChecker, valid: list, *, together: bool, built=None) -> None:
        """The batch's clients in a few statements (`together`: an IntegrityError then
        fails the caller's transaction), or one by one; clients with family members always
        one by one."""
        singly = valid
        if together:
            plain = [(result, prepared) for result, prepared in valid if prepared.bulk_writable]
            with transaction.atomic(savepoint=False):
                write_clients([prepared for _result, prepared in plain], built)
                remember_fingerprints(plain)
            for result, prepared in plain:
                result.outcome, result.account_no = IMPORTED, prepared.client.account_no
            singly = [
                (result, prepared) for result, prepared in valid if not prepared.bulk_writable
            ]
        # The account numbers of this batch's clients written so far.
        written = {result.account_no for result, _prepared in valid if result.outcome == IMPORTED}
        for result, prepared in singly:
            try:
                with transaction.atomic():
                    write_client(prepared)
                    if not fingerprint_remembered(result, prepared):
                        raise ImportedMeanwhile  # its client's rows rolled back
            except MtejaError as refused:
                # Its external id or document taken meanwhile by a client of the user's
                # offices (another import, a user): imported already, as a re-run says.
                # Taken by a row above in this batch, the file gives it twice: refused.
                number = checker.account_no_known_by(result.known_by)
                if number and number not in written:
                    result.outcome, result.account_no = ALREADY, number
                else:
                    result.outcome, result.errors = INVALID, checker.errors_of(refused)
                continue
            except ImportedMeanwhile:
                number = checker.account_no_known_by(result.known_by)
                result.outcome, result.account_no = ALREADY, number
                continue
            result.outcome, result.account_no = IMPORTED, prepared.client.account_no
            written.add(result.account_no)


def import_clients(*, user, data, **options) -> ImportReport:
    """Imports the file's clients as `user`, all at once (`options`: ClientImport's
    dry_run, all_or_nothing, dates, keep_cells); FileUnreadable when it is no client file."""
    return ClientImport(user=user, source=data, **options).run()
