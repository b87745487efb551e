"""The lifecycle commands, each declared once: the statuses it runs from (and the error Fineract
gives, or Mteja adds, when it does not), its inputs, its service, the office that may run it,
and what the pages say about it.

The entries are in registry.py (their inputs' kinds in inputs.py, their shape in command.py).
Everything else derives from them: the services' status check (`ensure_allowed`), the
API's `POST /clients/{id}?command=` (clients/api/commands.py), the UI's buttons and command
pages (clients/web/commands.py), the permission codes `<ACTION>_CLIENT` (registered by
clients/apps.py) with their names in the audit journal, and the tests that walk every command
against every status. The registry is plain data: it imports no service, serializer or form
(a service is named by "<module of clients.services>.<function>").
"""

from __future__ import annotations

from mteja.clients.lifecycle.command import Command
from mteja.clients.lifecycle.inputs import *  # noqa: F403 (the kinds of input: Day, Reason, …)
from mteja.clients.lifecycle.inputs import __all__ as _inputs
from mteja.clients.lifecycle.registry import COMMANDS, DELETE_REFUSAL
from mteja.clients.models import ClientStatus as S
from mteja.core.errors import DomainError

__all__ = [
    "ALL", "COMMANDS", "DELETE_REFUSAL", "Command", "available_commands", "command_named",
    "ensure_allowed", "ensure_deletable", "permission_actions", *_inputs,
]  # fmt: skip


ALL = frozenset(S)


def command_named(name: str) -> Command | None:
    return COMMANDS.get((name or "").lower())


def ensure_allowed(command: Command, status: int) -> None:
    if status not in command.allowed_from:
        code, message = command.refusal_for(status)
        # Fineract answers "already active" as a 400; every other refusal is a 403.
        http_status = 400 if code == "error.msg.clients.already.active" else 403
        raise DomainError(code, str(message), status=http_status)


def ensure_deletable(status: int) -> None:
    if status != S.PENDING:
        code, message = DELETE_REFUSAL
        raise DomainError(code, str(message))


def available_commands(status: int) -> list[Command]:
    return [command for command in COMMANDS.values() if status in command.allowed_from]


def permission_actions() -> list[str]:
    """The actions the permission catalogue gets for the client (ACTIVATE, CLOSE, …)."""
    return [command.action for command in COMMANDS.values()]
