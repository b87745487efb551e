"""Running an import job: the engine (bulk/importing.py) reads the job's file after its last
written line; each batch's results go to a batch file and the job's counts, in the batch's
transaction — so whatever stops the worker (a kill, a crash, a cancel), the job's record
matches the clients written, and resuming it continues after them with no duplicates.

A cancel is a flag the job reads between batches: the batch in hand is rolled back and the
job stops as cancelled; resumed, like a failed job, it continues after its last batch."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from mteja.clients.bulk.all_or_nothing import RowRefusedAtWrite
from mteja.clients.bulk.importing import BATCH_ROWS, ClientImport
from mteja.clients.bulk.lanes import lanes_wanted
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.bulk.row_results import ALREADY, HELD_BACK, IMPORTED, INVALID, VALID, RowResult
from mteja.clients.imports import files, job_errors
from mteja.clients.imports.bar import bar, passed, two_passes, work_done
from mteja.clients.imports.job_office import hold_starters_offices
from mteja.clients.imports.unclaimed import STUCK, stuck
from mteja.clients.imports.workers import INTERRUPTED, STALE_AFTER, this_worker, worker_gone
from mteja.clients.models import ImportJob, ImportStatus
from mteja.core import audit, clock
from mteja.core.languages import site_language
from mteja.core.lock_wait import outwaiting_writers
from mteja.core.models import AuditEvent
from mteja.users.notifications import services as notifications

logger = logging.getLogger(__name__)

# The rows of one batch (bulk/importing.py's by default; tests make it small).
BATCH_SIZE = BATCH_ROWS


class Cancelled(Exception):
    """The job was asked to stop: the batch in hand is rolled back."""


class Superseded(Exception):
    """The job is no longer this worker's: claimed again (resumed once this worker was taken
    for gone: killed, or silent past STALE_AFTER), or ended meanwhile (a cancel). The batch
    in hand is rolled back, and the job's ending left to whoever holds it now — a lane
    that outlived its killed parent by a moment would otherwise commit a batch the resumed
    job writes again, counted twice."""


class StarterRefused(Exception):
    """The job's starter may no longer import as the job began: the batch in hand is rolled
    back. Its argument says why (job_errors.py's facts)."""


def _starter_refusal(job: ImportJob) -> dict | None:
    """Why the starter, as now recorded (not as when the job was claimed), may no longer
    import as the job does (its error's facts: job_errors.py), or None: the rows are written
    as them, and checked against the offices of their office when the job was claimed."""
    starter = type(job.created_by).objects.filter(pk=job.created_by_id).first()
    if starter is None or not starter.has_fineract_permission("CREATE_CLIENT"):
        return job_errors.starter_may_not_create(job.created_by)
    if starter.office_id != job.created_by.office_id:
        return job_errors.starter_moved(job.created_by)
    return None


def shown_status(job: ImportJob) -> str:
    """The job's status as the API and the pages show it."""
    if worker_gone(job):
        return INTERRUPTED
    return STUCK if stuck(job) else job.status


def status_label(job: ImportJob) -> str:
    shown = shown_status(job)
    if shown == INTERRUPTED:
        return str(_("Interrupted"))
    if shown == STUCK:
        return str(_("Stuck"))
    return job.get_status_display()


# Ended before its last row: resumed, it goes on after its last written batch (a cancelled
# one too: a cancel stops a job, it does not undo the rows written).
STOPPED = (ImportStatus.FAILED, ImportStatus.CANCELLED)


def stopped_early(job: ImportJob) -> bool:
    """Failed, cancelled, its worker gone, or stuck in the queue (resumed, it is queued
    again). A job asked to stop whose worker still runs is not, until that worker has ended
    it (after the batch in hand): resumed earlier, it would be two workers' at once."""
    return job.status in STOPPED or worker_gone(job) or stuck(job)


def resumable(job: ImportJob) -> bool:
    """Stopped early, its file still kept (an operator may have removed it), and not on its
    file itself, which a resume would read again (job_errors.resume_helps)."""
    return stopped_early(job) and file_kept(job) and job_errors.resume_helps(job)


def file_kept(job: ImportJob) -> bool:
    return files.source_path(job).is_file()


def file_gone() -> str:
    return _(
        "The file of this import is no longer kept on the server: it cannot be resumed. "
        "Import the file again: the rows imported already are recognised, none is written twice."
    )


def _claim(job_id: int) -> ImportJob | None:
    """The queued job, now running here; None if it is not queued (cancelled meanwhile, or
    taken by another worker)."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .select_related("created_by__office")
            .filter(pk=job_id, status=ImportStatus.QUEUED)
            .first()
        )
        if job is None:
            return None
        claim_here(job)
        return job


def claim_here(job: ImportJob) -> None:
    """The (locked) job marked running in this process: by `_claim`, or by the command that
    makes or resumes a job and runs it itself, in that transaction — a process that dies
    before it runs the job leaves it running with its worker gone (to resume or cancel), not
    queued with no task to run it."""
    job.status, job.worker, job.error, job.error_facts = ImportStatus.RUNNING, this_worker(), "", {}
    job.started_at = job.heartbeat_at = clock.now()
    job.finished_at, job.held_back = None, False
    # The bar goes on from where it stood (bar.py); a resumed check pass starts after
    # the rows written.
    job.bar_from, job.line_from = bar(job), job.last_line
    if two_passes(job):  # one pass checks its rows as it writes them: none counted apart
        job.rows_checked, job.checked_line = job.rows_done, job.last_line
    job.rows_at_start = work_done(job)
    # A resumed run reads its file again up to its last line (each lane does) before its first
    # row: its rate starts at its first batch (`_record_batch`), not with that reading.
    job.rate_since = None if job.last_line else job.started_at
    hold_starters_offices(job)  # its rows are written in their offices as they are now
    job.save()


def _claimed_here(job_id: int) -> ImportJob | None:
    job = ImportJob.objects.select_related("created_by__office").get(pk=job_id)
    return job if (job.status, job.worker) == (ImportStatus.RUNNING, this_worker()) else None


def job_language(job: ImportJob) -> str:
    """The language the job writes its rows' errors in (kept in its batch files, shown on its
    page and in its result file): its starter's, as the page they uploaded it on (or the
    API call's `locale`) was; the site's own when that is none of the site's languages."""
    return site_language(job.locale)


