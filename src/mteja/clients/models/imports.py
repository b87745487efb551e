"""An import job: one client file imported in the background (clients/imports/), with its
progress recorded batch by batch in the batch's own transaction, so a killed job's record
matches the rows it wrote and a resumed job starts after them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.models.client import LegalForm
from mteja.core.querysets import BaseModel, RestrictedQuerySet

__all__ = ["ImportJob", "ImportStatus", "ImportedRow"]

# The jobs' entity, in the journal and in the permissions on others' jobs (imports/access.py).
IMPORT_ENTITY = "IMPORT"
# Who sees the jobs of others (of their offices): a branch manager following their clerks'
# imports; ALL_FUNCTIONS_READ holds it, as every READ_ code.
SEE_OTHERS_JOBS = f"READ_{IMPORT_ENTITY}"
# The catalogue's actions on others' jobs (clients/apps.py): seeing, cancelling, resuming,
# deleting a finished one's files (imports/access.py).
IMPORT_ACTIONS = ["READ", "CANCEL", "RESUME", "DELETE"]


def job_reading_permission(user) -> str:
    """What reading an import job (its page, progress, result) asks of a user: CREATE_CLIENT,
    which starts one, or else READ_CLIENT."""
    return "CREATE_CLIENT" if user.has_fineract_permission("CREATE_CLIENT") else "READ_CLIENT"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = (ImportStatus.COMPLETED, ImportStatus.FAILED, ImportStatus.CANCELLED)


class ImportJobQuerySet(RestrictedQuerySet):
    def visible_to(self, user):
        """The jobs of the user's offices (`office` within their subtree): their own, and with
        SEE_OTHERS_JOBS everyone's. A job's file and result hold clients of its office's
        subtree only (imports/running.claim_here), so a user who has moved away from that
        office, their own jobs' included, no longer sees it (docs/decisions.md 208)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if user.has_fineract_permission(SEE_OTHERS_JOBS):
            return self.restrict(user)
        return self.restrict(user).filter(created_by=user)


class ImportJob(BaseModel):
    """`created_on` is when it was asked for; `office` the asker's office then (the scope of
    whoever may see it besides them)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey("organisation.Office", on_delete=models.PROTECT, related_name="+")
    entity_type = models.CharField(max_length=30, default="clients")
    legal_form = models.PositiveSmallIntegerField(choices=LegalForm.choices, null=True, blank=True)
    file_name = models.CharField(max_length=255)  # as uploaded; the stored file is named apart
    dry_run = models.BooleanField(default=False)
    all_or_nothing = models.BooleanField(default=False)
    date_format = models.CharField(max_length=50, blank=True)  # of text dates (TextDates)
    locale = models.CharField(max_length=35, blank=True)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default="queued")
    total_rows = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)  # all or nothing's checking pass
    rows_done = models.PositiveIntegerField(default=0)  # written (or, in a dry run, checked)
    outcomes = models.JSONField(default=dict)  # outcome → rows
    held_back = models.BooleanField(default=False)  # all or nothing found invalid rows
    last_line = models.PositiveIntegerField(default=0)  # the last line of the last batch done
    checked_line = models.PositiveIntegerField(default=0)  # all or nothing's check: this run's
    # Where the progress bar stood when this run was claimed (in hundredths of a percent), and
    # the last line then: a resumed run goes on from there (clients/imports/bar.py).
    bar_from = models.PositiveSmallIntegerField(default=0)
    line_from = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # An error told to each viewer as fits them (imports/job_errors.py): its facts, stored
    # instead of `error`'s finished sentence (empty for an error stored as a sentence).
    error_facts = models.JSONField(default=dict, blank=True)
    # The permissions the file's columns may ask (bulk/statuses.py), worked out from its
    # header as the job is made; None for a job made before they were kept (imports/access.py).
    columns_ask = models.JSONField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)  # of the latest (re)start
    rows_at_start = models.PositiveIntegerField(default=0)  # work done before the rate's start
    # The rate's start: the run's, or a resumed run's first batch (it reads its file again up
    # to its last line first: time no row of the rate took).
    rate_since = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=120, blank=True)  # host:pid of the running worker
    finished_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    # Of the rows imported (or, checked only, valid), those the sheet hides: counted from its
    # files as it finishes (None before, and for a job finished before the count was kept).
    hidden_rows_imported = models.PositiveIntegerField(null=True, blank=True)
    # When its files (the upload, the batches' outcomes) were removed, kept days after it
    # ended (imports/retention.py), or before by a user (services.import_job_files_delete:
    # who, then); the row and its counts stay.
    files_removed_at = models.DateTimeField(null=True, blank=True)
    files_removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Never stored: the seconds the run in this process has waited so far for another
    # writer of SQLite to let go of the database (core/lock_wait.py), None while it is not
    # waiting; its progress bar says so (imports/progress.text_bar).
    database_wait: float | None = None

    objects = ImportJobQuerySet.as_manager()
    office_scope_paths = ("office",)

    class Meta:
        indexes = [
            models.Index(fields=["created_by", "-id"], name="clients_importjob_user"),
            models.Index(fields=["office", "-id"], name="clients_importjob_office"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def dates(self) -> TextDates:
        return TextDates(self.date_format, self.locale)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class ImportedRow(models.Model):
    """A client imported from a row that has no key of its own (no external id, account
    number or identity document): the row's fingerprint, by which the same file imported
    again knows the client (bulk/checking.py)."""

    fingerprint = models.CharField(max_length=32, unique=True)  # bulk/fingerprints.py
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    office_scope_paths = ("client__office", "client__transfer_to_office")

    def __str__(self):
        return self.fingerprint
