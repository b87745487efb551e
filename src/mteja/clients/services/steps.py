"""What every client write shares: the audited fields, locking with the version check, the
scope check, the audit event, and small date and presence checks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from mteja.clients import lifecycle
from mteja.clients.models import Client
from mteja.clients.scope import ensure_client_in_scope
from mteja.clients.selectors import client_not_found
from mteja.core import clock, writes
from mteja.core.errors import Problems, UniquenessViolation
from mteja.core.uniqueness import UniqueCheck


def _unique(field: str, param: str, message) -> UniqueCheck:
    """`field` is unique among clients; a duplicate is refused naming `param`."""
    return UniqueCheck(
        (field,),
        lambda c: UniquenessViolation(
            f"error.msg.client.duplicate.{param}",
            message % {field: getattr(c, field)},
            param=param,
            value=getattr(c, field),
        ),
    )


CLIENT_UNIQUE = [
    _unique(
        "external_id",
        "externalId",
        gettext_lazy("A client with external id “%(external_id)s” already exists."),
    ),
    _unique(
        "account_no",
        "accountNo",
        gettext_lazy("A client with account number “%(account_no)s” already exists."),
    ),
]


@dataclass
class ClientWrite:
    """The outcome of a create or update: the client, what changed, and duplicate warnings."""

    client: Client
    changes: dict[str, list] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)


# --- shared steps ---------------------------------------------------------------------------


def lock_client(client: Client, expected_version: int | None) -> Client:
    """The client again, locked: 404 when it was deleted while the request ran, 409 when the
    caller saw an older version."""
    return writes.lock(
        client,
        expected_version=expected_version,
        # The entity details too: the before- and after-images need them.
        related=("office", "transfer_to_office", "staff", "non_person"),
        gone=lambda: client_not_found(client.pk),
    )


def snapshot(client: Client) -> dict[str, Any]:
    return writes.snapshot(client)


def finish(client: Client, actor, action: str, before: dict, **event) -> dict:
    """Saves a command's or an update's changes: one event, the version bumped."""
    return writes.commit_write(
        client,
        actor=actor,
        action=action,
        before=before,
        record_unchanged=True,
        office=client.office,
        client_id=client.pk,
        **event,
    )


def actor_user(actor):
    return actor if getattr(actor, "pk", None) else None


# Whole sentences for the `what` the services pass (a key of these tables, never words glued
# into a sentence), so translators see whole sentences.
_FUTURE = {
    "date": gettext_lazy("The date cannot be in the future."),
    "transfer date": gettext_lazy("The transfer date cannot be in the future."),
}
_REQUIRED = {
    "activation date": gettext_lazy("The activation date is required."),
    "reason": gettext_lazy("The reason is required."),
    "date": gettext_lazy("The date is required."),
    "loan officer": gettext_lazy("The loan officer is required."),
}


def not_future(day: datetime.date, param: str, problems: Problems, what: str) -> None:
    if day > clock.today():
        problems.add(
            param,
            "is.greater.than.date",
            str(_FUTURE[what]),
            day,
        )


def not_before(
    day: datetime.date,
    floor: datetime.date | None,
    param: str,
    problems: Problems,
    message: str,
    code: str = "is.before.allowed.date",
) -> None:
    if floor is not None and day < floor:
        problems.add(param, code, message, day)


def required(value, param: str, problems: Problems, what: str) -> bool:
    if value in (None, ""):
        problems.add(
            param,
            "cannot.be.blank",
            str(_REQUIRED[what]),
        )
        return False
    return True


def begin_command(
    client: Client,
    expected_version: int | None,
    actor,
    name: str,
    *,
    destination_side: bool = False,
):
    client = lock_client(client, expected_version)
    ensure_client_in_scope(actor, client, destination_side=destination_side)
    lifecycle.ensure_allowed(lifecycle.COMMANDS[name.lower()], client.status)
    return client, snapshot(client), Problems()
