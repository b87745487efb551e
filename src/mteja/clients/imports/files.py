"""A job's files, in its own directory under MEDIA_ROOT/imports/ (which nothing serves): the
uploaded file, named by the job (its original name is only a record), and one result file per
batch, written before the batch commits. A batch file beyond the job's last written line is
a batch that never committed (a kill, a cancel): it is ignored, and a resumed job writes it
again. The downloadable result is those files joined in order."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.bulk import counted, counting, workbook
from mteja.clients.bulk.checked_before import STANDING
from mteja.clients.bulk.column_access import refuse_unreadable_parts
from mteja.clients.bulk.download import export_slots, result_file
from mteja.clients.bulk.export import PERMISSION as EXPORT_PERMISSION
from mteja.clients.bulk.hidden_rows import hidden_lines
from mteja.clients.bulk.reading import file_kind, read_table
from mteja.clients.bulk.report import TAKEN
from mteja.clients.bulk.row_results import (
    CHECK_INTERRUPTED_BEFORE,
    CHECK_STOPPED_BEFORE,
    HELD_BACK,
    INTERRUPTED_BEFORE,
    NOT_CHECKED,
    NOT_REACHED,
    STOPPED_BEFORE,
    VALID,
    RowResult,
)
from mteja.clients.bulk.rows import RowReader
from mteja.clients.bulk.unreadable import FileUnreadable
from mteja.clients.imports.removed_files import refuse_removed
from mteja.clients.imports.workers import INTERRUPTED, worker_gone
from mteja.clients.models import ImportStatus
from mteja.core import audit
from mteja.core.errors import (
    DomainError,
    NotAuthorized,
    NotFound,
    ParameterError,
    ValidationFailed,
)
from mteja.core.sizes import file_too_large

WRITTEN, CHECKED = "rows", "check"  # a final pass's batches; all or nothing's checking pass
COPY_BYTES = 1 << 20
COUNTS = "counts.json"  # the cells of an .xls or .ods source, counted once
# What a job that stopped before its file's end says of each row it never reached, by its
# status as shown and whether it only checked (a dry run): a cancelled job's (decision 234),
# a failed one's (decision 245) and an interrupted one's (decision 267). A job of any other
# status has reached its file's end, or is still running.
NOT_REACHED_AS = {
    (ImportStatus.CANCELLED, False): NOT_REACHED,
    (ImportStatus.CANCELLED, True): NOT_CHECKED,
    (ImportStatus.FAILED, False): STOPPED_BEFORE,
    (ImportStatus.FAILED, True): CHECK_STOPPED_BEFORE,
    (INTERRUPTED, False): INTERRUPTED_BEFORE,
    (INTERRUPTED, True): CHECK_INTERRUPTED_BEFORE,
}
# What `json.dumps(…, ensure_ascii=False)` builds for each call, made once (a row a call).
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)


def imports_root() -> Path:
    """Where every job's directory is, and nothing else of Mteja's."""
    return Path(settings.MEDIA_ROOT) / "imports"


def job_dir(job) -> Path:
    return imports_root() / str(job.pk)


def source_path(job) -> Path:
    folder = job_dir(job)
    found = sorted(folder.glob("source.*"))
    return found[0] if found else folder / "source.csv"


def store_source(job, data: bytes | Path) -> Path:
    """Keeps the uploaded file (bytes, or a file on disk copied) as the job's source, in a
    directory of its own: what a job of the same id left there (its id reused after its
    transaction rolled back, as SQLite does) is no part of this one."""
    folder = job_dir(job)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, Path):
        # Copied before its kind is read from its first bytes: a pipe (`mteja import
        # <(zcat clients.csv.gz)`) is read once.
        received = folder / "source.received"
        with data.open("rb") as stream, received.open("wb") as copy:
            _copy_within_limit(stream, copy)
        with received.open("rb") as stream:
            target = folder / f"source.{file_kind(stream)}"
        received.rename(target)
    else:
        kind = file_kind(io.BytesIO(data))
        target = folder / f"source.{kind}"
        target.write_bytes(data)
    return target


def _copy_within_limit(source, target) -> None:
    """Copies `source` to `target`; FileUnreadable once past MTEJA_IMPORT_MAX_BYTES, an
    upload's limit (`mteja import /dev/zero` filled the disk at 500 MB a second)."""
    most, copied = settings.MTEJA_IMPORT_MAX_BYTES, 0
    while chunk := source.read(COPY_BYTES):
        copied += len(chunk)
        if copied > most:
            raise FileUnreadable(file_too_large(most))
        target.write(chunk)


