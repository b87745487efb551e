"""Fineract's /clients/{clientId}/familymembers endpoints, and Mteja's
/clients/{clientId}/dependents (the number of economic dependents and its source)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients.api.parts import (
    ClientPartsView,
    ClientPartView,
    client_for_read,
    code_options,
)
from mteja.clients.api.serializers import CodeValueRef
from mteja.clients.kyc import family
from mteja.clients.models import ClientFamilyMember
from mteja.core import wire
from mteja.core.api.fields import (
    DateTripletField,
    IdField,
    RequestDateField,
    StrictCharField,
)
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.model_fields import ModelOutput
from mteja.core.api.routes import collection, endpoint
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import MtejaError, ParameterError, ValidationFailed

# --- input ----------------------------------------------------------------------------------


def _text():
    # Lengths are the service's rule, so that they come back with every other problem.
    return StrictCharField(required=False, allow_null=True, allow_blank=True)


def _id():
    return IdField(required=False, allow_null=True)


class FamilyMemberInput(InputSerializer):
    """A family member; `firstName` is required when one is added."""

    resource = family.RESOURCE

    firstName = _text()
    middleName = _text()
    lastName = _text()
    qualification = _text()
    mobileNumber = _text()
    # The range is the service's rule (one message for every caller); this only keeps the
    # number a number.
    age = serializers.IntegerField(required=False, allow_null=True)
    isDependent = serializers.BooleanField(required=False)
    # The web-app's edit sends back the date it was given as yyyy-MM-dd, with its dateFormat.
    dateOfBirth = RequestDateField(required=False, allow_null=True, iso_also=True)
    relationshipId = _id()
    maritalStatusId = _id()
    genderId = _id()
    professionId = _id()


# API parameter → service field (from the declaration).
API_FIELDS = {param: name for name, param in family.API_NAMES.items()}


def to_input(data: dict) -> family.FamilyMemberInput:
    """The service's input from a parsed body."""
    return family.FamilyMemberInput(
        **{API_FIELDS[key]: value for key, value in data.items() if key in API_FIELDS}
    )


def api_changes(changes: dict) -> dict:
    """Fineract's `changes`: the new value of each changed parameter (dates as [y, m, d])."""
    echoed = {}
    for name, (_old, new) in changes.items():
        value = new
        if name == "date_of_birth" and isinstance(new, str):
            value = wire.date_out(datetime.date.fromisoformat(new))
        echoed[family.API_NAMES.get(name, name)] = value
    return echoed


def read_inline_members(items) -> list[family.FamilyMemberInput]:
    """The `familyMembers` of a new client, each read as POST /clients/{id}/familymembers
    reads its body (with its own dateFormat and locale, as the web-app sends them); every
    problem of their shape at once, named `familyMembers[i].<param>`."""
    if not items:
        return []
    if not isinstance(items, list):
        raise _inline_invalid(family.INLINE_PARAM, _("The family members must be a list."))
    read, errors = [], []
    for index, item in enumerate(items):
        prefix = f"{family.INLINE_PARAM}[{index}]"
        if not isinstance(item, dict):
            errors.append(_inline_error(prefix, _("A family member must be an object.")))
            continue
        try:
            read.append(to_input(parse_body(FamilyMemberInput, item)))
        except MtejaError as failed:
            errors.extend(replace(e, param=f"{prefix}.{e.param}") for e in failed.errors)
    if errors:
        raise ValidationFailed(errors)
    return read


def _inline_error(param: str, message: str) -> ParameterError:
    return ParameterError(f"validation.msg.client.{param}.is.invalid", param, message)


def _inline_invalid(param: str, message: str) -> ValidationFailed:
    return ValidationFailed([_inline_error(param, message)])


# --- output ---------------------------------------------------------------------------------


