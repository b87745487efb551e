"""Every write of notes: one audit event each. An edit keeps the text it replaces, with who
wrote that text and when. A note is about a client, a group or a center (its owner)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.clients.scope import lock_client_in_scope
from mteja.core import clock, writes
from mteja.core.errors import Problems
from mteja.core.scoping import ensure_office_in_scope
from mteja.notes.models import (
    GROUP_NOTE_ENTITY,
    NOTE,
    NOTE_MAX_LENGTH,
    Note,
    NoteRevision,
    owner_field,
)


def _event(owner) -> dict:
    if isinstance(owner, Client):
        return {"office": owner.office, "client_id": owner.pk}
    return {"office": owner.office, "group_id": owner.pk, "entity": GROUP_NOTE_ENTITY}


def _lock_owner(actor, owner):
    """The owner locked, in the actor's offices (404/403 as for its other writes)."""
    if isinstance(owner, Client):
        return lock_client_in_scope(actor, owner)
    locked = writes.lock(owner, related=("office",))
    ensure_office_in_scope(actor, locked.office)
    return locked


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
    locked = _lock_owner(actor, owner)
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
    return locked, before, _lock_owner(actor, locked.owner)


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