def count_rows(path: Path) -> int:
    """The file's data rows, estimated cheaply up front (the progress bar's total; a finished
    job records the true count): clients/bulk/counting.py."""
    with path.open("rb") as stream:
        return counting.count_rows(stream)


def keep_counts(job) -> None:
    """The cells of the job's .xls or .ods counted so far, written down beside it for the
    processes that read it later (`recall_counts`)."""
    counted.write_down(source_path(job), job_dir(job) / COUNTS)


def recall_counts(job) -> None:
    """The cells of the job's .xls or .ods as counted when the job was created, remembered
    by this process: its readings count them no more (clients/bulk/counted.py)."""
    counted.read_back(source_path(job), job_dir(job) / COUNTS)


def _batch_path(job, kind: str, last_line: int) -> Path:
    return job_dir(job) / f"{kind}-{last_line:010d}.jsonl"


# The names of what a job's directory holds: its source, its counts, its batches' outcomes.
_JOB_FILE = re.compile(rf"source\.\w+|{re.escape(COUNTS)}|({WRITTEN}|{CHECKED})-\d{{10}}\.jsonl")


def is_job_file(entry: os.DirEntry) -> bool:
    """Whether `entry`, in a job's directory, is a file a job writes there (a regular file
    named as store_source, keep_counts and write_batch name theirs)."""
    return entry.is_file(follow_symlinks=False) and _JOB_FILE.fullmatch(entry.name) is not None


def write_batch(job, kind: str, results: list[RowResult], last_line: int) -> None:
    """One batch's outcomes (line, outcome, account number, errors: the cells stay in the
    source file), on disk (flushed and synced) before its transaction commits."""
    target = _batch_path(job, kind, last_line)
    with target.open("w", encoding="utf-8") as out:
        out.writelines(
            _ROW_ENCODER.encode([row.line, row.outcome, row.account_no, row.errors]) + "\n"
            for row in results
        )
        out.flush()
        os.fsync(out.fileno())


def _batches(job, kind: str, up_to: int | None) -> list[Path]:
    found = sorted(job_dir(job).glob(f"{kind}-*.jsonl"))
    if up_to is None:
        return found
    return [path for path in found if int(path.stem.split("-")[1]) <= up_to]


def forget_uncommitted(job) -> None:
    """Removes the batch files the database does not count: written batches beyond the last
    line, and every checking batch (a resumed all-or-nothing job checks again)."""
    committed = set(_batches(job, WRITTEN, job.last_line))
    for path in _batches(job, WRITTEN, None):
        if path not in committed:
            path.unlink(missing_ok=True)
    for path in _batches(job, CHECKED, None):
        path.unlink(missing_ok=True)


def _outcomes(job) -> Iterator[RowResult]:
    """Every row's outcome in the file's order, without its cells: the committed batches,
    then (when all or nothing found errors) the checked rows, valid ones held back."""
    paths = _batches(job, WRITTEN, job.last_line)
    if job.held_back:
        paths += _batches(job, CHECKED, None)
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for text in lines:
                line, outcome, account_no, errors = json.loads(text)
                if job.held_back and outcome == VALID:
                    outcome = HELD_BACK
                errors = [tuple(error) for error in errors]
                yield RowResult(line, [], outcome, account_no, errors)


