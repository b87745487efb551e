import functools

from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mteja.clients.kyc import family
from mteja.clients.models import (
    CLIENT,
    LEGAL_FORM_CODES,
    NON_PERSON,
    STATUS_CODES,
    Client,
    ClientTransfer,
    StaffAssignment,
)
from mteja.core.api.fields import DateTripletField, IdField, RequestDateField, StrictCharField
from mteja.core.api.inputs import InputSerializer
from mteja.core.api.model_fields import DeclaredOutput, ModelOutput, input_fields
from mteja.core.api.outputs import FieldsOnce
from mteja.core.wire import enum_out
from mteja.groups.api.serializers import GroupOutput, PastGroupOutput
from mteja.groups.selectors import client_groups, client_stays


def _text(max_length):
    return StrictCharField(max_length=max_length, required=False, allow_null=True, allow_blank=True)


def _id():
    return IdField(required=False, allow_null=True)


def _date():
    return RequestDateField(required=False, allow_null=True)


# The entity details and the client fields a body may set: derived from the models (their
# types and limits) and their declarations (API names, which fields are editable).
# (An InputSerializer too: a blank date or reference inside reads as absent, as outside.)
NonPersonInput = type("NonPersonInput", (InputSerializer,), input_fields(NON_PERSON))
ClientFieldsInput = type(
    "ClientFieldsInput",
    (InputSerializer,),
    {
        "__doc__": "What both create and update may carry.",
        "__module__": __name__,
        "resource": "client",
        **input_fields(CLIENT),
        "clientNonPersonDetails": NonPersonInput(required=False, allow_null=True),
    },
)