def run_job(
    job_id: int, *, on_progress: Callable[[ImportJob], None] | None = None, claimed=False
) -> ImportJob:
    """Runs the queued job (`claimed`: the job this process claimed, `claim_here`) to its end
    (or its cancel); returns it as it finished."""
    job = _claimed_here(job_id) if claimed else outwaiting_writers(lambda: _claim(job_id))
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    # A worker serves no request: without this, every error would be in the site's language.
    with translation.override(job_language(job)):
        return _run(job, on_progress)


def _run(job: ImportJob, on_progress: Callable[[ImportJob], None] | None) -> ImportJob:
    files.forget_uncommitted(job)
    if not file_kept(job):  # removed by an operator: said so
        return _finish(job, ImportStatus.FAILED, file_gone())
    # The rows are written as the starter: one who may no longer create clients (left, or
    # lost the right since) writes none, whoever resumes the job, nor any further batch.
    refusal = _starter_refusal(job)
    if refusal:
        return _finish(job, ImportStatus.FAILED, facts=refusal)

    def record(results: list[RowResult], last_line: int, writing: bool, at_end: bool) -> None:
        _record_batch(job, results, last_line, writing)
        if at_end:
            _record_end(job, last_line)
        job.database_wait = None
        if on_progress is not None:
            on_progress(job)

    def waiting(seconds: float) -> None:  # a batch waits for another writer of SQLite
        job.database_wait = seconds
        if on_progress is not None:
            on_progress(job)

    try:
        files.recall_counts(job)
        importer = ClientImport(
            user=job.created_by,
            source=files.source_path(job),
            dry_run=job.dry_run,
            all_or_nothing=job.all_or_nothing,
            dates=job.dates,
            legal_form=job.legal_form,
            on_lock_wait=waiting,
        )
        report = importer.run(
            **files.resumed_at(job), on_batch=record, batch_size=BATCH_SIZE, lanes=lanes_wanted()
        )
    except Cancelled:
        return _finish(job, ImportStatus.CANCELLED)
    except Superseded:
        job.refresh_from_db()
        return job
    except StarterRefused as refusal:
        return _finish(job, ImportStatus.FAILED, facts=refusal.args[0])
    except RowRefusedAtWrite as refused:  # all or nothing: the batches before it stay
        imported = _committed(job)["outcomes"].get(IMPORTED, 0)
        facts = job_errors.refused_at_write(refused, imported)
        return _finish(job, ImportStatus.FAILED, facts=facts)
    except FileUnreadable as refused:  # (its header refused too: a column no longer known)
        return _finish(job, ImportStatus.FAILED, str(refused), facts=job_errors.file_refused())
    except Exception:  # the job is marked failed, whatever stopped it; the log says why
        logger.exception("Import job %s failed", job.pk)
        return _finish(job, ImportStatus.FAILED, _("The import stopped on an unexpected error."))
    if not sum(report.outcomes.values()) and not job.outcomes:
        # Rows that held no value (blank, or a template's lookup tables), which the count up
        # front took for rows: a header alone, refused as one (services.py).
        return _finish(job, ImportStatus.FAILED, no_rows(), facts=job_errors.file_refused())
    return _finish(job, ImportStatus.COMPLETED, held_back=report.held_back, checked=report.outcomes)


