"""Mteja's /clientpolicy: the institution's client rules (age limits, required fields per
legal form, mobile and email formats, duplicate policy per rule, addresses on creation).
Read with READ_CLIENTPOLICY, changed with UPDATE_CLIENTPOLICY; every change is audited."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients.kyc import policy
from mteja.clients.models import ClientPolicy, DuplicatePolicy
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.routes import endpoint
from mteja.core.api.views import FineractAPIView

DUPLICATE_HELP = "block (refuse, 403), warn (accept with `warnings`) or off."


class ClientPolicyInput(InputSerializer):
    """Every key optional; each is checked by the service (every problem at once)."""

    resource = policy.RESOURCE

    minimumAge = serializers.JSONField(required=False, help_text="0..150")
    maximumAge = serializers.JSONField(required=False, help_text="0..150, not below the minimum")
    requiredFieldsPerson = serializers.JSONField(
        required=False,
        help_text="Client parameters persons must carry: " + ", ".join(policy.PERSON_FIELDS),
    )
    requiredFieldsEntity = serializers.JSONField(
        required=False,
        help_text="Client parameters entities must carry: " + ", ".join(policy.ENTITY_FIELDS),
    )
    mobileNoPattern = serializers.JSONField(
        required=False, help_text="A regular expression the whole mobile number must match."
    )
    emailAddressPattern = serializers.JSONField(
        required=False, help_text="A regular expression the whole email address must match."
    )
    duplicateMobileNo = serializers.JSONField(required=False, help_text=DUPLICATE_HELP)
    duplicateNameAndDateOfBirth = serializers.JSONField(required=False, help_text=DUPLICATE_HELP)
    isAddressEnabled = serializers.JSONField(
        required=False, help_text="Whether POST /clients takes addresses."
    )
    mobileNoCountry = serializers.JSONField(
        required=False,
        help_text="ISO country code of mobile numbers written without one (KE: 0712 345 678 is "
        "+254712345678 for the duplicate rule and the mobileNo filter); empty for none.",
    )


class DuplicatePolicyOption(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class ClientPolicyOutput(serializers.Serializer):
    minimumAge = serializers.IntegerField(source="minimum_age")
    maximumAge = serializers.IntegerField(source="maximum_age")
    requiredFieldsPerson = serializers.ListField(
        source="required_fields_person", child=serializers.CharField()
    )
    requiredFieldsEntity = serializers.ListField(
        source="required_fields_entity", child=serializers.CharField()
    )
    mobileNoPattern = serializers.CharField(source="mobile_pattern")
    emailAddressPattern = serializers.CharField(source="email_pattern")
    duplicateMobileNo = serializers.CharField(source="duplicate_mobile")
    duplicateNameAndDateOfBirth = serializers.CharField(source="duplicate_name_and_birth_date")
    isAddressEnabled = serializers.BooleanField(source="address_enabled")
    mobileNoCountry = serializers.CharField(source="phone_region")
    requiredFieldsPersonOptions = serializers.SerializerMethodField()
    requiredFieldsEntityOptions = serializers.SerializerMethodField()
    duplicatePolicyOptions = serializers.SerializerMethodField()

    def get_requiredFieldsPersonOptions(self, _policy) -> list[str]:  # noqa: N802
        return list(policy.PERSON_FIELDS)

    def get_requiredFieldsEntityOptions(self, _policy) -> list[str]:  # noqa: N802
        return list(policy.ENTITY_FIELDS)

    def get_duplicatePolicyOptions(self, _policy) -> list[dict]:  # noqa: N802
        return [{"value": choice.value, "label": str(choice.label)} for choice in DuplicatePolicy]


class ClientPolicyChangesOutput(serializers.Serializer):
    resourceId = serializers.IntegerField()
    changes = serializers.DictField()


class ClientPolicyView(FineractAPIView):
    entity = policy.ENTITY

    @extend_schema(responses=ClientPolicyOutput, operation_id="retrieveClientPolicy")
    def get(self, request):
        return Response(ClientPolicyOutput(ClientPolicy.current()).data)

    @extend_schema(
        request=ClientPolicyInput,
        responses=ClientPolicyChangesOutput,
        operation_id="updateClientPolicy",
    )
    def put(self, request):
        data = parse_body(ClientPolicyInput, request.data, require_one=True)
        fields = {name: data[param] for name, param in policy.API_NAMES.items() if param in data}
        changes = policy.client_policy_update(actor=request.user, **fields)
        return Response(
            {
                "resourceId": 1,
                "changes": {policy.API_NAMES[name]: new for name, (_old, new) in changes.items()},
            }
        )


# The route, for clients/api/urls.py to include under the API prefix.
urlpatterns = [endpoint("clientpolicy", ClientPolicyView, "client-policy")]
