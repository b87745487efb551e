"""Who may do what with an import job, whatever asks it: the pages, the API, the CLI
(docs/decisions.md, 120–122).

- See it (the jobs list, its page and progress, `GET /imports`, `GET /imports/{id}`): a user
  whose offices include the job's office (the one it was started in, widened when a resume
  writes into the offices its moved starter now serves: job_office.py), being its starter or
  holding READ_IMPORT (a branch manager following their clerks; ALL_FUNCTIONS_READ holds it)
  — `ImportJob.objects.visible_to` (decision 208).
- Take its result file (the file's clients): its starter; another who sees it and may
  export clients (files.may_take_result).
- Cancel it: its starter; another who sees it holding CANCEL_IMPORT.
- Delete a finished one's files before their days are up (its upload holds personal data):
  its starter; another who sees it holding DELETE_IMPORT (decision 235).
- Resume it (it writes the rest of its rows, as its starter): a user who may create clients,
  being its starter or one who sees it holding RESUME_IMPORT, while its starter may still
  create clients; another's only within its starter's power: their office within the
  resumer's, and the permissions the job's rows may ask that the starter holds held by the
  resumer too (`resume_refusal`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.bulk.rows import RowReader
from mteja.clients.bulk.statuses import (
    columns_ask,
    permissions_columns_may_need,
    permissions_rows_may_need,
)
from mteja.clients.imports import files, running
from mteja.clients.models import ImportJob
from mteja.clients.models.imports import IMPORT_ENTITY, job_reading_permission
from mteja.core.errors import DomainError, NotAuthorized
from mteja.users.services.guards import missing_codes

CREATE = "CREATE_CLIENT"  # what starting an import asks, and so resuming one
CANCEL_OTHERS = f"CANCEL_{IMPORT_ENTITY}"
RESUME_OTHERS = f"RESUME_{IMPORT_ENTITY}"
DELETE_OTHERS_FILES = f"DELETE_{IMPORT_ENTITY}"


# What a notification of a job its reader may no longer open says (decision 236).
JOB_CLOSED = gettext_lazy(
    "Its page is no longer open to you: it belongs to an office you no longer serve."
)


def openable_jobs(user, job_ids: set[int]) -> set[int]:
    """Those of `job_ids` whose page `user` may open now (as the pages' and the API's look-up
    of a job: reading permission, then `visible_to`), in one query: a notification of a
    job links to it only then (users/notifications/reach.py)."""
    if not user.has_fineract_permission(job_reading_permission(user)):
        return set()
    return set(
        ImportJob.objects.visible_to(user).filter(pk__in=job_ids).values_list("pk", flat=True)
    )


def _starters(user, job: ImportJob) -> bool:
    return job.created_by_id == user.pk


def may_cancel(user, job: ImportJob) -> bool:
    """Whether `user` (who sees the job) may cancel it: its starter, or with CANCEL_IMPORT."""
    return _starters(user, job) or user.has_fineract_permission(CANCEL_OTHERS)


def cancel_refusal(user, job: ImportJob) -> NotAuthorized | None:
    if may_cancel(user, job):
        return None
    return NotAuthorized(
        _("Only the user who started this import, or a user who may cancel others' imports "
          "(CANCEL_IMPORT), may cancel it.")
    )  # fmt: skip


def may_delete_files(user, job: ImportJob) -> bool:
    """Whether `user` (who sees the job) may delete its files: its starter, or with
    DELETE_IMPORT; its state aside (services.import_job_files_delete)."""
    return _starters(user, job) or user.has_fineract_permission(DELETE_OTHERS_FILES)


def files_deletable(user, job: ImportJob) -> bool:
    """Whether the job's page offers `user` to delete its files: finished, its files still
    kept, and `may_delete_files`."""
    return job.finished and job.files_removed_at is None and may_delete_files(user, job)


def delete_files_refusal(user, job: ImportJob) -> NotAuthorized | None:
    if may_delete_files(user, job):
        return None
    return NotAuthorized(
        _("Only the user who started this import, or a user who may delete others' imports' "
          "files (DELETE_IMPORT), may delete its files.")
    )  # fmt: skip


def resume_refusal(user, job: ImportJob) -> DomainError | None:
    """Why `user` (who sees the job) may not resume it, or None; its state aside
    (running.resumable). Reads the job's header only for another's job whose starter holds
    a permission of a row's status that `user` lacks."""
    if not (_starters(user, job) or user.has_fineract_permission(RESUME_OTHERS)):
        return NotAuthorized(
            _("Only the user who started this import, or a user who may resume others' "
              "imports (RESUME_IMPORT), may resume it.")
        )  # fmt: skip
    starter = get_user_model().objects.select_related("office").get(pk=job.created_by_id)
    if not starter.has_fineract_permission(CREATE):  # its rows would all be refused
        if _starters(user, job):
            message = _("You may no longer create clients, and this import's rows are written "
                        "as you: it can be resumed once you may again.")  # fmt: skip
        else:
            message = _("%(user)s, who started this import, may no longer create clients: its "
                        "rows are written as them. It can be resumed once they may again."
                        ) % {"user": starter.username}  # fmt: skip
        return DomainError("error.msg.import.resume.starter.may.not.create", message)
    if not user.has_fineract_permission(CREATE):
        return NotAuthorized(
            _("Resuming an import writes its rows: it needs the permission to create clients.")
        )
    if _starters(user, job):
        return None
    if not user.office.is_ancestor_or_self_of(starter.office):
        return DomainError(
            "error.msg.import.resume.starter.beyond.offices",
            _("%(user)s, who started this import, now works in an office outside yours: they, "
              "or a user whose offices include theirs, may resume it.")
            % {"user": starter.username},
        )  # fmt: skip
    missing = _missing(user, job, starter)
    if missing:
        return DomainError(
            "error.msg.import.resume.starter.holds.more",
            _("%(user)s, who started this import, holds permissions its rows may need that "
              "you do not hold: %(values)s. They, or a user holding these too, may resume it.")
            % {"user": starter.username, "values": ", ".join(missing)},
            value=missing,
        )  # fmt: skip
    return None