def no_rows() -> str:
    return _("The file has no rows to import, only a header.")


def _record_batch(job: ImportJob, results: list[RowResult], last_line: int, writing: bool):
    """Inside the batch's transaction: the batch file, then the job's counts (committed, or
    rolled back, with the batch's clients)."""
    # The counts as committed: another lane (bulk/lanes.py) may have written the batch before.
    # The row locked until the batch commits, and still this claim's: a claim made since (a
    # resume) waits for this batch, or this batch, seeing it, is rolled back.
    current = (
        ImportJob.objects.select_for_update()
        .filter(pk=job.pk)
        .values("status", "worker", "started_at", "cancel_requested", "outcomes", "last_line",
                "rows_done", "rows_checked", "checked_line", "rate_since", "rows_at_start",
                "total_rows")
        .get()
    )  # fmt: skip
    if _claim_of(current) != _claim_of(vars(job)):
        raise Superseded
    for name in CLAIM:
        del current[name]
    if current.pop("cancel_requested"):
        raise Cancelled
    refusal = _starter_refusal(job)
    if refusal:
        raise StarterRefused(refusal)
    for name, value in current.items():
        setattr(job, name, value)
    job.heartbeat_at = clock.now()
    if writing or job.dry_run:
        files.write_batch(job, files.WRITTEN, results, last_line)
        counts = Counter(job.outcomes)
        counts.update(row.outcome for row in results)
        job.outcomes, job.last_line = dict(counts), last_line
        job.rows_done += len(results)
        fields = ["outcomes", "last_line", "rows_done", "heartbeat_at"]
    else:
        files.write_batch(job, files.CHECKED, results, last_line)
        job.rows_checked += len(results)
        job.checked_line = last_line
        fields = ["rows_checked", "checked_line", "heartbeat_at"]
    if job.rate_since is None:  # a resumed run's first batch: its rate counts from here
        job.rate_since, job.rows_at_start = job.heartbeat_at, work_done(job)
        fields += ["rate_since", "rows_at_start"]
    job.save(update_fields=fields)


def _record_end(job: ImportJob, last_line: int) -> None:
    """In the transaction of a pass's last batch: the file's rows are known (the count up
    front took a quoted line break for a row; an .xlsx's stated height may pass its rows)."""
    if job.total_rows != passed(last_line):
        job.total_rows = passed(last_line)
        job.save(update_fields=["total_rows"])


