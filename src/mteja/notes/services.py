"""Every write of notes: one audit event each. An edit keeps the text it replaces, with who
wrote that text and when. A note is about a client, a group or a center (its owner)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.core import clock, writes
from mteja.core.errors import Problems
from mteja.groups.owners import lock_owner_in_scope, owner_event, owner_field, part_owner
from mteja.notes.models import GROUP_NOTE_ENTITY, NOTE, NOTE_MAX_LENGTH, Note, NoteRevision


def _event(owner) -> dict:
    event = owner_event(owner)
    return event if "client_id" in event else {**event, "entity": GROUP_NOTE_ENTITY}


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def clean_text(text) -> str:
    """The note's text, or a 400: required, at most NOTE_MAX_LENGTH characters."""
    problems = Problems(resource=NOTE.resource)
    text = (text or "").strip() if isinstance(text, str) or text is None else str(text)
    if not text:
        problems.add("note", "cannot.be.blank", _("The parameter note is mandatory."))
    elif len(text) > NOTE_MAX_LENGTH:
        problems.add(
            "note",
            "exceeds.max.length",
            _("The note is longer than %(max)s characters.") % {"max": NOTE_MAX_LENGTH},
            args=(NOTE_MAX_LENGTH,),
        )
    problems.raise_if_any()
    return text


@transaction.atomic
def note_create(*, actor, owner, text: str) -> Note:
    """A note about `owner`: a client, a group or a center."""
    text = clean_text(text)
    locked = lock_owner_in_scope(actor, owner)
    note = Note.objects.create(
        **{owner_field(locked): locked},
        note=text,
        created_by=_actor(actor),
        last_modified_by=_actor(actor),
    )
    writes.record_created(note, actor=actor, **_event(locked))
    return note


def _open(actor, note: Note):
    locked, before = writes.open_write(note, actor=actor, related=("client", "group", "center"))
    return locked, before, lock_owner_in_scope(actor, part_owner(locked))


@transaction.atomic
def note_update(*, actor, note: Note, text: str) -> dict[str, list]:
    """Changes the text; the earlier one is kept as a revision. Returns the changes."""
    text = clean_text(text)
    locked, before, owner = _open(actor, note)
    if locked.note == text:
        return {}
    NoteRevision.objects.create(
        note=locked,
        text=locked.note,
        written_by_id=locked.last_modified_by_id,
        written_on=locked.last_modified_on,
        replaced_by=_actor(actor),
        replaced_on=clock.now(),
    )
    locked.note = text
    return writes.commit_write(locked, actor=actor, action="UPDATE", before=before, **_event(owner))


@transaction.atomic
def note_delete(*, actor, note: Note) -> None:
    locked, before, owner = _open(actor, note)
    event = {"resource_id": locked.pk, **_event(owner)}
    locked.delete()
    writes.record_deleted(locked, before, actor=actor, **event)