class FamilyMemberOutput(ModelOutput):
    firstName = serializers.CharField(source="firstname")
    middleName = serializers.CharField(source="middlename")
    lastName = serializers.CharField(source="lastname")
    age = serializers.SerializerMethodField()
    dateOfBirth = DateTripletField(source="date_of_birth", allow_null=True)
    relationship = serializers.CharField(source="relationship.name", default=None)
    maritalStatus = serializers.CharField(source="marital_status.name", default=None)
    gender = serializers.CharField(source="gender.name", default=None)
    profession = serializers.CharField(source="profession.name", default=None)

    class Meta:
        model = ClientFamilyMember
        fields = (
            "id", "client", "firstName", "middleName", "lastName", "qualification",
            "mobile_number", "age", "is_dependent", "dateOfBirth", "relationship_id",
            "relationship", "marital_status_id", "maritalStatus", "gender_id", "gender",
            "profession_id", "profession",
        )  # fmt: skip

    def get_age(self, member) -> int | None:
        return family.shown_age(member)


class FamilyMemberTemplateOutput(serializers.Serializer):
    relationshipIdOptions = CodeValueRef(many=True)
    genderIdOptions = CodeValueRef(many=True)
    maritalStatusIdOptions = CodeValueRef(many=True)
    professionIdOptions = CodeValueRef(many=True)


class DependentsOutput(serializers.Serializer):
    clientId = serializers.IntegerField()
    numberOfDependents = serializers.IntegerField(allow_null=True)
    source = serializers.ChoiceField(choices=[family.FROM_FAMILY, family.ENTERED])


# --- views ----------------------------------------------------------------------------------


class FamilyMembersView(ClientPartsView):
    entity = family.ENTITY
    input, output = FamilyMemberInput, FamilyMemberOutput
    operations = ("listClientFamilyMembers", "addClientFamilyMember")

    def parts(self, client):
        return family.family_members_of(client)

    def add(self, request, client, data):
        return family.family_member_create(actor=request.user, client=client, data=to_input(data))


FAMILY_CODES = tuple(code for code, _param in family.CODE_FIELDS.values())


def family_member_options(options: dict[str, list] | None = None) -> dict[str, list]:
    """The template's option lists (also what the client template's familyMemberOptions
    holds in Fineract); `options` are code_options() read already (with FAMILY_CODES)."""
    options = options or code_options(*FAMILY_CODES)
    return {f"{param}Options": options[code] for code, param in family.CODE_FIELDS.values()}


class FamilyMemberTemplateView(FineractAPIView):
    entity = family.ENTITY

    @extend_schema(
        responses=FamilyMemberTemplateOutput, operation_id="retrieveClientFamilyMemberTemplate"
    )
    def get(self, request, client_id):
        client_for_read(request, client_id)
        return Response(family_member_options())


class FamilyMemberDetailView(ClientPartView):
    entity = family.ENTITY
    part_kwarg = "member_id"
    input, output = FamilyMemberInput, FamilyMemberOutput
    operations = (
        "retrieveClientFamilyMember", "updateClientFamilyMember", "deleteClientFamilyMember"
    )  # fmt: skip

    def part(self, client, member_id):
        return family.family_member_of(client, member_id)

    def change(self, request, member, data):
        _, changes = family.family_member_update(
            actor=request.user, member=member, data=to_input(data)
        )
        return api_changes(changes)

    def remove(self, request, member):
        family.family_member_delete(actor=request.user, member=member)


class ClientDependentsView(FineractAPIView):
    """The client's number of economic dependents: counted from family members marked
    dependent when any family is recorded, else the number entered on the client."""

    entity = "CLIENT"

    @extend_schema(responses=DependentsOutput, operation_id="retrieveClientDependents")
    def get(self, request, client_id):
        client = client_for_read(request, client_id)
        found = family.dependents(client)
        return Response(
            {"clientId": client.pk, "numberOfDependents": found.count, "source": found.source}
        )


urlpatterns = [
    *collection(
        "clients/<id:client_id>/familymembers",
        "client-family-member",
        FamilyMembersView,
        template=FamilyMemberTemplateView,
        item=FamilyMemberDetailView,
        key="member_id",
    ),
    endpoint("clients/<id:client_id>/dependents", ClientDependentsView, "client-dependents"),
]
