"""Fineract's document endpoints on clients, on their identity documents and on groups (and
centers, whose ids are groups' ids in Fineract):
`/{clients|client_identifiers|groups}/{id}/documents` (list, multipart upload), `…/{documentId}`
(read, change, delete) and `…/{documentId}/attachment` (the file, always as an attachment).
Mteja's extensions: `categoryId` on upload and change, `?categoryId=` on the list, and the
file's size, detected type and SHA-256 in every answer."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients.api.parts import client_for_read, client_for_write
from mteja.clients.api.serializers import CodeValueRef
from mteja.clients.models import ClientIdentifier
from mteja.core import wire
from mteja.core.api.fields import IdField, StrictCharField, WriteResultSerializer
from mteja.core.api.generic import api_changes
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.query import int_parameter, query_int
from mteja.core.api.views import get_scoped
from mteja.core.errors import NotFound
from mteja.documents import selectors, services, storage
from mteja.documents.api.uploading import (
    UploadView,
    form_values,
    uploaded_file,
)
from mteja.documents.models import DOCUMENT
from mteja.documents.uploads import check_file, clean_file_name
from mteja.groups.api.owners import grouping_for_read

CHANGE_NAMES = {"name": "name", "description": "description", "category_id": "categoryId"}


class DocumentInput(InputSerializer):
    resource = DOCUMENT.resource

    name = StrictCharField(max_length=250, required=False, allow_blank=True, allow_null=True)
    description = StrictCharField(
        max_length=1000, required=False, allow_blank=True, allow_null=True
    )
    categoryId = IdField(required=False, allow_null=True)
    # The Mifos X web-app sends the file's name beside it; the file itself is `file`.
    filename = StrictCharField(required=False, allow_blank=True, allow_null=True)
    fileName = StrictCharField(required=False, allow_blank=True, allow_null=True)
    file = serializers.FileField(required=False, help_text="PDF, JPEG, PNG or WEBP.")


class DocumentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    parentEntityType = serializers.CharField(source="parent_entity_type")
    parentEntityId = serializers.SerializerMethodField()
    name = serializers.CharField()
    fileName = serializers.CharField(source="file_name")
    size = serializers.IntegerField()
    type = serializers.CharField(source="content_type")
    description = serializers.CharField()
    category = CodeValueRef(allow_null=True)
    sha256 = serializers.CharField()
    createdOn = serializers.DateTimeField(source="created_on")
    createdByUsername = serializers.SerializerMethodField()

    def get_parentEntityId(self, document) -> int:  # noqa: N802 (Fineract's name)
        return document.parent_entity_id

    def get_createdByUsername(self, document) -> str | None:  # noqa: N802 (Fineract's name)
        return document.created_by.username if document.created_by_id else None


def identifier_not_found(identifier_id) -> NotFound:
    return NotFound(
        "error.msg.clientIdentifier.id.invalid",
        f"Client identifier with identifier {identifier_id} does not exist",
        value=identifier_id,
    )


def _fields(data: dict, *, creating: bool, file_name: str | None) -> services.DocumentFields:
    given = {}
    if "name" in data or creating:
        given["name"] = data.get("name") or (
            (data.get("filename") or data.get("fileName") or file_name) if creating else None
        )
    if "description" in data:
        given["description"] = data["description"]
    if "categoryId" in data:
        given["category_id"] = data["categoryId"]
    return services.DocumentFields(**given)


class DocumentsBase(UploadView):
    entity = DOCUMENT.entity

    def parent(self, request, pk, *, write: bool = False):
        """The client and (for an identity document's documents) the identifier the URL
        names: 404 when absent or outside the user's offices."""
        raise NotImplementedError

    def result(self, client, identifier, document_id, changes=None) -> dict:
        return wire.write_result(
            document_id,
            officeId=client.office_id,
            clientId=client.pk,
            parentEntityId=identifier.pk if identifier else client.pk,
            changes=changes,
        )

    def upload(self, request, *, resource: str = "document", required: bool = True):
        data, name = uploaded_file(request, self.upload_limit, resource=resource, required=required)
        if data is None:
            return None, None
        checked = check_file(data, resource=resource)
        return checked, clean_file_name(name, checked.extension)


class DocumentsView(DocumentsBase):
    @extend_schema(
        responses=DocumentOutput(many=True), parameters=[int_parameter("categoryId", minimum=1)]
    )
    def get(self, request, pk):
        category_id = query_int(request.query_params, "categoryId", minimum=1)
        client, identifier = self.parent(request, pk)
        rows = selectors.documents_of(client, identifier, category_id)
        return Response(DocumentOutput(rows, many=True).data)

    @extend_schema(request={"multipart/form-data": DocumentInput}, responses=WriteResultSerializer)
    def post(self, request, pk):
        data = parse_body(DocumentInput, form_values(request))
        client, identifier = self.parent(request, pk, write=True)
        checked, file_name = self.upload(request)
        document = services.document_create(
            actor=request.user,
            owner=client,
            identifier=identifier,
            checked=checked,
            file_name=file_name,
            fields=_fields(data, creating=True, file_name=file_name),
        )
        return Response(self.result(client, identifier, document.pk))


class DocumentView(DocumentsBase):
    @extend_schema(responses=DocumentOutput)
    def get(self, request, pk, document_id):
        client, identifier = self.parent(request, pk)
        document = selectors.document_of(client, document_id, identifier)
        return Response(DocumentOutput(document).data)

    @extend_schema(
        request={"multipart/form-data": DocumentInput, "application/json": DocumentInput},
        responses=WriteResultSerializer,
    )
    def put(self, request, pk, document_id):
        data = parse_body(DocumentInput, form_values(request))
        client, identifier = self.parent(request, pk, write=True)
        document = selectors.document_of(client, document_id, identifier)
        checked, file_name = self.upload(request, required=False)
        changes = services.document_update(
            actor=request.user,
            document=document,
            fields=_fields(data, creating=False, file_name=file_name),
            checked=checked,
            file_name=file_name,
        )
        echoed = api_changes(changes, data, CHANGE_NAMES, with_format=False)
        return Response(self.result(client, identifier, document.pk, echoed))

    @extend_schema(responses=WriteResultSerializer)
    def delete(self, request, pk, document_id):
        client, identifier = self.parent(request, pk, write=True)
        document = selectors.document_of(client, document_id, identifier)
        services.document_delete(actor=request.user, document=document)
        return Response(self.result(client, identifier, document_id))


class AttachmentView(DocumentsBase):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)}
    )
    def get(self, request, pk, document_id):
        client, identifier = self.parent(request, pk)
        document = selectors.document_of(client, document_id, identifier)
        stream = storage.open_stream(document.storage_name)
        if stream is None:
            raise selectors.document_not_found(document_id)
        return attachment(stream, document.content_type, document.file_name)


