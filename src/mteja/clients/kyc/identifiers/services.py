"""Recording, changing and deleting a client's identity documents.

A type plus normalised number belongs to at most one client, and a client holds at most one
active document of each type: both are database constraints (see ClientIdentifier),
pre-checked here for a clear message and mapped back to the same 403s when a concurrent
request wins the race.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.kyc.identifiers.inputs import IdentifierInput, apply_identifier, wanted_codes
from mteja.clients.kyc.identifiers.reads import find_owner
from mteja.clients.kyc.identifiers.rules import DECLARATION, RESOURCE, normalise_key
from mteja.clients.kyc.writes import ClientPart
from mteja.clients.models import Client, ClientIdentifier, IdentifierStatus
from mteja.clients.validation import resolve_code_values
from mteja.core.errors import Problems, UniquenessViolation
from mteja.core.uniqueness import UniqueCheck

PART = ClientPart(DECLARATION, related=("document_type__identifier_format",))


def identity_key_duplicate(
    owner: ClientIdentifier | None, *, client: Client | None = None, actor=None
) -> UniquenessViolation:
    """403 error.msg.clientIdentifier.identityKey.duplicate naming the holder's account
    number; `value` and args[0] are the holder's client id, args[1] its account number.
    A holder outside `actor`'s offices is not named: only "a client of another office"."""
    code = "error.msg.clientIdentifier.identityKey.duplicate"
    if owner is None:  # the holder went away between the refusal and this message
        return UniquenessViolation(
            code, _("This document number is already recorded for a client."), param="documentKey"
        )
    holder = owner.client
    type_name = owner.document_type.name
    if client is not None and client.pk == holder.pk:
        message = _("This client already has this %(type_name)s number recorded.") % {
            "type_name": type_name
        }
    elif not _visible(holder, actor):
        message = _(
            "This %(type_name)s number is already recorded for a client of another office."
        ) % {"type_name": type_name}
        return UniquenessViolation(code, message, param="documentKey")
    else:
        message = _(
            "This %(type_name)s number is already recorded for the client with account number "
            "%(account_no)s."
        ) % {"type_name": type_name, "account_no": holder.account_no}
    error = UniquenessViolation(code, message, param="documentKey", value=holder.pk)
    error.errors = [replace(error.first, args=(holder.pk, holder.account_no))]
    return error


def _visible(holder: Client, actor) -> bool:
    """Whether `actor` may see `holder` (the system, acting without an actor, sees all)."""
    return actor is None or Client.objects.restrict(actor).filter(pk=holder.pk).exists()


def type_duplicate(identifier: ClientIdentifier) -> UniquenessViolation:
    type_name = identifier.document_type.name
    return UniquenessViolation(
        "error.msg.clientIdentifier.type.duplicate",
        _(
            "The client already has an active %(type_name)s; make it inactive before "
            "adding another one."
        )
        % {"type_name": type_name},
        param="documentTypeId",
        value=identifier.document_type_id,
    )


@dataclass(frozen=True)
class _OneActivePerType(UniqueCheck):
    """The partial unique constraint: only active documents count."""

    def conflict(self, instance: ClientIdentifier) -> bool:
        if instance.status != IdentifierStatus.ACTIVE:
            return False
        others = ClientIdentifier.objects.filter(
            client_id=instance.client_id,
            document_type_id=instance.document_type_id,
            status=IdentifierStatus.ACTIVE,
        )
        if instance.pk is not None:
            others = others.exclude(pk=instance.pk)
        return others.exists()


def unique_checks(actor) -> list[UniqueCheck]:
    """The database's two constraints, each refused as its 403 (worded for `actor`)."""
    return [
        UniqueCheck(
            ("document_type_id", "document_key_normalized"),
            lambda i: identity_key_duplicate(
                find_owner(i.document_type_id, i.document_key_normalized, exclude_pk=i.pk),
                client=i.client,
                actor=actor,
            ),
        ),
        _OneActivePerType(("client_id", "document_type_id"), type_duplicate),
    ]


def _apply(identifier: ClientIdentifier, data: IdentifierInput, *, creating: bool) -> None:
    problems = Problems(resource=RESOURCE)
    wanted = wanted_codes(data, problems, current=None if creating else identifier)
    resolved = resolve_code_values(wanted, problems)
    apply_identifier(identifier, data, resolved, problems, creating=creating)
    problems.raise_if_any()
    identifier.document_key_normalized = normalise_key(identifier.document_key)


@transaction.atomic
def identifier_create(*, actor, client: Client, data: IdentifierInput) -> ClientIdentifier:
    """Records an identity document of `client`. 400 for a key or date that breaks the
    type's rule, 404 for a type outside "Customer Identifier", 403 when the number belongs to
    a client already or the client has an active document of the type."""
    PART.lock_client(actor, client)
    identifier = ClientIdentifier(
        client=client, document_key="", description="", status=IdentifierStatus.ACTIVE
    )
    _apply(identifier, data, creating=True)
    PART.create(actor, identifier, unique_checks(actor))
    return identifier


@transaction.atomic
def identifier_update(
    *, actor, identifier: ClientIdentifier, data: IdentifierInput
) -> tuple[ClientIdentifier, dict[str, list]]:
    """Changes the fields `data` gives. Returns the document and its changes."""
    return PART.change(
        actor,
        identifier,
        lambda row: _apply(row, data, creating=False),
        lambda row: unique_checks(actor),
    )


@transaction.atomic
def identifier_delete(*, actor, identifier: ClientIdentifier) -> None:
    PART.delete(actor, identifier)
