"""Fineract's address endpoints (on the singular /client path) and the address field
configuration (/fieldconfiguration/{entity}).

Address bodies are checked by the service against the field configuration (which fields
are on, mandatory, and their format), so the request serializer below documents the shape
for the OpenAPI schema and the service decides what is accepted.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients.api.parts import (
    client_for_read,
    client_for_write,
    code_options,
    json_object,
    part_result,
    without_format_keys,
)
from mteja.clients.api.serializers import CodeValueRef
from mteja.clients.kyc import addresses
from mteja.clients.models import ClientAddress, FieldConfiguration
from mteja.core.api.fields import MAX_ID, DateTripletField, IdField, WriteResultSerializer
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.model_fields import ModelOutput
from mteja.core.api.query import ascii_digits, int_parameter, query_bool, query_int
from mteja.core.api.routes import endpoint
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed

# --- input (documentation of the shape; the service applies the configuration) -------------


def _text(attr: str):
    limit = ClientAddress._meta.get_field(attr).max_length
    return serializers.CharField(max_length=limit, required=False, allow_blank=True)


class AddressInput(InputSerializer):
    resource = addresses.RESOURCE

    street = _text("street")
    addressLine1 = _text("address_line_1")
    addressLine2 = _text("address_line_2")
    addressLine3 = _text("address_line_3")
    townVillage = _text("town_village")
    city = _text("city")
    countyDistrict = _text("county_district")
    stateProvinceId = IdField(required=False, allow_null=True)
    countryId = IdField(required=False, allow_null=True)
    postalCode = _text("postal_code")
    latitude = serializers.DecimalField(
        max_digits=10, decimal_places=7, min_value=-90, max_value=90, required=False
    )
    longitude = serializers.DecimalField(
        max_digits=10, decimal_places=7, min_value=-180, max_value=180, required=False
    )
    isActive = serializers.BooleanField(required=False)


class AddressCreateInput(AddressInput):
    addressTypeId = IdField(
        required=False, help_text="The address type, when not given as the `type` parameter."
    )


class AddressUpdateInput(AddressInput):
    addressId = IdField()
    addressTypeId = IdField(required=False, help_text="Moves the address to another type.")


class ConfigurationItemInput(serializers.Serializer):
    field = serializers.CharField(max_length=50)
    isEnabled = serializers.BooleanField(required=False)
    isMandatory = serializers.BooleanField(required=False)
    validationRegex = serializers.CharField(
        max_length=FieldConfiguration._meta.get_field("validation_regex").max_length,
        required=False,
        allow_blank=True,
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(key for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {key: ["The parameter is not supported."] for key in unknown},
                    code="error.msg.parameter.unsupported",
                )
        return super().to_internal_value(data)


class ConfigurationUpdateInput(InputSerializer):
    resource = "fieldconfiguration"

    fields = ConfigurationItemInput(many=True, allow_empty=False)


# --- output ---------------------------------------------------------------------------------


class AddressOutput(ModelOutput):
    clientID = serializers.IntegerField(source="client_id")
    addressId = serializers.IntegerField(source="id")
    addressType = serializers.CharField(source="address_type.name")
    stateName = serializers.CharField(source="state_province.name", default=None)
    countryName = serializers.CharField(source="country.name", default=None)
    createdOn = DateTripletField(source="created_on")
    updatedOn = DateTripletField(source="last_modified_on")

    class Meta:
        model = ClientAddress
        fields = (
            "clientID", "addressId", "address_type", "addressType", "is_active", "street",
            "address_line_1", "address_line_2", "address_line_3", "town_village", "city",
            "county_district", "state_province", "stateName", "country", "countryName",
            "postal_code", "latitude", "longitude", "createdOn", "updatedOn",
        )  # fmt: skip


class AddressTemplateOutput(serializers.Serializer):
    addressTypeIdOptions = CodeValueRef(many=True)
    countryIdOptions = CodeValueRef(many=True)
    stateProvinceIdOptions = CodeValueRef(many=True)


class FieldConfigurationOutput(ModelOutput):
    fieldConfigurationId = serializers.IntegerField(source="id")

    class Meta:
        model = FieldConfiguration
        fields = (
            "fieldConfigurationId", "entity", "subentity", "field", "is_enabled", "is_mandatory",
            "validation_regex",
        )  # fmt: skip


class ConfigurationChangesOutput(serializers.Serializer):
    entity = serializers.CharField()
    changes = serializers.DictField()


# --- helpers --------------------------------------------------------------------------------


def _body(request) -> dict:
    return without_format_keys(json_object(request))


def _invalid(param: str, rule: str, message: str, value=None) -> ValidationFailed:
    return ValidationFailed(
        [ParameterError(f"validation.msg.address.{param}.{rule}", param, message, value)]
    )


def api_changes(changes: dict) -> dict:
    echoed = {}
    for name, (_, new) in changes.items():
        value = new
        if name in ("latitude", "longitude") and new is not None:
            value = float(new)
        echoed[addresses.API_NAMES.get(name, name)] = value
    return echoed


# --- views ----------------------------------------------------------------------------------


ADDRESS_CODES = (addresses.ADDRESS_TYPE_CODE, "COUNTRY", "STATE")


def address_options(options: dict[str, list] | None = None) -> dict[str, list]:
    """The address template's option lists (also usable in the client template); `options`
    are code_options() read already (with ADDRESS_CODES)."""
    options = options or code_options(*ADDRESS_CODES)
    return {
        "addressTypeIdOptions": options[addresses.ADDRESS_TYPE_CODE],
        "countryIdOptions": options["COUNTRY"],
        "stateProvinceIdOptions": options["STATE"],
    }


class AddressTemplateView(FineractAPIView):
    entity = addresses.ENTITY

    @extend_schema(responses=AddressTemplateOutput, operation_id="retrieveAddressTemplate")
    def get(self, request):
        return Response(address_options())


class ClientAddressesView(FineractAPIView):
    entity = addresses.ENTITY

    @extend_schema(
        parameters=[
            OpenApiParameter("status", bool, description="true: active only; false: inactive"),
            int_parameter("type", 1, description="An address type (code value id)"),
        ],
        responses=AddressOutput(many=True),
        operation_id="listClientAddresses",
    )
    def get(self, request, client_id):
        params = request.query_params
        active = query_bool(params, "status")
        address_type_id = query_int(params, "type", minimum=1)
        client = client_for_read(request, client_id)
        found = addresses.addresses_of(client, active=active, address_type_id=address_type_id)
        return Response(AddressOutput(found, many=True).data)

    @extend_schema(
        parameters=[
            int_parameter("type", 1, description="The address type (code value id)"),
        ],
        request=AddressCreateInput,
        responses=WriteResultSerializer,
        operation_id="addClientAddress",
    )
    def post(self, request, client_id):
        fields = _body(request)
        type_id = query_int(request.query_params, "type", minimum=1)
        body_type = fields.get(addresses.TYPE_PARAM)
        if type_id is not None and body_type not in (None, type_id):
            raise _invalid(
                addresses.TYPE_PARAM,
                "does.not.match.type",
                "The body's addressTypeId differs from the `type` parameter.",
                body_type,
            )
        if type_id is not None:
            fields[addresses.TYPE_PARAM] = type_id
        client = client_for_write(request, client_id)
        address = addresses.address_create(
            actor=request.user, client=client, data=addresses.read_address(fields, new=True)
        )
        return Response(part_result(client, address.pk))

    @extend_schema(
        request=AddressUpdateInput,
        responses=WriteResultSerializer,
        operation_id="updateClientAddress",
    )
    def put(self, request, client_id):
        fields = _body(request)
        address_id = fields.pop("addressId", None)
        if address_id in (None, ""):
            raise _invalid("addressId", "cannot.be.blank", "The addressId is required.")
        text = str(address_id).strip()
        valid = not isinstance(address_id, bool) and ascii_digits(text)
        if not valid or not 1 <= int(text) <= MAX_ID:
            raise _invalid("addressId", "is.invalid", "The addressId must be an id.", address_id)
        if not fields:
            raise _invalid("id", "no.parameters.for.update", "No parameters passed for update.")
        client = client_for_write(request, client_id)
        address = addresses.address_of(client, int(text))
        address, changes = addresses.address_update(
            actor=request.user, address=address, data=addresses.read_address(fields)
        )
        return Response(part_result(client, address.pk, api_changes(changes)))


class FieldConfigurationView(FineractAPIView):
    entity = addresses.CONFIGURATION_ENTITY

    @extend_schema(
        responses=FieldConfigurationOutput(many=True), operation_id="retrieveFieldConfiguration"
    )
    def get(self, request, entity):
        rows = addresses.field_configurations(entity)
        return Response(FieldConfigurationOutput(rows, many=True).data)

    @extend_schema(
        request=ConfigurationUpdateInput,
        responses=ConfigurationChangesOutput,
        operation_id="updateFieldConfiguration",
    )
    def put(self, request, entity):
        data = parse_body(ConfigurationUpdateInput, request.data)
        updates = [
            addresses.FieldSetting(
                field=item["field"],
                **{
                    attr: item[param]
                    for attr, param in addresses.CONFIGURATION_FIELDS.items()
                    if param in item
                },
            )
            for item in data["fields"]
        ]
        changes = addresses.field_configuration_update(
            actor=request.user, entity=entity, updates=updates
        )
        return Response({"entity": entity.upper(), "changes": _configuration_changes(changes)})


def _configuration_changes(changes: dict) -> dict:
    """`{"street.is_mandatory": [old, new]}` → `{"street": {"isMandatory": new}}`."""
    echoed: dict[str, dict] = {}
    for key, (_, new) in changes.items():
        field, attr = key.split(".", 1)
        echoed.setdefault(field, {})[addresses.CONFIGURATION_FIELDS[attr]] = new
    return echoed


urlpatterns = [
    endpoint("client/addresses/template", AddressTemplateView, "address-template"),
    endpoint("client/<id:client_id>/addresses", ClientAddressesView, "client-addresses"),
    endpoint("fieldconfiguration/<str:entity>", FieldConfigurationView, "field-configuration"),
]
