"""A stopped import's error, told to each viewer as fits them (docs/decisions.md, 140).

Some of a job's errors say what to do next, which depends on who reads them: its starter's
move to another office and a row refused as all or nothing wrote it tell to resume the job,
which only some viewers may (access.resume_standing); its starter's move, or loss of the
right to create clients, names them "you" to themselves. Such an error is stored as its facts
(`ImportJob.error_facts`: a kind and its values, in no language) and made a sentence as it is
shown — on the page, in `GET /imports/{id}`, by `mteja import` — in the viewer's language (a
refused row's errors as the job wrote them, in its own). Any other error, and one stored
before, is its sentence (`ImportJob.error`)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from mteja.clients.bulk.all_or_nothing import RowRefusedAtWrite, stopped_at

MAY_NOT_CREATE = "starter.may.not.create"
MOVED = "starter.moved"
REFUSED_AT_WRITE = "row.refused.at.write"


def starter_may_not_create(starter) -> dict:
    return {"kind": MAY_NOT_CREATE, "user": starter.username}


def starter_moved(starter) -> dict:
    return {"kind": MOVED, "user": starter.username}


def refused_at_write(refused: RowRefusedAtWrite, imported_before: int) -> dict:
    errors = refused.errors  # (as the result file's Status says them: in the job's language)
    return {"kind": REFUSED_AT_WRITE, "line": refused.line, "errors": errors,
            "imported": imported_before}  # fmt: skip


def error_for(job, viewer, *, may_resume: bool) -> str:
    """The job's error as `viewer` reads it, `may_resume` telling whether they may resume it
    (access.resume_standing); "" when it has none."""
    facts = job.error_facts
    if not facts:
        return job.error
    own = viewer is not None and viewer.pk == job.created_by_id
    return _SENTENCES[facts["kind"]](facts, own, may_resume)


def _may_not_create(facts: dict, own: bool, may_resume: bool) -> str:
    if own:
        return _("You may no longer create clients: the import cannot go on.")
    return _("%(user)s may no longer create clients: the import cannot go on.") % facts


def _moved(facts: dict, own: bool, may_resume: bool) -> str:
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
    return message % facts


def _refused_at_write(facts: dict, own: bool, may_resume: bool) -> str:
    return stopped_at(facts["line"], facts["errors"], facts["imported"], resumable=may_resume)


_SENTENCES: dict[str, Callable[[dict, bool, bool], str]] = {
    MAY_NOT_CREATE: _may_not_create,
    MOVED: _moved,
    REFUSED_AT_WRITE: _refused_at_write,
}