class ClientCreateInput(ClientFieldsInput):
    officeId = IdField()
    legalFormId = serializers.ChoiceField(choices=[1, 2])
    active = serializers.BooleanField(required=False)
    activationDate = _date()
    displayname = _text(160)  # accepted as Fineract does, and ignored: it is derived
    groupId = IdField(required=False, allow_null=True)
    savingsProductId = serializers.IntegerField(required=False, allow_null=True, max_value=0)
    address = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Fineract's addresses of the new client: [{addressTypeId, street, …}].",
    )
    familyMembers = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Fineract's family members of the new client: [{firstName, lastName, "
        "relationshipId, genderId, dateOfBirth, …, dateFormat?, locale?}], each checked as POST "
        "/clients/{id}/familymembers checks one.",
    )
    datatables = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Fineract's custom fields of the new client: "
        "[{registeredTableName, data: {column: value}}].",
    )
    identifiers = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Mteja: identity documents of the new client, [{documentTypeId, documentKey, "
        "status?, description?, issueDate?, expiryDate?, issuingCountryId?}]. A number that "
        "belongs to another client refuses the creation (403).",
    )


class ClientUpdateInput(ClientFieldsInput):
    version = serializers.IntegerField(required=False, min_value=1)
    # Accepted as they are (edit forms send them back); changed by the lifecycle commands.
    active = serializers.BooleanField(required=False, allow_null=True)
    activationDate = _date()


# --- output ---------------------------------------------------------------------------------


class CodeValueRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    active = serializers.BooleanField(source="is_active")
    mandatory = serializers.BooleanField(source="is_mandatory")


# CodeValueRef's keys and the attributes they show, read from its declaration.
_CODE_VALUE_KEYS = tuple(
    (name, field.source or name) for name, field in CodeValueRef._declared_fields.items()
)


@extend_schema_field(CodeValueRef)
class CodeValueField(serializers.Field):
    """A reference to a code value, shown as CodeValueRef shows it, without a nested serializer
    (its fields copied and bound) for each of the dozen references a client holds."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return {name: getattr(value, attribute) for name, attribute in _CODE_VALUE_KEYS}


class EnumOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    value = serializers.CharField()


@functools.cache
def _choice_label(field_name: str, value, language: str | None) -> str:
    """The label of a choice of a client field, in `language` (translated once each)."""
    return str(dict(Client._meta.get_field(field_name).choices)[value])


def choice_label(field_name: str, value) -> str:
    return _choice_label(field_name, value, translation.get_language())


@extend_schema_field(EnumOutput)
class StatusField(serializers.Field):
    def to_representation(self, value):
        return enum_out(value, STATUS_CODES[value][0], choice_label("status", value))


@extend_schema_field(EnumOutput)
class LegalFormField(serializers.Field):
    def to_representation(self, value):
        return enum_out(value, LEGAL_FORM_CODES[value], choice_label("legal_form", value))


def _user_part(prefix):
    return {
        f"{prefix}By{part}": serializers.CharField(source=f"{prefix}_by.{field}", default=None)
        for part, field in (
            ("Username", "username"),
            ("Firstname", "first_name"),
            ("Lastname", "last_name"),
        )
    }


class TimelineOutput(FieldsOnce):
    submittedOnDate = DateTripletField(source="submitted_on")
    activatedOnDate = DateTripletField(source="activation_date", allow_null=True)
    closedOnDate = DateTripletField(source="closed_on", allow_null=True)
    rejectedOnDate = DateTripletField(source="rejected_on", allow_null=True)
    withdrawnOnDate = DateTripletField(source="withdrawn_on", allow_null=True)
    reactivatedOnDate = DateTripletField(source="reactivated_on", allow_null=True)
    reopenedOnDate = DateTripletField(source="reopened_on", allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        for step in (
            "submitted",
            "activated",
            "closed",
            "rejected",
            "withdrawn",
            "reactivated",
            "reopened",
        ):
            fields.update(_user_part(step))
        return fields


class NonPersonOutput(FieldsOnce):
    constitution = CodeValueField(allow_null=True)
    incorpNumber = serializers.CharField(source="incorp_no")
    incorpValidityTillDate = DateTripletField(source="incorp_validity_till", allow_null=True)
    mainBusinessLine = CodeValueField(source="main_business_line", allow_null=True)
    remarks = serializers.CharField()


class ClientListItemOutput(FieldsOnce):
    id = serializers.IntegerField()
    accountNo = serializers.CharField(source="account_no")
    externalId = serializers.CharField(source="external_id", allow_null=True)
    status = StatusField()
    active = serializers.BooleanField(source="is_active")
    activationDate = DateTripletField(source="activation_date", allow_null=True)
    firstname = serializers.CharField()
    middlename = serializers.CharField()
    lastname = serializers.CharField()
    fullname = serializers.CharField()
    displayName = serializers.CharField(source="display_name")
    mobileNo = serializers.CharField(source="mobile_no")
    emailAddress = serializers.CharField(source="email_address")
    dateOfBirth = DateTripletField(source="date_of_birth", allow_null=True)
    gender = CodeValueField(allow_null=True)
    clientType = CodeValueField(source="client_type", allow_null=True)
    clientClassification = CodeValueField(source="client_classification", allow_null=True)
    isStaff = serializers.BooleanField(source="is_staff")
    officeId = serializers.IntegerField(source="office_id")
    officeName = serializers.CharField(source="office.name")
    transferToOfficeId = serializers.IntegerField(source="transfer_to_office_id", allow_null=True)
    transferToOfficeName = serializers.CharField(source="transfer_to_office.name", default=None)
    staffId = serializers.IntegerField(source="staff_id", allow_null=True)
    staffName = serializers.CharField(source="staff.display_name", default=None)
    legalForm = LegalFormField(source="legal_form")
    submittedOnDate = DateTripletField(source="submitted_on")
    version = serializers.IntegerField()


class ClientOutput(DeclaredOutput, ClientListItemOutput):
    declaration = CLIENT
    officeJoiningDate = DateTripletField(source="office_joining_date", allow_null=True)
    maritalStatus = CodeValueField(source="marital_status", allow_null=True)
    numberOfDependents = serializers.SerializerMethodField(
        help_text="Family members marked dependent when any family is recorded, otherwise "
        "the number entered on the client."
    )
    numberOfDependentsSource = serializers.SerializerMethodField(
        help_text="familyMembers or entered."
    )
    numberOfDependentsEntered = serializers.IntegerField(
        source="number_of_dependents", allow_null=True
    )
    profession = CodeValueField(allow_null=True)
    educationLevel = CodeValueField(source="education_level", allow_null=True)
    monthlyIncome = serializers.DecimalField(
        source="monthly_income",
        max_digits=19,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=False,
    )
    closureReason = CodeValueField(source="closure_reason", allow_null=True)
    rejectionReason = CodeValueField(source="rejection_reason", allow_null=True)
    withdrawalReason = CodeValueField(source="withdrawal_reason", allow_null=True)
    proposedTransferDate = DateTripletField(source="proposed_transfer_date", allow_null=True)
    timeline = TimelineOutput(source="*")
    clientNonPersonDetails = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()
    pastGroups = serializers.SerializerMethodField()
    imagePresent = serializers.SerializerMethodField()
    createdBy = serializers.CharField(source="created_by.username", default=None)
    createdOn = serializers.DateTimeField(source="created_on")
    lastModifiedBy = serializers.CharField(source="last_modified_by.username", default=None)
    lastModifiedOn = serializers.DateTimeField(source="last_modified_on")

    @extend_schema_field(GroupOutput(many=True))
    def get_groups(self, client) -> list[dict]:
        return GroupOutput(client_groups(client), many=True).data

    @extend_schema_field(PastGroupOutput(many=True))
    def get_pastGroups(self, client) -> list[dict]:  # noqa: N802 (Mteja's extension)
        stays = client_stays(client).filter(left_on__isnull=False)
        return PastGroupOutput(stays, many=True).data

    def _dependents(self, client) -> family.Dependents:
        # Read once per client: the annotations of family.with_dependents (lists), or one
        # query.
        cached = getattr(client, "_dependents_cache", None)
        if cached is None:
            cached = family.dependents(client)
            client._dependents_cache = cached
        return cached

    def get_numberOfDependents(self, client) -> int | None:  # noqa: N802 (Fineract's name)
        return self._dependents(client).count

    def get_numberOfDependentsSource(self, client) -> str:  # noqa: N802 (Mteja's API name)
        return self._dependents(client).source

    def get_imagePresent(self, client) -> bool:  # noqa: N802 (Fineract's name)
        return False  # photos arrive with the documents module

    @extend_schema_field(NonPersonOutput(allow_null=True))
    def get_clientNonPersonDetails(self, client):  # noqa: N802 (Fineract's name)
        details = getattr(client, "non_person", None)
        return NonPersonOutput(details).data if details is not None else None


class ClientPageOutput(serializers.Serializer):
    totalFilteredRecords = serializers.IntegerField()
    pageItems = ClientListItemOutput(many=True)


class TransferOutput(ModelOutput):
    fromOfficeName = serializers.CharField(source="from_office.name")
    toOfficeName = serializers.CharField(source="to_office.name")
    proposedTransferDate = DateTripletField(source="proposed_transfer_date", allow_null=True)
    transferType = serializers.CharField(source="get_transfer_type_display")
    submittedOnDate = DateTripletField(source="submitted_on")
    submittedBy = serializers.CharField(source="submitted_by.username", default=None)

    class Meta:
        model = ClientTransfer
        fields = (
            "id", "from_office", "fromOfficeName", "to_office", "toOfficeName",
            "proposedTransferDate", "transferType", "submittedOnDate", "submittedBy", "note",
        )  # fmt: skip


class StaffAssignmentOutput(ModelOutput):
    staffName = serializers.CharField(source="staff.display_name")
    startDate = DateTripletField(source="start_date")
    endDate = DateTripletField(source="end_date", allow_null=True)
    assignedBy = serializers.CharField(source="assigned_by.username", default=None)

    class Meta:
        model = StaffAssignment
        fields = ("id", "staff", "staffName", "startDate", "endDate", "assignedBy")
