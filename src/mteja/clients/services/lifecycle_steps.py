"""The opening and closing of every lifecycle service, read from its entry in the registry
(clients/lifecycle.py): which office may run it and which audit action it records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mteja.clients import lifecycle
from mteja.clients.models import Client
from mteja.clients.services.steps import begin_command, finish
from mteja.core.errors import Problems


@dataclass
class CommandRun:
    command: lifecycle.Command
    client: Client  # locked, its scope and status checked
    before: dict
    problems: Problems
    actor: Any

    def finish(self) -> dict:
        """Saves the client with its version bumped and records the command's audit event."""
        return finish(self.client, self.actor, self.command.action, self.before)


def begin(name: str, client: Client, expected_version: int | None, actor) -> CommandRun:
    command = lifecycle.COMMANDS[name.lower()]
    client, before, problems = begin_command(
        client, expected_version, actor, command.name, destination_side=command.destination_side
    )
    return CommandRun(command, client, before, problems, actor)
