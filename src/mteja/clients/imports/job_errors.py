"""A stopped import's error, told to each viewer as fits them (docs/decisions.md, 140).

Some of a job's errors say what to do next, which depends on who reads them: its starter's
move to another office and a row refused as all or nothing wrote it tell to resume the job,
which only some viewers may (access.resume_standing); its starter's move, or loss of the
right to create clients, names them "you" to themselves. Such an error is stored as its facts
(`ImportJob.error_facts`: a kind and its values, in no language) and made a sentence as it is
shown — on the page, in `GET /imports/{id}`, by `mteja import` — in the viewer's language (a
refused row's errors as the job wrote them, in its own). Any other error, and one stored
before, is its sentence (`ImportJob.error`).

Each kind says too whether resuming a job stopped on it can get further (decision 310). A job
stopped on its file itself — unreadable part-way, its header refused (a column no longer
known), no rows below it: `FILE_REFUSED`, its sentence as the job wrote it kept in
`ImportJob.error` — would read the same file and stop again: no resume is offered nor taken
(running.resumable), and its error says what to do instead. One that stopped on anything
else (an unexpected error: a lane or the database gone), was cancelled or whose worker died
goes on after its last written batch; its starter's loss of the right to create clients waits
for that right (access.resume_refusal)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from mteja.clients.bulk.all_or_nothing import RowRefusedAtWrite, stopped_at
from mteja.core.errors import DomainError

MAY_NOT_CREATE = "starter.may.not.create"
MOVED = "starter.moved"
REFUSED_AT_WRITE = "row.refused.at.write"
FILE_REFUSED = "file.refused"


def starter_may_not_create(starter) -> dict:
    return {"kind": MAY_NOT_CREATE, "user": starter.username}


def starter_moved(starter) -> dict:
    return {"kind": MOVED, "user": starter.username}


def refused_at_write(refused: RowRefusedAtWrite, imported_before: int) -> dict:
    errors = refused.errors  # (as the result file's Status says them: in the job's language)
    return {"kind": REFUSED_AT_WRITE, "line": refused.line, "errors": errors,
            "imported": imported_before}  # fmt: skip


def file_refused() -> dict:
    """The facts of a job stopped on its file (its sentence, `ImportJob.error`, says why)."""
    return {"kind": FILE_REFUSED}


def resume_helps(job) -> bool:
    """Whether resuming the stopped job could get further than it did (its error's kind)."""
    return not _kind(job).resume_refused_as


def resume_refusal(job, actor) -> DomainError | None:
    """The refusal of a resume that cannot help (`resume_helps`): its error, which says what
    to do instead."""
    code = _kind(job).resume_refused_as
    return DomainError(code, error_for(job, actor, may_resume=False)) if code else None


def _kind(job) -> Kind:
    facts = job.error_facts
    return _KINDS[facts["kind"]] if facts else RESUMABLE


def error_for(job, viewer, *, may_resume: bool) -> str:
    """The job's error as `viewer` reads it, `may_resume` telling whether they may resume it
    (access.resume_standing); "" when it has none."""
    own = viewer is not None and viewer.pk == job.created_by_id
    return _kind(job).sentence(job, own, may_resume)


def _may_not_create(job, own: bool, may_resume: bool) -> str:
    if own:
        return _("You may no longer create clients: the import cannot go on.")
    return _("%(user)s may no longer create clients: the import cannot go on.") % job.error_facts


def _moved(job, own: bool, may_resume: bool) -> str:
    if own and may_resume:
        return _(
            "You have moved to another office: resume the import to check its remaining rows "
            "against the offices you now serve."
        )
    if own:
        return _(
            "You have moved to another office: resumed, the import checks its remaining rows "
            "against the offices you now serve."
        )
    if may_resume:
        message = _(
            "%(user)s has moved to another office: resume the import to check its remaining "
            "rows against the offices they now serve."
        )
    else:
        message = _(
            "%(user)s has moved to another office: resumed, the import checks its remaining "
            "rows against the offices they now serve."
        )
    return message % job.error_facts


def _refused_at_write(job, own: bool, may_resume: bool) -> str:
    facts = job.error_facts
    return stopped_at(facts["line"], facts["errors"], facts["imported"], resumable=may_resume)


def _file_refused(job, own: bool, may_resume: bool) -> str:
    return f"{job.error} {_instead_of_resuming(job)}"


def _instead_of_resuming(job) -> str:
    """What to do with a job stopped on its file, rather than resume it."""
    if job.dry_run:
        return _(
            "Resumed, the check would read the same file and stop again: correct the file and "
            "check it again."
        )
    return _(
        "Resumed, the import would read the same file and stop again: correct the file and "
        "import it again, as a new import; the rows imported already are recognised, none is "
        "written twice."
    )


@dataclass(frozen=True)
class Kind:
    """How a kind of error is told (to a viewer: `error_for`), and, when resuming a job
    stopped on it cannot get further, the code its resume is refused with."""

    sentence: Callable[[Any, bool, bool], str]  # (job, the viewer's own, they may resume it)
    resume_refused_as: str = ""


def _as_stored(job, own: bool, may_resume: bool) -> str:
    return job.error


# An error stored as its sentence, and none (cancelled, its worker gone): resumed, it goes on.
RESUMABLE = Kind(_as_stored)
_KINDS: dict[str, Kind] = {
    # Resumable once they may again (access.resume_refusal says so meanwhile).
    MAY_NOT_CREATE: Kind(_may_not_create),
    # Resumed, the rest is checked against the offices they now serve.
    MOVED: Kind(_moved),
    # The line, or what it names, fixed meanwhile.
    REFUSED_AT_WRITE: Kind(_refused_at_write),
    FILE_REFUSED: Kind(_file_refused, resume_refused_as="error.msg.import.file.refused"),
}
