"""Reads of the notes about a client, group or center (the owner is scoped before these are
called)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from mteja.core.errors import NotFound
from mteja.groups.owners import owner_field
from mteja.notes.models import Note, NoteRevision


def note_not_found(note_id) -> NotFound:
    return NotFound(
        "error.msg.note.id.invalid",
        _("Note with identifier %(id)s does not exist.") % {"id": note_id},
        value=note_id,
    )


def notes_of(
    owner,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    author_id: int | None = None,
) -> QuerySet:
    """The notes about `owner` (a client, group or center), newest first, with their authors
    and earlier texts; written in a time range or by one user when asked."""
    rows = Note.objects.filter(**{owner_field(owner): owner})
    if since is not None:
        rows = rows.filter(created_on__gte=since)
    if until is not None:
        rows = rows.filter(created_on__lte=until)
    if author_id is not None:
        rows = rows.filter(created_by_id=author_id)
    revisions = NoteRevision.objects.select_related("written_by", "replaced_by")
    return (
        rows.select_related("created_by", "last_modified_by")
        .prefetch_related(Prefetch("revisions", queryset=revisions))
        .order_by("-created_on", "-id")
    )


def note_of(owner, note_id) -> Note:
    note = notes_of(owner).filter(pk=note_id).first()
    if note is None:
        raise note_not_found(note_id)
    return note