def _missing(user, job: ImportJob, starter) -> list[str]:
    """The permissions the job's rows, written as `starter`, may ask that the starter holds
    and `user` lacks: those its file's columns may ask (an active client, a status recorded),
    as its first run asked them — kept on the job as it was made (`columns_ask`: no file read
    at each poll of its page), read from its header for a job made before, only when the
    starter holds one `user` lacks at all. A check writes nothing and asks only CREATE_CLIENT;
    a file that cannot be read again (resumed, it fails on it) asks them all."""
    if job.dry_run:  # (CREATE_CLIENT is asked of `user` already)
        return []
    held = [code for code in permissions_rows_may_need() if starter.has_fineract_permission(code)]
    missing = missing_codes(user, held)
    if not missing:
        return []
    return sorted(set(missing) & _columns_ask(job, starter))


def _columns_ask(job: ImportJob, starter) -> frozenset[str]:
    if job.columns_ask is not None:
        return frozenset(job.columns_ask)
    try:
        return columns_ask(RowReader(starter, files.header(job)))
    except (DomainError, OSError):
        return permissions_columns_may_need(None)


@dataclass(frozen=True)
class ResumeStanding:
    """Where `user` stands on resuming a job, as each viewer is told (decision 135): whether
    `command=resume` by them would be taken (its share of waiting imports aside); refused one
    who could otherwise (its starter, or RESUME_IMPORT), why (`refused`); one who may not
    resume it at all, who may (`left_to`)."""

    may_resume: bool = False
    refused: str = ""
    left_to: str = ""


def resume_standing(user, job: ImportJob) -> ResumeStanding:
    """`user`'s standing on resuming the job: the job's state allows it (running.resumable:
    never while it runs, so a running job's poll asks nothing more) and `resume_refusal`."""
    if not running.resumable(job):
        return ResumeStanding()
    refused = resume_refusal(user, job)
    if refused is None:
        return ResumeStanding(may_resume=True)
    if _starters(user, job) or user.has_fineract_permission(RESUME_OTHERS):
        return ResumeStanding(refused=str(refused))
    return ResumeStanding(left_to=str(refused))
