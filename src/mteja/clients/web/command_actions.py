"""The buttons of a client's page: one per lifecycle command its status allows, the user's
permissions and offices permit, and the registry's own condition (clients/lifecycle.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from mteja.clients import lifecycle
from mteja.clients.models import Client


@dataclass(frozen=True)
class ActionButton:
    label: str
    url: str
    primary: bool = False


def office_in_scope(user, office) -> bool:
    return office is not None and office.hierarchy.startswith(user.office.hierarchy)


def command_url_name(command: lifecycle.Command) -> str:
    return f"client_{command.name.lower()}"


def command_refusal(user, client: Client, command: lifecycle.Command) -> str | None:
    """Why `user` cannot run `command` on `client` now (None: they can). A client awaiting
    transfer is seen by both offices; the registry says which of them runs the command."""
    if client.status not in command.allowed_from:
        return _("This action is not possible for a client in the status “%(status)s”.") % {
            "status": client.get_status_display()
        }
    if not command.destination_side and not office_in_scope(user, client.office):
        return _("Only the office the client belongs to can do this.")
    if command.destination_side and not office_in_scope(user, client.transfer_to_office):
        return _("Only the office the client is being transferred to can do this.")
    return command.unavailable(client) if command.unavailable else None


def client_actions(request, client: Client) -> list[ActionButton]:
    """A button for each action the client's status allows and the user may take."""
    return [
        ActionButton(
            str(command.label_for(client)),
            reverse(command_url_name(command), args=[client.pk]),
            command.primary,
        )
        for command in lifecycle.available_commands(client.status)
        if request.user.has_fineract_permission(command.permission)
        and command_refusal(request.user, client, command) is None
    ]
