"""Reads of documents and photos, always through a client, identity document, group or center
the user may see (scoped before these are called)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mteja.clients.models import Client, ClientIdentifier
from mteja.core.errors import NotFound
from mteja.documents.models import ClientImage, Document
from mteja.groups.owners import owner_field


def document_not_found(document_id) -> NotFound:
    return NotFound(
        "error.msg.document.id.invalid",
        _("Document with identifier %(id)s does not exist.") % {"id": document_id},
        value=document_id,
    )


def image_not_found(client_id) -> NotFound:
    return NotFound(
        "error.msg.image.id.invalid",
        _("The client %(id)s has no photo.") % {"id": client_id},
        value=client_id,
    )


def documents_of(
    owner, identifier: ClientIdentifier | None = None, category_id: int | None = None
) -> QuerySet:
    """The documents of a client (not those of its identity documents), of one of its
    identity documents, or of a group or center; of one category when named."""
    rows = Document.objects.filter(
        **{owner_field(owner): owner}, identifier=identifier
    ).select_related("category", "created_by")
    if category_id is not None:
        rows = rows.filter(category_id=category_id)
    return rows.order_by("id")


def document_of(owner, document_id, identifier: ClientIdentifier | None = None):
    document = documents_of(owner, identifier).filter(pk=document_id).first()
    if document is None:
        raise document_not_found(document_id)
    return document


def image_of(client: Client) -> ClientImage | None:
    return ClientImage.objects.filter(client=client).first()
