"""Files kept about a client: documents (on the client or on one of its identity documents)
and the client's photo; and documents of a group or a center. The bytes live in the storage
(core of `storage.py`), never in the database; a row records where, with the file's SHA-256,
size and the type found in its content."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mteja.clients.models import Client, ClientIdentifier
from mteja.clients.models.client import code_value_field
from mteja.core.declarations import Declaration, Wire
from mteja.core.fields import optional_text
from mteja.core.querysets import BaseModel

CLIENT_SCOPE = ("client__office", "client__transfer_to_office")
SIGNATURE_NAME = "clientSignature"  # how the Mifos X web-app names a client's signature


class StoredFile(BaseModel):
    """What every stored file records: where it is and what it holds."""

    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(max_length=255, unique=True)

    office_scope_paths = CLIENT_SCOPE

    class Meta:
        abstract = True


def _owner(model):
    return models.ForeignKey(
        model, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )


class Document(StoredFile):
    # Of one client, group or center (groups/owners.py).
    client = _owner(Client)
    group = _owner("groups.Group")
    center = _owner("groups.Center")
    office_scope_paths = (*CLIENT_SCOPE, "group__office", "center__office")
    # The identity document it supports, when it is one of those (its client is `client`).
    identifier = models.ForeignKey(
        ClientIdentifier,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    name = models.CharField(_("name"), max_length=250)
    description = optional_text(_("description"), 1000)
    category = code_value_field(_("category"), "Document Category")
    file_name = models.CharField(_("file name"), max_length=250)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["client", "identifier", "id"], name="documents_client_idx"),
            models.Index(fields=["identifier", "id"], name="documents_identifier_idx"),
            models.Index(fields=["group", "id"], name="documents_group_idx"),
            models.Index(fields=["center", "id"], name="documents_center_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(client__isnull=False, group__isnull=True, center__isnull=True)
                    | Q(client__isnull=True, identifier__isnull=True)
                    & (
                        Q(group__isnull=False, center__isnull=True)
                        | Q(group__isnull=True, center__isnull=False)
                    )
                ),
                name="documents_document_one_owner",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_signature(self) -> bool:
        return self.name == SIGNATURE_NAME

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def parent_entity_type(self) -> str:
        if self.identifier_id:
            return "client_identifiers"
        return "clients" if self.client_id else "groups"

    @property
    def parent_entity_id(self) -> int:
        return self.identifier_id or self.client_id or self.group_id or self.center_id


class ClientImage(StoredFile):
    """The client's photo: at most one per client."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="image")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    def __str__(self):
        return f"photo of client {self.client_id}"


DOCUMENT = Declaration(
    Document,
    entity="DOCUMENT",
    resource="document",
    wires={
        "name": Wire(editable=True),
        "description": Wire(editable=True),
        "category": Wire(editable=True),
        "created_by": Wire(audited=False),
        "storage_name": Wire(echoed=False),
    },
)
IMAGE = Declaration(
    ClientImage, entity="CLIENTIMAGE", resource="image", wires={"storage_name": Wire(echoed=False)}
)
