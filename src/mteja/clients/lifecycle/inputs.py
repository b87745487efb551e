"""The inputs a lifecycle command may take, as plain data.

Each input is named as the API names it. The service receives it under the snake_case of that
name (`kwarg`), the form field is that name without its "_id" (`form_name`). The API
(clients/api/commands.py) and the UI (clients/web/commands.py) each know how to read a kind;
a command with a new kind of input teaches both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

__all__ = [
    "CurrentOfficer", "Day", "Destination", "NoGroup", "Note", "Officer", "Param", "Reason",
    "snake",
]  # fmt: skip
_HUMP = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(name: str) -> str:
    """Fineract's camelCase parameter → Mteja's snake_case name (closureReasonId →
    closure_reason_id)."""
    return _HUMP.sub(r"_\1", name).lower()


@dataclass(frozen=True)
class Param:
    api: str
    label: str = ""

    @property
    def kwarg(self) -> str | None:
        return snake(self.api)

    @property
    def form_name(self) -> str:
        return snake(self.api).removesuffix("_id")


@dataclass(frozen=True)
class Day(Param):
    """A business date; the form offers today."""


@dataclass(frozen=True)
class Reason(Param):
    """A value of the code list `code_list`, required."""

    code_list: str = ""
    label: str = _("Reason")


@dataclass(frozen=True)
class Officer(Param):
    """A loan officer: of the client's `office` (or of `transfer_to_office`), or, with
    `office` empty, of the office chosen in the same form."""

    api: str = "staffId"
    office: str = ""
    required: bool = True
    exclude_current: bool = False
    help_text: str = ""


@dataclass(frozen=True)
class CurrentOfficer(Param):
    """The client's loan officer, named by the API caller; the UI sends the current one."""

    api: str = "staffId"


@dataclass(frozen=True)
class Destination(Param):
    """The office a transfer goes to: an existing office, not necessarily the user's. With
    `within_scope`, the command also completes the transfer, which needs both offices in
    the user's scope: the pages offer only the user's offices."""

    api: str = "destinationOfficeId"
    label: str = _("Destination office")
    within_scope: bool = False

    @property
    def kwarg(self) -> str:
        return "destination"


@dataclass(frozen=True)
class Note(Param):
    """A free note (every command's body may carry one; these commands keep it)."""

    api: str = "note"
    label: str = _("Note")


@dataclass(frozen=True)
class NoGroup(Param):
    """Fineract's destinationGroupId: the group of the new office a transferred client joins
    (required when it was in exactly one group; groups/transfers.py)."""

    api: str = "destinationGroupId"
    label: str = _("Group in the new office")