def _committed(job: ImportJob) -> dict:
    """The job's counts as committed (those of the batches written)."""
    return ImportJob.objects.filter(pk=job.pk).values("outcomes").get()


def _claim_of(values: dict) -> tuple:
    """Which claim of a job holds it (`_claim`): its worker and the time it started, while it
    runs."""
    return tuple(values[name] for name in CLAIM)


CLAIM = ("status", "worker", "started_at")
# What ending a job writes (`_finish`).
ENDING = ("status", "error", "error_facts", "finished_at", "held_back", "outcomes", "total_rows")


def _finish(job: ImportJob, status: str, error="", *, facts=None, held_back=False, checked=None):
    """Ends the job (`_end`) once no other writer holds SQLite (as its batches wait for one:
    core/lock_wait.py)."""
    return outwaiting_writers(
        lambda: _end(job, status, error, facts or {}, held_back=held_back, checked=checked)
    )


@transaction.atomic
def _end(job: ImportJob, status: str, error: str, facts: dict, *, held_back: bool, checked):
    """`error`: its sentence; `facts`: its kind and values (job_errors.py), told as a
    sentence to each viewer."""
    claim = _claim_of(vars(job))
    holder = ImportJob.objects.select_for_update().filter(pk=job.pk).values(*CLAIM).get()
    job.refresh_from_db()  # the counts as committed (a stopped batch's are not)
    if _claim_of(holder) != claim:
        return job  # another claim's now, or cancelled meanwhile: not this worker's to end
    job.status, job.finished_at = status, clock.now()
    job.error, job.error_facts = error, facts
    fields = list(ENDING)
    if held_back:  # nothing written: the outcome is the check's, valid rows held back
        counts = Counter(job.outcomes)
        counts.update(checked)
        job.held_back, job.outcomes = True, dict(counts)
        job.rows_checked = job.rows_done + sum(checked.values())
        fields.append("rows_checked")
    if status == ImportStatus.COMPLETED:
        job.total_rows = sum(job.outcomes.values())  # the count up front was an estimate
    job.hidden_rows_imported = files.hidden_rows_taken(job)  # once: lists read no file
    job.save(update_fields=[*fields, "hidden_rows_imported"])
    _journal_outcomes(job)
    tell_starter(job, _cancelled_by(job) if status == ImportStatus.CANCELLED else None)
    return job


def _journal_outcomes(job: ImportJob) -> None:
    """The job's rows and their outcomes, added to its CREATE audit event (as an export's
    row count is to its event), so the journal says what each import did."""
    event = AuditEvent.objects.filter(
        entity_name="IMPORT", resource_id=job.pk, action_name="CREATE"
    ).first()
    if event is not None:
        audit.amend(event, rows=job.total_rows, outcomes=job.outcomes)


def tell_starter(job: ImportJob, actor=None) -> None:
    """Notifies the user who started the finished job of its counts; `actor` is who ended it
    (a cancellation), if anyone but the job itself."""
    outcomes = job.outcomes
    notifications.import_finished(
        job,
        imported=outcomes.get(IMPORTED, 0),
        already=outcomes.get(ALREADY, 0),
        refused=outcomes.get(INVALID, 0),
        valid=outcomes.get(VALID, 0),
        actor=actor,
    )


def _cancelled_by(job: ImportJob):
    """Who asked the running job to stop, as their CANCEL audit event says."""
    cancel = (
        AuditEvent.objects.filter(entity_name="IMPORT", resource_id=job.pk, action_name="CANCEL")
        .select_related("maker")
        .order_by("-id")
        .first()
    )
    return cancel.maker if cancel else None


__all__ = [
    "HELD_BACK",
    "INTERRUPTED",
    "STALE_AFTER",
    "STUCK",
    "Cancelled",
    "resumable",
    "run_job",
    "shown_status",
    "status_label",
    "tell_starter",
    "this_worker",
    "worker_gone",
]
