"""Reading identity documents: a client's documents, the document types with their rules,
and who holds a number."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mteja.clients.kyc.identifiers.rules import IDENTIFIER_CODE
from mteja.clients.models import Client, ClientIdentifier
from mteja.core import context
from mteja.core.among import Among
from mteja.core.errors import NotFound
from mteja.organisation.models import CodeValue


def client_identifiers(client: Client) -> QuerySet:
    """A client's documents, oldest first, with what their output shows (one query)."""
    return (
        ClientIdentifier.objects.filter(client=client)
        .select_related("document_type", "issuing_country")
        .order_by("id")
    )


def identifier_not_found(identifier_id, client_id) -> NotFound:
    return NotFound(
        "error.msg.clientIdentifier.id.invalid",
        _("Client identifier with id %(identifier_id)s does not exist for client %(client_id)s.")
        % {"identifier_id": identifier_id, "client_id": client_id},
        value=identifier_id,
    )


def client_identifier(client: Client, identifier_id: int) -> ClientIdentifier:
    """One document of `client`; 404 when it is not one of theirs."""
    identifier = client_identifiers(client).filter(pk=identifier_id).first()
    if identifier is None:
        raise identifier_not_found(identifier_id, client.pk)
    return identifier


def document_types(*, active_only: bool = True) -> QuerySet:
    """The values of the "Customer Identifier" list with their format rules (one query)."""
    values = CodeValue.objects.filter(code__name=IDENTIFIER_CODE)
    if active_only:
        values = values.filter(is_active=True)
    return values.select_related("identifier_format").order_by("position", "id")


def find_owner(
    document_type: CodeValue | int, normalised_key: str, *, exclude_pk: int | None = None
) -> ClientIdentifier | None:
    """The document of this type and normalised number, whoever's it is (not scoped: the
    number is unique across all clients), with its client; None when it is free."""
    type_id = getattr(document_type, "pk", document_type)
    known = context.remembered(_OWNERS, dict)
    if exclude_pk is None and (type_id, normalised_key) in known:
        return known[(type_id, normalised_key)]
    found = _documents().filter(document_type_id=type_id, document_key_normalized=normalised_key)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.first()


# In the request's memo: {(type id, normalised number): its document or None}, read ahead.
_OWNERS = "identifier owners"


def read_owners_ahead(keys: set[tuple[int, str]]) -> None:
    """Looks up the owners of many numbers at once (a bulk import's batch, in one query), for
    `find_owner` to answer from until `forget_owners_read_ahead`."""
    known = context.remembered(_OWNERS, dict)
    if not keys:
        return
    found = _documents().filter(
        Among("document_type_id", {type_id for type_id, _key in keys}),
        Among("document_key_normalized", {key for _type_id, key in keys}),
    )
    owners = {(row.document_type_id, row.document_key_normalized): row for row in found}
    known.update({key: owners.get(key) for key in keys})


def forget_owners_read_ahead() -> None:
    """Before writing: a number read as free may be taken by then."""
    context.forget(_OWNERS)


def _documents() -> QuerySet:
    return ClientIdentifier.objects.select_related("client", "document_type")
