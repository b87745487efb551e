"""One lifecycle command, declared once (its entries are in registry.py)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from mteja.clients.lifecycle.inputs import Param


@dataclass(frozen=True, kw_only=True)
class Command:
    name: str  # the API's ?command= value
    action: str  # audit action and permission prefix (ACTIVATE → ACTIVATE_CLIENT)
    allowed_from: frozenset  # the statuses it runs from
    refusal: tuple[str, str]  # (code, message) from any other status …
    refusals: dict = field(default_factory=dict)  # … unless this gives one for the status
    service: str  # "<module of clients.services>.<function>"
    params: tuple[Param, ...] = ()  # its inputs, in the order of the API body and the form
    label: str  # the button and the page title
    done: str  # what the page says once it is done
    history: str  # the audit action's name on the History tab and the audit log
    intro: str | None = None  # a sentence on the command's page
    destination_side: bool = False  # run by the office a transfer goes to, not the client's
    primary: bool = False  # the button stands out
    danger: bool = False  # the submit button warns
    relabel: Callable | None = None  # client → another button label (or None)
    unavailable: Callable | None = None  # client → why the button is not offered (or None)
    about: Callable | None = None  # client → a sentence about this client on the page

    @property
    def permission(self) -> str:
        return f"{self.action}_CLIENT"

    def __post_init__(self):
        object.__setattr__(self, "allowed_from", frozenset(self.allowed_from))

    def refusal_for(self, status: int) -> tuple[str, str]:
        return self.refusals.get(status, self.refusal)

    def param(self, kind: type[Param]) -> Param | None:
        return next((p for p in self.params if isinstance(p, kind)), None)

    def label_for(self, client) -> str:
        return (self.relabel and self.relabel(client)) or self.label

    def run(self, *, actor, client, expected_version: int | None, values: dict) -> dict:
        """Calls the service with `values`, the typed inputs by service keyword."""
        module, function = self.service.rsplit(".", 1)
        service = getattr(importlib.import_module(f"mteja.clients.services.{module}"), function)
        return service(actor=actor, client=client, expected_version=expected_version, **values)
