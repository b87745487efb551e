"""Every write of documents and photos. A file is stored before its row is written and
removed again if the row cannot be (nothing left behind); a file a row stops pointing to is
removed once that change commits (no row ever points to a missing file). Each write records
one audit event; a deletion keeps the name, the hash, who and when."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.models import Client, ClientIdentifier
from mteja.clients.scope import lock_client_in_scope
from mteja.clients.validation import resolve_code_values
from mteja.core import audit, writes
from mteja.core.errors import Problems
from mteja.documents import storage
from mteja.documents.models import DOCUMENT, ClientImage, Document
from mteja.documents.uploads import CheckedFile
from mteja.groups.owners import lock_owner_in_scope, owner_event, owner_field, part_owner

CATEGORY_LIST = "Document Category"
UNSET = object()
# Set from the stored file, not from what a caller gives.
_FILE_FIELDS = [
    "client",
    "identifier",
    "storage_name",
    "created_by",
    "content_type",
    "size",
    "sha256",
]


@dataclass(frozen=True)
class DocumentFields:
    """What a caller gives of a document; UNSET fields are kept as they are."""

    name: object = UNSET
    description: object = UNSET
    category_id: object = UNSET


def _scope(actor, document: Document) -> None:
    lock_owner_in_scope(actor, part_owner(document))


def _apply(document: Document, fields: DocumentFields) -> None:
    problems = Problems(resource=DOCUMENT.resource)
    if fields.name is not UNSET:
        document.name = (fields.name or "").strip()
    if not document.name:
        problems.add("name", "cannot.be.blank", _("The parameter name is mandatory."))
    if fields.description is not UNSET:
        document.description = (fields.description or "").strip()
    if fields.category_id is not UNSET:
        wanted = {"category": (CATEGORY_LIST, "categoryId", fields.category_id)}
        document.category = resolve_code_values(wanted, problems).get("category")
    problems.raise_if_any()
    writes.validate(document, exclude=_FILE_FIELDS)


def _stored(kind: str, checked: CheckedFile, make_row):
    """Stores the file, then runs `make_row(name)` in a transaction; the file removed again
    when that fails."""
    name = storage.store(kind, checked.content, checked.extension)
    try:
        with transaction.atomic():
            return make_row(name)
    except BaseException:
        storage.discard(name)
        raise


def _file_fields(checked: CheckedFile, name: str) -> dict:
    return {
        "content_type": checked.content_type,
        "size": len(checked.content),
        "sha256": storage.sha256(checked.content),
        "storage_name": name,
    }


def document_create(
    *,
    actor,
    owner,
    checked: CheckedFile,
    file_name: str,
    fields: DocumentFields,
    identifier: ClientIdentifier | None = None,
) -> Document:
    """Keeps a checked file as a document of `owner` (a client, group or center), or of a
    client's identity document."""
    document = Document(**{owner_field(owner): owner}, identifier=identifier, file_name=file_name)
    _apply(document, fields)  # refused before anything is stored

    def row(name: str) -> Document:
        locked = lock_owner_in_scope(actor, owner)
        for field, value in _file_fields(checked, name).items():
            setattr(document, field, value)
        document.created_by = actor if getattr(actor, "pk", None) else None
        document.save()
        writes.record_created(document, actor=actor, **owner_event(locked))
        return document

    return _stored("documents", checked, row)


def document_update(
    *,
    actor,
    document: Document,
    fields: DocumentFields,
    checked: CheckedFile | None = None,
    file_name: str | None = None,
) -> dict[str, list]:
    """Changes a document's name, description or category, and its file when one is given
    (the old file removed once the change commits). Returns the changes."""
    probe = Document(**{f.attname: getattr(document, f.attname) for f in Document._meta.fields})
    _apply(probe, fields)

    def row(name: str | None) -> dict[str, list]:
        locked, before = writes.open_write(document, actor=actor, scope=_scope)
        _apply(locked, fields)
        if name is not None:
            storage.discard_on_commit(locked.storage_name)
            for field, value in _file_fields(checked, name).items():
                setattr(locked, field, value)
            locked.file_name = file_name
        return writes.commit_write(
            locked, actor=actor, action="UPDATE", before=before, **owner_event(part_owner(locked))
        )

    if checked is None:
        with transaction.atomic():
            return row(None)
    return _stored("documents", checked, row)


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    """Deletes a document and, once that commits, its file; the journal keeps what it was."""
    locked, before = writes.open_write(document, actor=actor, scope=_scope)
    event = {"resource_id": locked.pk, **owner_event(part_owner(locked))}
    storage.discard_on_commit(locked.storage_name)
    locked.delete()
    writes.record_deleted(locked, before, actor=actor, **event)


def image_set(*, actor, client: Client, checked: CheckedFile) -> ClientImage:
    """Makes a checked picture the client's photo, replacing any earlier one."""

    def row(name: str) -> ClientImage:
        locked = lock_client_in_scope(actor, client)
        image = ClientImage.objects.select_for_update().filter(client=locked).first()
        creating = image is None
        before = {} if creating else writes.snapshot(image)
        if creating:
            image = ClientImage(client=locked)
        else:
            storage.discard_on_commit(image.storage_name)
        for field, value in _file_fields(checked, name).items():
            setattr(image, field, value)
        image.width, image.height = checked.width, checked.height
        image.save()
        action = "CREATE" if creating else "UPDATE"
        changes = audit.diff(before, writes.snapshot(image))
        writes.record(image, actor=actor, action=action, changes=changes, **owner_event(locked))
        return image

    return _stored("photos", checked, row)


@transaction.atomic
def image_delete(*, actor, image: ClientImage) -> None:
    client = lock_client_in_scope(actor, image.client)
    locked = ClientImage.objects.select_for_update().filter(pk=image.pk).first()
    if locked is None:
        return
    before = writes.snapshot(locked)
    event = {"resource_id": locked.pk, **owner_event(client)}
    storage.discard_on_commit(locked.storage_name)
    locked.delete()
    writes.record_deleted(locked, before, actor=actor, **event)
