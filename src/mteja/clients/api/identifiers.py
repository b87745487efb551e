"""Fineract's /clients/{clientId}/identifiers endpoints, and Mteja's /identifierformats for
administrators who set each document type's format rule."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients.api.parts import ClientPartsView, ClientPartView, client_for_read
from mteja.clients.api.serializers import CodeValueRef
from mteja.clients.kyc import identifiers
from mteja.clients.models import CheckDigit, IdentifierFormat
from mteja.core import wire
from mteja.core.api.fields import (
    IdField,
    RequestDateField,
    StrictCharField,
    WriteResultSerializer,
)
from mteja.core.api.generic import api_changes
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.model_fields import ModelOutput
from mteja.core.api.routes import collection
from mteja.core.api.views import FineractAPIView
from mteja.organisation.models import CodeValue

# Model field → API parameter, for Fineract's `changes` (from the declaration).
IDENTIFIER_PARAMS = {
    name: identifiers.DECLARATION.api_name(name) for name in identifiers.AUDIT_FIELDS
}
FORMAT_PARAMS = {
    "pattern": "pattern", "message": "message", "check_digit": "checkDigit",
    "expiry_required": "expiryRequired", "required_for_activation": "requiredForActivation",
}  # fmt: skip


# --- input ----------------------------------------------------------------------------------


@extend_schema_field(
    {"type": "string", "enum": ["Active", "Inactive"], "description": "Case-insensitive."}
)
class IdentifierStatusField(serializers.Field):
    """ "Active" or "Inactive" in any case (Fineract's codes too); blank means the default.
    Read by the service, so a wrong status is reported with the request's other problems."""

    def to_internal_value(self, data):
        return None if data in (None, "") else data


class IdentifierInput(InputSerializer):
    resource = identifiers.RESOURCE

    documentTypeId = IdField()
    documentKey = StrictCharField(max_length=identifiers.KEY_MAX_LENGTH)
    status = IdentifierStatusField(required=False, allow_null=True)
    description = StrictCharField(
        max_length=identifiers.DESCRIPTION_MAX_LENGTH,
        required=False,
        allow_null=True,
        allow_blank=True,
    )
    issueDate = RequestDateField(required=False, allow_null=True)
    expiryDate = RequestDateField(required=False, allow_null=True)
    issuingCountryId = IdField(required=False, allow_null=True)


def to_input(data: dict) -> identifiers.IdentifierInput:
    """The service's input from a parsed body (a null status leaves the default)."""
    given = {model: data[param] for model, param in IDENTIFIER_PARAMS.items() if param in data}
    if given.get("status") is None:
        given.pop("status", None)
    return identifiers.IdentifierInput(**given)


class IdentifierFormatInput(InputSerializer):
    resource = "identifierformat"

    pattern = StrictCharField(
        max_length=identifiers.FORMAT_TEXT_MAX_LENGTH,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="A regular expression the whole normalised number (upper case, without "
        "spaces, dashes, dots or slashes) must match; blank for none.",
    )
    message = StrictCharField(
        max_length=identifiers.FORMAT_TEXT_MAX_LENGTH,
        required=False,
        allow_null=True,
        allow_blank=True,
    )
    checkDigit = serializers.ChoiceField(
        choices=[value for value in CheckDigit.values if value],
        required=False,
        allow_null=True,
        allow_blank=True,
    )
    expiryRequired = serializers.BooleanField(required=False)
    requiredForActivation = serializers.BooleanField(required=False)


# --- output ---------------------------------------------------------------------------------


class IdentifierOutput(serializers.Serializer):
    id = serializers.IntegerField()
    clientId = serializers.IntegerField(source="client_id")
    documentType = CodeValueRef(source="document_type")
    documentKey = serializers.CharField(source="document_key")
    description = serializers.CharField()
    status = serializers.SerializerMethodField()
    issueDate = serializers.SerializerMethodField()
    expiryDate = serializers.SerializerMethodField()
    issuingCountry = CodeValueRef(source="issuing_country", allow_null=True)

    def get_status(self, identifier) -> str:
        return identifiers.status_code(identifier.status)

    @extend_schema_field({"type": "array", "items": {"type": "integer"}, "nullable": True})
    def get_issueDate(self, identifier):  # noqa: N802 (Fineract's name)
        return wire.date_out(identifier.issue_date)

    @extend_schema_field({"type": "array", "items": {"type": "integer"}, "nullable": True})
    def get_expiryDate(self, identifier):  # noqa: N802 (Fineract's name)
        return wire.date_out(identifier.expiry_date)


class FormatRuleOutput(ModelOutput):
    """A type's rule as the format part of the template; every key null-safe."""

    checkDigit = serializers.SerializerMethodField()

    class Meta:
        model = IdentifierFormat
        fields = ("pattern", "message", "checkDigit", "expiry_required", "required_for_activation")

    def get_checkDigit(self, rule) -> str | None:  # noqa: N802 (Mteja's API name)
        return rule.check_digit or None


class IdentifierFormatOutput(FormatRuleOutput):
    documentTypeId = serializers.IntegerField(source="document_type.pk")
    documentTypeName = serializers.CharField(source="document_type.name")
    documentTypeActive = serializers.BooleanField(source="document_type.is_active")

    class Meta(FormatRuleOutput.Meta):
        fields = (
            *FormatRuleOutput.Meta.fields,
            "documentTypeId",
            "documentTypeName",
            "documentTypeActive",
        )

    def to_representation(self, instance):
        body = super().to_representation(instance)
        # Identity first, as in every other Mteja listing.
        order = ["documentTypeId", "documentTypeName", "documentTypeActive"]
        return {**{key: body[key] for key in order}, **body}


class DocumentTypeOption(CodeValueRef):
    format = serializers.SerializerMethodField()

    @extend_schema_field(FormatRuleOutput(allow_null=True))
    def get_format(self, value):
        rule = identifiers.format_of(value)
        return FormatRuleOutput(rule).data if rule is not None else None


class IdentifierTemplateOutput(serializers.Serializer):
    allowedDocumentTypes = DocumentTypeOption(many=True)
    statusOptions = serializers.ListField(child=serializers.CharField())
    countryOptions = CodeValueRef(many=True)


# --- views ----------------------------------------------------------------------------------


class ClientIdentifiersView(ClientPartsView):
    entity = identifiers.ENTITY
    client_kwarg = "pk"
    input, output = IdentifierInput, IdentifierOutput
    operations = ("listClientIdentifiers", "createClientIdentifier")

    def parts(self, client):
        return identifiers.client_identifiers(client)

    def add(self, request, client, data):
        return identifiers.identifier_create(actor=request.user, client=client, data=to_input(data))


class ClientIdentifierTemplateView(FineractAPIView):
    entity = identifiers.ENTITY

    @extend_schema(
        responses=IdentifierTemplateOutput, operation_id="retrieveClientIdentifierTemplate"
    )
    def get(self, request, pk):
        client_for_read(request, pk)
        countries = CodeValue.objects.filter(
            code__name=identifiers.COUNTRY_CODE, is_active=True
        ).order_by("position", "id")
        return Response(
            IdentifierTemplateOutput(
                {
                    "allowedDocumentTypes": identifiers.document_types(),
                    "statusOptions": ["Active", "Inactive"],
                    "countryOptions": countries,
                }
            ).data
        )


class ClientIdentifierDetailView(ClientPartView):
    entity = identifiers.ENTITY
    client_kwarg, part_kwarg = "pk", "identifier_id"
    input, output = IdentifierInput, IdentifierOutput
    partial = True
    operations = ("retrieveClientIdentifier", "updateClientIdentifier", "deleteClientIdentifier")

    def part(self, client, identifier_id):
        return identifiers.client_identifier(client, identifier_id)

    def change(self, request, identifier, data):
        _, changes = identifiers.identifier_update(
            actor=request.user, identifier=identifier, data=to_input(data)
        )
        return api_changes(changes, request.data, IDENTIFIER_PARAMS)

    def remove(self, request, identifier):
        identifiers.identifier_delete(actor=request.user, identifier=identifier)


class IdentifierFormatsView(FineractAPIView):
    entity = identifiers.FORMAT_ENTITY

    @extend_schema(
        responses=IdentifierFormatOutput(many=True), operation_id="listIdentifierFormats"
    )
    def get(self, request):
        rules = [
            identifiers.identifier_format_for(value)
            for value in identifiers.document_types(active_only=False)
        ]
        return Response(IdentifierFormatOutput(rules, many=True).data)


class IdentifierFormatDetailView(FineractAPIView):
    entity = identifiers.FORMAT_ENTITY

    @extend_schema(responses=IdentifierFormatOutput, operation_id="retrieveIdentifierFormat")
    def get(self, request, pk):
        document_type = identifiers.document_type_for_format(pk)
        return Response(
            IdentifierFormatOutput(identifiers.identifier_format_for(document_type)).data
        )

    @extend_schema(
        request=IdentifierFormatInput,
        responses=WriteResultSerializer,
        operation_id="updateIdentifierFormat",
    )
    def put(self, request, pk):
        data = parse_body(IdentifierFormatInput, request.data, partial=True, require_one=True)
        document_type = identifiers.document_type_for_format(pk)
        fields = {model: data[param] for model, param in FORMAT_PARAMS.items() if param in data}
        _, changes = identifiers.identifier_format_update(
            actor=request.user,
            format=identifiers.identifier_format_for(document_type),
            **fields,
        )
        return Response(
            wire.write_result(
                document_type.pk, changes=api_changes(changes, request.data, FORMAT_PARAMS)
            )
        )


urlpatterns = [
    *collection(
        "clients/<id:pk>/identifiers",
        "client-identifier",
        ClientIdentifiersView,
        template=ClientIdentifierTemplateView,
        item=ClientIdentifierDetailView,
        key="identifier_id",
    ),
    *collection(
        "identifierformats",
        "identifier-format",
        IdentifierFormatsView,
        item=IdentifierFormatDetailView,
    ),
]
