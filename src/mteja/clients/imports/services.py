"""Every write to an import job: starting one (the file kept, its header checked, its rows
counted), cancelling it and resuming it (a failed or cancelled job, or one whose worker
died), deleting a finished one's files. Each records an audit event."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend

from mteja.clients.bulk.importing import ClientImport
from mteja.clients.bulk.reading import read_table
from mteja.clients.bulk.row_results import INVALID
from mteja.clients.bulk.statuses import columns_ask
from mteja.clients.bulk.text_dates import ISO_ONLY, TextDates
from mteja.clients.bulk.unreadable import FileUnreadable
from mteja.clients.imports import access, files, job_errors
from mteja.clients.imports.quota import MostKeptBytes, refuse_beyond_quota, take_turn
from mteja.clients.imports.removed_files import refuse_removed
from mteja.clients.imports.retention import remove_files
from mteja.clients.imports.running import (
    claim_here,
    file_gone,
    file_kept,
    no_rows,
    resumable,
    stopped_early,
    tell_starter,
    worker_gone,
)
from mteja.clients.models import ImportJob, ImportStatus
from mteja.clients.models.imports import FINISHED, IMPORT_ENTITY
from mteja.core import audit, clock
from mteja.core.errors import DomainError, TooBusy
from mteja.core.models import AuditEvent
from mteja.core.upload_names import shown_file_name

ENTITY = IMPORT_ENTITY
FILE_GONE = "error.msg.import.file.gone"  # the job's kept file removed (by an operator)


def _audit(actor, action: str, job: ImportJob, changes: dict | None = None) -> None:
    audit.record(
        actor=actor,
        action=action,
        entity=ENTITY,
        resource_id=job.pk,
        office=job.office,
        changes=changes,
    )


def import_job_create(
    *,
    actor,
    data: bytes | Path,
    file_name: str,
    legal_form: int | None = None,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    dates: TextDates = ISO_ONLY,
    most_waiting: int | None = None,
    most_kept_bytes: MostKeptBytes | None = None,
    hand_over: bool = False,
    run_here: bool = False,
) -> ImportJob:
    """A queued job for the file (`data`: its bytes, or its path, copied). FileUnreadable
    when it is no client file: its header is read now, not in the job; a 429 (TooBusy)
    when the actor has `most_waiting` jobs queued or running already; a 400 on the `file`
    when keeping it would take the actor's import files, or their office's, past
    `most_kept_bytes` (quota.py), before it is copied. `hand_over`: handed
    to a worker, in its transaction when it can be (`_tasks_kept_here`); or, `run_here`,
    claimed by this process in its making (running.claim_here), for `run_job(…,
    claimed=True)`; or neither: `enqueue` it once this has committed."""
    with transaction.atomic():
        if most_waiting is not None:
            _refuse_beyond(actor, most_waiting)
        if most_kept_bytes is not None:
            size = data.stat().st_size if isinstance(data, Path) else len(data)
            refuse_beyond_quota(actor, size, most_kept_bytes)
        job = ImportJob.objects.create(
            created_by=actor,
            office=actor.office,
            file_name=shown_file_name(file_name, "clients"),
            legal_form=legal_form,
            dry_run=dry_run,
            all_or_nothing=all_or_nothing,
            date_format=dates.date_format,
            locale=dates.locale,
            heartbeat_at=clock.now(),  # a queued job's: when it was queued (unclaimed.py)
        )
        # Whatever stops the job's making (a file that is no client file, Ctrl-C or SIGTERM
        # while a migration's file is copied or counted, a full disk) removes its copy of the
        # file before its row is rolled back: no job would ever name it (PostgreSQL never
        # gives the id again), and while this transaction holds the id no other job can.
        try:
            path = files.store_source(job, data)
            importer = ClientImport(user=actor, source=path)  # unknown columns refused
            job.total_rows = files.count_rows(path)
            if not _holds_a_row(importer, path, job.total_rows):
                raise FileUnreadable(no_rows())
            files.keep_counts(job)
            # Kept, so that whether another may resume it is known without its file (access.py).
            job.columns_ask = sorted(columns_ask(importer.reader))
            job.save(update_fields=["total_rows", "columns_ask"])
            # Which file, how; its rows as counted up front (their true count and outcomes
            # are added once it ends: running.py).
            options = {"dryRun": job.dry_run, "allOrNothing": job.all_or_nothing}
            changes = {"fileName": job.file_name, **options, "rows": job.total_rows}
            _audit(actor, "CREATE", job, changes)
            if run_here:
                claim_here(job)
            elif hand_over and _tasks_kept_here():
                enqueue(job)
        except BaseException:
            files.delete_files(job)
            raise
    if hand_over and not _tasks_kept_here():
        enqueue(job)
    return job


def _holds_a_row(importer: ClientImport, path: Path, estimate: int) -> bool:
    """Whether the file has a row to import below its header. A header alone is the wrong
    file more often than not (a template, an export that selected no one): refused alike by
    the CLI, the API and the page. A CSV is read up to its first row (blank lines below a
    header are counted as rows); a workbook only when the estimate is 0 (calamine loads a
    whole sheet to give a row): one whose rows hold nothing fails as its job ends
    (running.py)."""
    if estimate and path.suffix != ".csv":
        return True
    with path.open("rb") as stream:
        return any(map(importer.reader.holds_values, read_table(stream).rows))


def refuse_beyond_share(actor, most_waiting: int) -> None:
    """`import_job_create`'s 429 for an actor holding `most_waiting` unfinished jobs, looked
    at before their upload is read (decision 303): one at their share neither sends nor has
    the server store a file that would be refused. A first look, unlocked: the one that
    holds is made again, under the lock, as the job is made."""
    _refuse_beyond(actor, most_waiting, locked=False)


def _refuse_beyond(
    actor, most_waiting: int, *, resumed: ImportJob | None = None, locked: bool = True
) -> None:
    """A 429 when the actor's unfinished jobs (queued, running, or running with their worker
    gone: to resume or cancel) number `most_waiting`. The actor's row is locked first
    (`locked`), so that two uploads at once count one after the other. A `resumed` job that
    had ended (failed, cancelled) counts against its starter's share, as an upload of theirs
    would: cancelling jobs and resuming them would otherwise run any number at once."""
    owner = resumed.created_by if resumed is not None else actor
    if locked:
        take_turn(owner)
    waiting = ImportJob.objects.filter(created_by=owner).exclude(status__in=FINISHED).count()
    if waiting < most_waiting:
        return
    if resumed is None:
        message = _(
            "You have %(count)s imports waiting or running: wait until one ends, or cancel "
            "one, before starting another."
        )
    elif owner.pk == actor.pk:
        message = _(
            "You have %(count)s imports waiting or running: wait until one ends, or cancel "
            "one, before resuming this one."
        )
    else:
        message = _(
            "%(user)s, who started this import, has %(count)s imports waiting or running: "
            "wait until one ends, or cancel one, before resuming this one."
        )
    raise TooBusy(
        "error.msg.import.too.many.waiting",
        message % {"count": waiting, "user": owner.username},
    )


def enqueue(job: ImportJob) -> None:
    """Hands the job to a worker (the test settings run it at once, here)."""
    from mteja.clients.tasks import run_import_job

    run_import_job.enqueue(job.pk)


def _tasks_kept_here() -> bool:
    """Whether the task backend writes its tasks to this database (the database backend):
    a job is then handed over in the transaction that makes (or resumes) it, so that both
    commit or neither — a process dying between the two left the job queued with no task.
    Any other backend is handed the job once it has committed (the tests' runs it at once,
    which inside the job's transaction would run it there); a job left so is not queued
    again, that backend's waiting tasks unread (unclaimed.py)."""
    from mteja.clients.tasks import run_import_job

    return isinstance(run_import_job.get_backend(), DatabaseBackend)


def _locked(job: ImportJob) -> ImportJob:
    return ImportJob.objects.select_for_update().select_related("office").get(pk=job.pk)


def import_job_cancel(*, actor, job: ImportJob) -> ImportJob:
    """Stops the job: at once if no worker runs it, else after the batch in hand. Its
    starter's, or another's with CANCEL_IMPORT (access.py)."""
    with transaction.atomic():
        job = _locked(job)
        refused = access.cancel_refusal(actor, job)
        if refused is not None:
            raise refused
        if job.finished:
            raise DomainError(
                "error.msg.import.already.finished", _("The import has finished already.")
            )
        ended = job.status == ImportStatus.QUEUED or worker_gone(job)
        if ended:
            job.status, job.finished_at = ImportStatus.CANCELLED, clock.now()
            job.hidden_rows_imported = files.hidden_rows_taken(job)
        job.cancel_requested = True
        job.save(
            update_fields=["status", "finished_at", "cancel_requested", "hidden_rows_imported"]
        )
        _audit(actor, "CANCEL", job)
        if ended:  # no worker will finish it: its starter is told now
            tell_starter(job, actor)
    return job


def import_job_resume(
    *,
    actor,
    job: ImportJob,
    most_waiting: int | None = None,
    hand_over: bool = False,
    run_here: bool = False,
) -> ImportJob:
    """Queues again a job that failed, was cancelled, or whose worker died; it continues
        after the last batch written, its rows written as its starter; refused unless `actor` may
    (access.resume_refusal);
        the journal's RESUME event names the actor. A job that had ended is refused (429) when
        its starter has `most_waiting` jobs unfinished already (`_refuse_beyond`). `hand_over`
        and `run_here` as for `import_job_create`; with neither, call `enqueue` once this has
        committed."""
    with transaction.atomic():
        job = _locked(job)
        refused = access.resume_refusal(actor, job)
        if refused is not None:
            raise refused
        if not resumable(job):
            raise _not_resumable(job, actor)
        if most_waiting is not None and job.finished:
            _refuse_beyond(actor, most_waiting, resumed=job)
        job.status, job.cancel_requested, job.error = ImportStatus.QUEUED, False, ""
        job.error_facts = {}
        job.finished_at = None  # (its end, as cancelled or failed, is the journal's)
        job.hidden_rows_imported = None  # counted again as it ends
        job.heartbeat_at = clock.now()  # when it was queued (unclaimed.py)
        fields = ["status", "cancel_requested", "error", "error_facts", "finished_at",
                  "heartbeat_at", "hidden_rows_imported"]  # fmt: skip
        job.save(update_fields=fields)
        _audit(actor, "RESUME", job)
        if run_here:
            claim_here(job)
        elif hand_over and _tasks_kept_here():
            enqueue(job)
    if hand_over and not _tasks_kept_here():
        enqueue(job)
    return job


def import_job_files_delete(*, actor, job: ImportJob) -> ImportJob:
    """Deletes a finished job's files (its upload and its batches' outcomes, which its result
    file is made of) before their days are up (retention.py): its starter's, or another's
    with DELETE_IMPORT (access.py). The job and its counts stay, and its files are removed
    as retention removes them, journaled as REMOVEFILES by `actor`. A job queued, running or
    interrupted (its worker reads them; to resume or cancel) keeps them; a job whose files
    are gone already is a 404 saying since when (removed_files.py)."""
    with transaction.atomic():
        job = _locked(job)
        refused = access.delete_files_refusal(actor, job)
        if refused is not None:
            raise refused
        refuse_removed(job)
        if not job.finished:
            raise DomainError(
                "error.msg.import.files.in.use",
                _("The import has not ended: its files are in use. Cancel it, or wait until "
                  "it ends, before deleting them."),
            )  # fmt: skip
        finished = ImportJob.objects.filter(status__in=FINISHED, files_removed_at=None)
        remove_files(finished, job.pk, actor=actor, changes={"fileName": job.file_name})
        job.refresh_from_db()
    return job


def _not_resumable(job: ImportJob, actor) -> DomainError:
    """The refusal of a resume (by `actor`): of a job that has not stopped, whose file is
    gone, or stopped on its file (job_errors.resume_refusal)."""
    if stopped_early(job) and not file_kept(job):  # removed meanwhile
        return DomainError(FILE_GONE, file_gone())
    futile = job_errors.resume_refusal(job, actor)
    if futile is not None:  # stopped on its file: it would again
        return futile
    if job.cancel_requested and not job.finished:  # its worker still runs: it ends it first
        message = _("The import is stopping after the rows in hand: resume it once it has stopped.")
    else:
        message = _(
            "Only an import that failed, was cancelled or whose worker stopped can be resumed."
        )
    return DomainError("error.msg.import.not.resumable", message)


def importable_check(actor, job: ImportJob) -> bool:
    """A check (a dry run) of the actor's own that ended finding every row valid: one with
    errors is corrected and checked again, not imported but for its errors."""
    mine = job.created_by_id == actor.pk
    ended_valid = job.status == ImportStatus.COMPLETED and not job.outcomes.get(INVALID)
    return job.dry_run and mine and ended_valid


# The journal's event, on a check, of its file's import from its page (its changes name it).
IMPORTED_FROM_CHECK = "IMPORT"


def import_of_check(check: ImportJob) -> int | None:
    """The id of the import made from the check's page, if one was."""
    changes = (
        AuditEvent.objects.filter(
            entity_name=ENTITY, resource_id=check.pk, action_name=IMPORTED_FROM_CHECK
        )
        .values_list("changes", flat=True)
        .first()
    )
    return changes["importId"] if changes else None


def import_job_from_check(*, actor, job: ImportJob, hand_over=False, **start) -> ImportJob:
    """The file of a check (a dry run) that found every row valid, imported now with the
    check's options: its starter does not choose the file again. Only the starter's own
    check (`importable_check`): the new job's result file is theirs to take
    (files.may_take_result), as the checked file was; and once: a second ask (a double
    click, a tab left open) is refused naming the import made (`import_of_check`).
    `start` as for `import_job_create` (most_waiting, most_kept_bytes, run_here)."""
    with transaction.atomic():
        check = _locked(job)  # two asks at once: one after the other
        if not importable_check(actor, check):
            raise DomainError(
                "error.msg.import.not.a.check",
                _("Only a check of your own that ended with every row valid can be imported "
                  "from its page."),
            )  # fmt: skip
        made = import_of_check(check)
        if made is not None:
            raise DomainError(
                "error.msg.import.check.imported",
                _("The file of this check was imported already (import %(id)s).") % {"id": made},
                value=made,
            )
        source = files.source_path(check)
        if not source.is_file():
            raise DomainError(
                FILE_GONE,
                _("The file of this check is no longer kept: choose it again on the import page."),
            )
        imported = import_job_create(
            actor=actor,
            data=source,
            file_name=check.file_name,
            legal_form=check.legal_form,
            all_or_nothing=check.all_or_nothing,
            dates=TextDates(check.date_format, check.locale),
            hand_over=hand_over and _tasks_kept_here(),  # else once this has committed
            **start,
        )
        _audit(actor, IMPORTED_FROM_CHECK, check, {"importId": imported.pk})
    if hand_over and not _tasks_kept_here():
        enqueue(imported)
    return imported
