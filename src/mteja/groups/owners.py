"""What the parts kept by other apps (notes, documents) need of their owner, which is a
client, a group or a center: the part's field that names it, the owner locked in the actor's
offices for a write, and the journal event's office and owner."""

from __future__ import annotations

from mteja.clients.models import Client
from mteja.clients.scope import lock_client_in_scope
from mteja.core import writes
from mteja.core.scoping import ensure_office_in_scope

# A part names its owner by one of these nullable references (each named as its model).
OWNER_FIELDS = ("client", "group", "center")


def owner_field(owner) -> str:
    """The part's field that names `owner`: `client`, `group` or `center`."""
    return owner._meta.model_name


def part_owner(part):
    """The client, group or center a part (a note, a document) is about."""
    return next(getattr(part, name) for name in OWNER_FIELDS if getattr(part, f"{name}_id"))


def lock_owner_in_scope(actor, owner):
    """For a write on one of its parts: the owner locked (404 when deleted meanwhile), in the
    actor's offices (404 outside them; for a client, 403 on a transfer's destination side)."""
    if isinstance(owner, Client):
        return lock_client_in_scope(actor, owner)
    locked = writes.lock(owner, related=("office",))
    ensure_office_in_scope(actor, locked.office)
    return locked


def owner_event(owner) -> dict:
    """The journal event's office and owner of a write on one of its parts."""
    if isinstance(owner, Client):
        return {"office": owner.office, "client_id": owner.pk}
    return {"office": owner.office, "group_id": owner.pk}
