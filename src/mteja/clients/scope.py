"""Which clients an actor may change: the write side of office scoping."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.clients.selectors import client_not_found
from mteja.core import writes
from mteja.core.errors import NotAuthorized


def ensure_client_in_scope(actor, client: Client, *, destination_side: bool = False) -> None:
    """Writes belong to the client's own office. A client awaiting transfer is visible to the
    destination too, but that side may only accept or reject the transfer (destination_side);
    everything else, withdrawing the transfer included, stays with the source (403). A client
    the actor cannot see at all does not exist for them (404, as for a read): checked again
    here, on the locked row, for a client moved away while the request ran."""
    office = client.office
    if destination_side and client.transfer_to_office is not None:
        office = client.transfer_to_office
    if actor is None or office.hierarchy.startswith(actor.office.hierarchy):
        return
    if not Client.objects.restrict(actor).filter(pk=client.pk).exists():
        raise client_not_found(client.pk)
    raise NotAuthorized(_("The client belongs to an office outside your part of the organisation."))


def lock_client_in_scope(actor, client: Client) -> Client:
    """For a write that adds to or changes a client's parts: the client found and locked in
    one statement (404 when it was deleted while the request ran), in the actor's offices
    (404 outside them, 403 on the destination side of a transfer)."""
    locked = writes.lock(
        client, related=("office", "transfer_to_office"), gone=lambda: client_not_found(client.pk)
    )
    ensure_client_in_scope(actor, locked)
    return locked
