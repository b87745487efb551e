"""How many bytes of import files one user's jobs, and one office's, may keep on the server
(MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER and _PER_OFFICE; docs/decisions.md 207 and 249). Each
job keeps its upload, up to MTEJA_IMPORT_MAX_BYTES, and its batches' outcomes until kept days
after it ends (retention.py): without a bound, a user's uploads (three at a time, one after
the other) could fill the disk the database and every other job share; and a branch of many
clerks, each within their own bound, still could.

What a user or an office keeps is read from the disk, as it is: the files in the directories
of the jobs they started, or of the jobs of that office (the job's office, which its people
see and may delete the files of: not its starter's office now, nor the offices below it),
whose files were not removed, the upload now made among them once it is kept. A new upload
(or a check's file imported again, which is copied) that would take either past its bound is
refused before anything is written, with Fineract's 400 naming the `file`; the page puts the
message by its file field. Each count is made under a lock of its holder's row (the user's,
then their office's), held until the upload's job commits, so that two uploads at once are
counted one after the other.

A first look is made before an upload's body is read (decision 313): a user (or office) left
no room, keeping their bound already, is refused unread, as no file that is not empty would
fit; one left some has the upload stopped at its file's first byte past the room
(`SizeLimit.keep_within`), its size not known then, nor said. Unlocked: the count that
holds is the one made as the file is kept."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from mteja.clients.imports.files import job_dir
from mteja.clients.imports.removed_files import kept_days
from mteja.clients.models import ImportJob
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.core.sizes import file_size

OVER_QUOTA = "validation.msg.client.import.file.quota.exceeded"
OFFICE_OVER_QUOTA = "validation.msg.client.import.file.office.quota.exceeded"


@dataclass(frozen=True)
class MostKeptBytes:
    """The bytes of import files a user's jobs, and an office's, may keep (0: no bound)."""

    per_user: int
    per_office: int

    @classmethod
    def configured(cls) -> MostKeptBytes:
        return cls(
            per_user=settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER,
            per_office=settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE,
        )


@dataclass(frozen=True)
class _Share:
    """Whose files one bound counts: the row locked while they are counted, their jobs, and
    what the refusal says (its code; its first sentence, of the holder and the sizes, the
    file's None when it was not read whole; what to do, given the days files are kept, 0
    for ever)."""

    code: str
    holder: Callable[[object], Model]
    jobs: Callable[[Model], QuerySet]
    over: Callable[[Model, dict], str]
    advice: Callable[[int], str]


def _user_over(user, values: dict) -> str:
    if values["size"] is None:
        sentence = _(
            "Your imports keep %(kept)s of files on the server, and you may keep %(most)s: "
            "this file would pass that."
        )
    else:
        sentence = _(
            "Your imports keep %(kept)s of files on the server, and you may keep %(most)s: "
            "this file (%(size)s) would pass that."
        )
    return sentence % values


def _user_advice(days: int) -> str:
    if days > 0:
        return _(
            "Delete the files of a finished import you no longer need, on its page; else an "
            "import's files are removed %(days)s days after it ends: import this file then, or "
            "ask an administrator."
        ) % {"days": days}
    return _(
        "Delete the files of a finished import you no longer need, on its page, or ask an "
        "administrator to remove older imports' files."
    )


def _office_over(office, values: dict) -> str:
    if values["size"] is None:
        sentence = _(
            "The imports of %(office)s keep %(kept)s of files on the server, and an office's "
            "imports may keep %(most)s: this file would pass that."
        )
    else:
        sentence = _(
            "The imports of %(office)s keep %(kept)s of files on the server, and an office's "
            "imports may keep %(most)s: this file (%(size)s) would pass that."
        )
    return sentence % {**values, "office": office.name}


def _office_advice(days: int) -> str:
    if days > 0:
        return _(
            "Delete the files of your office's finished imports no longer needed, on their "
            "pages (a branch manager may delete a colleague's); else an import's files are "
            "removed %(days)s days after it ends: import this file then, or ask an "
            "administrator."
        ) % {"days": days}
    return _(
        "Delete the files of your office's finished imports no longer needed, on their pages "
        "(a branch manager may delete a colleague's), or ask an administrator to remove older "
        "imports' files."
    )


USER_SHARE = _Share(
    code=OVER_QUOTA,
    holder=lambda user: user,
    jobs=lambda user: ImportJob.objects.filter(created_by=user),
    over=_user_over,
    advice=_user_advice,
)
OFFICE_SHARE = _Share(
    code=OFFICE_OVER_QUOTA,
    holder=lambda user: user.office,
    jobs=lambda office: ImportJob.objects.filter(office=office),
    over=_office_over,
    advice=_office_advice,
)


def bytes_kept(user) -> int:
    """The bytes of the files the user's jobs keep now."""
    return _jobs_bytes(USER_SHARE.jobs(user))