def resumed_at(job) -> dict:
    """Where the job's run starts (`ClientImport.run`'s keywords): after its last written
    line; the lines of its written batches whose rows stood for a client (valid, imported,
    imported before), in order, which alone a resumed pass that writes nothing notes of the
    lines before it (bulk/checked_before.py; read as that pass reaches them)."""
    standing = (row.line for row in _outcomes(job) if row.outcome in STANDING)
    return {"after_line": job.last_line, "standing": standing}


def result_row_count(job) -> int:
    """The rows `result_rows` gives, as `_outcomes` reads them: its written batches' (as many
    as `rows_done`), then, held back, its check's (`rows_checked` counts both then). Not the
    rows checked otherwise: all or nothing stopped in its writing pass has checked them all,
    and its result holds only those written. A cancelled, failed or interrupted job's gives
    every row of its file: at most the rows counted up front (`total_rows`, blank ones
    included), and at least one: its making found one (services._holds_a_row), even where
    the count up front found none (a workbook whose `<dimension>` understates its rows, one
    calamine could not count), so that a job stopped before any row was read, a queued one
    cancelled, offers its result (decision 288)."""
    if _not_reached_as(job):
        return max(job.rows_done, job.total_rows, 1)
    return job.rows_checked if job.held_back else job.rows_done


def result_offered(job) -> bool:
    """Whether the job has a result file to give: a row to list (one written or checked, or,
    the job stopped before its file's end, one it never reached), and its file still kept.
    Its page links to it and the API says so (`resultAvailable`) by this alone: a job that
    stopped before writing a row has one too (decision 268)."""
    return result_row_count(job) > 0 and source_path(job).is_file()


def _not_reached_as(job) -> str:
    """The outcome of the rows the job never reached (`NOT_REACHED_AS`); "" once it has
    reached its file's end, or while its worker runs it."""
    shown = INTERRUPTED if worker_gone(job) else job.status
    return NOT_REACHED_AS.get((shown, job.dry_run), "")


def result_rows(job) -> Iterator[RowResult]:
    """Every row's result in the file's order, with its cells read again from the source. A
    cancelled, failed or interrupted job's goes on to the end of its file: each row it never
    reached (none of its written batches holds it) is said not imported and why, so that its
    starter may fix and import (or resume) the rest; read as the file streams, as the rows
    before."""
    recall_counts(job)
    with source_path(job).open("rb") as stream:
        hidden = hidden_lines(stream)
        table = read_table(stream)
        rows = enumerate(table.rows, start=table.first_line)
        for result in _outcomes(job):
            for line, cells in rows:
                if line == result.line:
                    result.cells, result.hidden = list(cells), line in hidden
                    yield result
                    break
        if outcome := _not_reached_as(job):
            yield from _not_reached(outcome, table.header, rows, hidden)


def _not_reached(outcome: str, header: list[str], rows, hidden) -> Iterator[RowResult]:
    """The rows after the last one a stopped job wrote, but those that hold no value (the
    job would have passed them over: a blank line, a template's lookup tables). A failed job
    may have stopped on its file (a line that is not UTF-8, a cell past the limit): the rows
    end where the file can no longer be read, the job's error saying why (decision 245)."""
    reader = RowReader(None, header)
    try:
        for line, cells in rows:
            if reader.holds_values(cells):
                yield RowResult(line, list(cells), outcome, hidden=line in hidden)
    except FileUnreadable:
        return


def hidden_rows_taken(job) -> int:
    """How many of the rows the job imported (or found valid, checking only) its sheet
    hides: counted from its files, once it is finished (and kept on the job then:
    `ImportJob.hidden_rows_imported`, which its page, the CLI and the API give)."""
    if not job.finished or not source_path(job).exists():
        return 0
    with source_path(job).open("rb") as stream:
        hidden = hidden_lines(stream)
    return (
        sum(row.line in hidden and row.outcome in TAKEN for row in _outcomes(job)) if hidden else 0
    )