def attachment(stream, content_type: str, file_name: str) -> FileResponse:
    """A stored file as a download: never shown in place, never sniffed as another type."""
    response = FileResponse(
        stream, as_attachment=True, filename=file_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class OnClient:
    def parent(self, request, pk, *, write: bool = False):
        find = client_for_write if write else client_for_read
        return find(request, pk), None


class OnIdentifier:
    def parent(self, request, pk, *, write: bool = False):
        rows = ClientIdentifier.objects.select_related("client__office")
        identifier = get_scoped(rows, pk, request.user, lambda: identifier_not_found(pk))
        return identifier.client, identifier


class OnGrouping:
    def parent(self, request, pk, *, write: bool = False):
        return grouping_for_read(request, pk), None

    def result(self, grouping, identifier, document_id, changes=None) -> dict:
        return wire.write_result(
            document_id,
            officeId=grouping.office_id,
            groupId=grouping.pk,
            parentEntityId=grouping.pk,
            changes=changes,
        )


def _views(mixin, prefix: str):
    list_view = type(f"{prefix}DocumentsView", (mixin, DocumentsView), {})
    item_view = type(f"{prefix}DocumentView", (mixin, DocumentView), {})
    file_view = type(f"{prefix}AttachmentView", (mixin, AttachmentView), {})
    return list_view, item_view, file_view