def office_bytes_kept(office) -> int:
    """The bytes of the files the office's jobs keep now."""
    return _jobs_bytes(OFFICE_SHARE.jobs(office))


def _jobs_bytes(jobs: QuerySet) -> int:
    kept = jobs.filter(files_removed_at=None).only("pk")
    return sum(_folder_bytes(job_dir(job)) for job in kept)


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


def take_turn(row: Model) -> None:
    """Locks `row` until the transaction ends, so that whoever counts under it next waits for
    this one's writes. FOR NO KEY UPDATE: it waits for another's lock of the row, not for the
    rows that merely name it (a client created in the office, an event by the user), which
    take only a key-share lock. (SQLite's writers take turns already.) `_meta`, not `type`:
    the request's user may be a lazy stand-in."""
    row._meta.model._base_manager.select_for_update(no_key=True).filter(pk=row.pk).exists()


@dataclass(frozen=True)
class Room:
    """What one bound leaves its holder: the bytes their jobs keep, counted once, and the
    bound."""

    share: _Share
    holder: Model
    kept: int
    most: int

    @property
    def left(self) -> int:
        return self.most - self.kept

    def refusal(self, size: int | None = None) -> ValidationFailed:
        """The 400 naming the `file` of `size` bytes (None: not read whole) that does not fit."""
        shown = None if size is None else file_size(size)
        values = {"kept": file_size(self.kept), "most": file_size(self.most), "size": shown}
        message = f"{self.share.over(self.holder, values)} {self.share.advice(kept_days())}"
        return ValidationFailed([ParameterError(self.share.code, "file", message, size)])


def _rooms(user, most: MostKeptBytes) -> list[Room]:
    """The room each bound set (above 0) leaves: the user's, then their office's."""
    bounds = ((USER_SHARE, most.per_user), (OFFICE_SHARE, most.per_office))
    return [_room(share, share.holder(user), bound) for share, bound in bounds if bound > 0]


def _room(share: _Share, holder: Model, most: int) -> Room:
    return Room(share, holder, _jobs_bytes(share.jobs(holder)), most)


def refuse_without_room(user, most: MostKeptBytes) -> Room | None:
    """Before an upload is read (decision 313): the 400 of `refuse_beyond_quota` when the
    user, or their office, keeps their bound already (no file of a byte fits: an empty one
    is refused anyway), else the tightest room left (the user's before the office's when
    even; None: no bound). Unlocked, a first look: it refuses only what the count that
    holds would."""
    rooms = _rooms(user, most)
    if not rooms:
        return None
    tightest = min(rooms, key=lambda room: room.left)
    if tightest.left <= 0:
        raise tightest.refusal()
    return tightest


def refuse_beyond_quota(user, incoming: int, most: MostKeptBytes) -> None:
    """ValidationFailed (400, the `file`'s) when keeping `incoming` bytes more would take the
    user's import files past `most.per_user` bytes, or their office's past `most.per_office`
    (0: no bound), each counted in its turn (`take_turn`): the user's row, then the office's.
    To be called in the transaction that keeps the file."""
    for share, bound in ((USER_SHARE, most.per_user), (OFFICE_SHARE, most.per_office)):
        if bound > 0:
            holder = share.holder(user)
            take_turn(holder)
            room = _room(share, holder, bound)
            if incoming > room.left:
                raise room.refusal(incoming)