def failed_rows(job, limit: int) -> list[RowResult]:
    """The first `limit` rows with errors (without their cells)."""
    failed = []
    for row in _outcomes(job):
        if row.errors:
            failed.append(row)
            if len(failed) == limit:
                break
    return failed


def delete_files(job) -> None:
    shutil.rmtree(job_dir(job), ignore_errors=True)


def header(job) -> list[str]:
    """The header of the job's file; a 403 when the file cannot be read again (a workbook
    whose header reads but whose sheet does not: the job failed on it), which has no result."""
    recall_counts(job)
    try:
        with source_path(job).open("rb") as stream:
            return read_table(stream).header
    except FileUnreadable as unreadable:
        raise DomainError(
            "error.msg.import.result.unreadable",
            _("The file of import %(id)s cannot be read (%(why)s): it has no result file.")
            % {"id": job.pk, "why": str(unreadable).rstrip(".")},
            param="importDocumentId",
            value=job.pk,
        ) from unreadable


def may_take_result(user, job) -> bool:
    """The result file holds the file's clients (a migration's: the whole book): its starter
    takes it, anyone else who sees the job only if they may export clients."""
    return job.created_by_id == user.pk or user.has_fineract_permission(EXPORT_PERMISSION)


def job_result(job, chosen: str, user):
    """The job's result file (the rows done so far, each with its Status), streamed, for
    `user` (NotAuthorized unless `may_take_result`, and for another's job unless they may
    read the parts its file's columns give: decision 191), recorded in the journal as an EXPORT of
    the job; NotFound once the job's directory is deleted (docs/operations.md says when to);
    a 403 while it has no row to list (queued: decision 288)."""
    if not may_take_result(user, job):
        raise NotAuthorized(
            _("The result of another user's import is an export of its clients: it needs the "
              "permission to export clients.")
        )  # fmt: skip
    refuse_removed(job)  # kept days after it ended (retention.py)
    if not source_path(job).exists():
        raise NotFound(
            "error.msg.import.result.deleted",
            _("The file of import %(id)s was deleted: its result can no longer be made.")
            % {"id": job.pk},
            param="importDocumentId",
            value=job.pk,
        )
    rows = result_row_count(job)
    if not rows:  # queued, or its first batch in hand: said so, not a file of its header alone
        raise DomainError(
            "error.msg.import.result.not.yet",
            _("Import %(id)s has no result file yet: none of its rows has been done. Its "
              "result lists the rows as their batches are written.") % {"id": job.pk},
            param="importDocumentId",
            value=job.pk,
        )  # fmt: skip
    if chosen == "xlsx" and rows > workbook.rows_held():
        message = _("More rows than an Excel sheet holds (%(most)s): take the result as CSV.")
        raise ValidationFailed(
            [ParameterError("validation.msg.import.format.too.many.rows", "format",
                            message % {"most": f"{workbook.rows_held():,}"}, chosen)]
        )  # fmt: skip
    # A million rows stream from a sync web worker for minutes, as an export does: it holds
    # the export's slots (a 429 when taken), so that such downloads cannot take every worker.
    held = export_slots(user)
    try:
        columns = header(job)  # before the journal: a file that cannot be read is no export
        if job.created_by_id != user.pk:  # another's: what an export of its columns asks
            refuse_unreadable_parts(columns, user)
        with transaction.atomic():  # each download in the journal, as each export is
            audit.record(actor=user, action="EXPORT", entity="IMPORT", resource_id=job.pk,
                         office=job.office, changes={"format": chosen, "rows": rows})  # fmt: skip
        name = f"{Path(job.file_name).stem or 'clients'}-result"
        return result_file(columns, result_rows(job), chosen, name, held)
    except BaseException:
        for slot in held:
            slot.release()
        raise
