"""What is said of a finished import job whose files were removed, kept days after it ended
(retention.py) or deleted earlier by a user (services.import_job_files_delete): on its page,
and as the refusal of its result file (files.job_result)."""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mteja.clients.models import ImportJob
from mteja.core.errors import NotFound


def kept_days() -> int:
    """The days a finished job keeps its files (MTEJA_IMPORT_FILES_KEPT_DAYS; 0: for ever)."""
    return settings.MTEJA_IMPORT_FILES_KEPT_DAYS


def files_removed(job: ImportJob) -> str:
    """What the job's page and its result's refusal say of its files once removed; "" while
    they are kept."""
    if job.files_removed_at is None:
        return ""
    values = {"id": job.pk, "date": date_format(job.files_removed_at.date(), "DATE_FORMAT")}
    if job.files_removed_by_id is not None:
        return _(
            "The files of import %(id)s were deleted on %(date)s by %(user)s. Its counts stay; "
            "its result file can no longer be made. Import the file again for a new one: the "
            "rows imported already are recognised."
        ) % {**values, "user": job.files_removed_by.username}
    return _(
        "The files of import %(id)s were removed on %(date)s: files are kept %(days)s days "
        "after their import ends. Its counts stay; its result file can no longer be made. "
        "Import the file again for a new one: the rows imported already are recognised."
    ) % {**values, "days": kept_days()}


def refuse_removed(job: ImportJob) -> None:
    """A 404 (Fineract's body) naming the removal, for a job whose files were removed."""
    if job.files_removed_at is not None:
        deleted = job.files_removed_by_id is not None  # by a user, before their days were up
        raise NotFound(
            "error.msg.import.result.deleted" if deleted else "error.msg.import.result.expired",
            files_removed(job),
            param="importDocumentId",
            value=job.pk,
        )
