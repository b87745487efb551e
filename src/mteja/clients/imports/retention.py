"""How long a finished import job keeps its files: the upload and its batches' outcomes (its
result file is made of both) go MTEJA_IMPORT_FILES_KEPT_DAYS after the job ended; the job, its
counts and its first errors' count stay (docs/decisions.md 206).

Only a finished job's (completed, failed or cancelled: `finished_at` set): a job queued,
running, or whose worker is gone (interrupted, to resume or cancel) keeps its files however
old. A failed or cancelled job whose files are gone can no longer be resumed, as one whose file
an operator removed (running.resumable): its page says to import the file again, its rows
imported being recognised. Removed by the job worker's upkeep (upkeep.py), one job at a time,
marked in one conditional UPDATE before its files go, so that a resume asked meanwhile either
comes first (the job is no longer finished: its files stay) or finds them gone. Its starter,
or a user who may, removes them earlier by the same steps (services.import_job_files_delete,
decision 235)."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import QuerySet

from mteja.clients.imports import files
from mteja.clients.imports.removed_files import kept_days
from mteja.clients.models import ImportJob
from mteja.clients.models.imports import FINISHED, IMPORT_ENTITY
from mteja.core import audit, clock

logger = logging.getLogger(__name__)

REMOVED_AT_ONCE = 200  # jobs an upkeep goes through; the next takes the rest
REMOVE_FILES = "REMOVEFILES"  # the journal's action (by the system, or a user's early)


def remove_expired_files() -> list[int]:
    """Removes the files of the jobs finished more than kept_days() ago; their ids."""
    if kept_days() <= 0:
        return []
    expired = _expired(ImportJob.objects.all())
    removed = []
    for job_id in expired.order_by("pk").values_list("pk", flat=True)[:REMOVED_AT_ONCE]:
        if not remove_files(expired, job_id, actor=None, changes={"keptDays": kept_days()}):
            continue
        logger.warning(
            "Removed the files of import job %s, finished more than %s days ago.",
            job_id,
            kept_days(),
        )
        removed.append(job_id)
    return removed


def remove_files(removable: QuerySet, job_id: int, *, actor, changes: dict) -> bool:
    """Removes the files of the job `job_id` if `removable` (finished jobs whose files are
    kept, of one condition or another) still holds it, marked removed (by `actor`: None, the
    system) and journaled with `changes`; whether it did. One conditional UPDATE, which
    takes the row (and SQLite's write lock) at once: a job resumed meanwhile is no longer
    finished, and keeps its files."""
    with transaction.atomic():
        now = clock.now()
        if not removable.filter(pk=job_id).update(files_removed_at=now, files_removed_by=actor):
            return False
        removed = ImportJob.objects.select_related("office").get(pk=job_id)
        audit.record(actor=actor, action=REMOVE_FILES, entity=IMPORT_ENTITY,
                     resource_id=removed.pk, office=removed.office, changes=changes)  # fmt: skip
        files.delete_files(removed)
    return True


def _expired(jobs):
    before = clock.now() - datetime.timedelta(days=kept_days())
    return jobs.filter(status__in=FINISHED, finished_at__lt=before, files_removed_at=None)
