"""How many bytes of import files one user's jobs may keep on the server
(MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER; docs/decisions.md 207). Each job keeps its upload, up
to MTEJA_IMPORT_MAX_BYTES, and its batches' outcomes until kept days after it ends
(retention.py): without a bound, a user's uploads (three at a time, one after the other) could
fill the disk the database and every other job share.

What a user keeps is read from the disk, as it is: the files in the directories of the jobs
they started whose files were not removed, the upload now made among them once it is kept. A
new upload (or a check's file imported again, which is copied) that would take them past the
bound is refused before anything is written, with Fineract's 400 naming the `file`; the page
puts the message by its file field. The count is made under a lock of the user's row
(services.import_job_create), so that two uploads at once are counted one after the other."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext as _

from mteja.clients.imports.files import job_dir
from mteja.clients.imports.removed_files import kept_days
from mteja.clients.models import ImportJob
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.core.sizes import file_size

OVER_QUOTA = "validation.msg.client.import.file.quota.exceeded"


def bytes_kept(user) -> int:
    """The bytes of the files the user's jobs keep now."""
    jobs = ImportJob.objects.filter(created_by=user, files_removed_at=None).only("pk")
    return sum(_folder_bytes(job_dir(job)) for job in jobs)


def _folder_bytes(folder: Path) -> int:
    try:
        with os.scandir(folder) as entries:
            return sum(_size(entry) for entry in entries)
    except OSError:  # no directory (removed by an operator), or not one
        return 0


def _size(entry: os.DirEntry) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_size
    except OSError:  # removed meanwhile
        return 0


def refuse_beyond_quota(user, incoming: int, most: int) -> None:
    """ValidationFailed (400, the `file`'s) when keeping `incoming` bytes more would take the
    user's import files past `most` bytes (0: no bound)."""
    if most <= 0:
        return
    kept = bytes_kept(user)
    if kept + incoming <= most:
        return
    values = {"kept": file_size(kept), "most": file_size(most), "size": file_size(incoming)}
    message = (
        _(
            "Your imports keep %(kept)s of files on the server, and you may keep %(most)s: this "
            "file (%(size)s) would pass that."
        )
        % values
    )
    if kept_days() > 0:
        removed = _(
            "Delete the files of a finished import you no longer need, on its page; else an "
            "import's files are removed %(days)s days after it ends: import this file then, or "
            "ask an administrator."
        ) % {"days": kept_days()}
    else:
        removed = _(
            "Delete the files of a finished import you no longer need, on its page, or ask an "
            "administrator to remove older imports' files."
        )
    raise ValidationFailed([ParameterError(OVER_QUOTA, "file", f"{message} {removed}", incoming)])
