from rest_framework import serializers

from mteja.core.api.fields import DateTripletField, IdField, RequestDateField, StrictCharField
from mteja.core.api.inputs import InputSerializer
from mteja.core.api.model_fields import ModelOutput
from mteja.organisation.models import Code, CodeValue, Office, Staff


def text(model, name: str, **options) -> StrictCharField:
    """A text parameter limited as the model's field `name` is."""
    return StrictCharField(max_length=model._meta.get_field(name).max_length, **options)


class OfficeInput(InputSerializer):
    resource = "office"

    name = text(Office, "name")
    parentId = IdField(required=False, allow_null=True)
    openingDate = RequestDateField()
    externalId = text(Office, "external_id", required=False, allow_null=True, allow_blank=True)


class OfficeOutput(ModelOutput):
    nameDecorated = serializers.CharField(source="name_decorated")
    openingDate = DateTripletField(source="opening_date")
    parentName = serializers.CharField(source="parent.name", default=None, allow_null=True)

    class Meta:
        model = Office
        fields = (
            "id", "name", "nameDecorated", "external_id", "openingDate", "hierarchy", "parent",
            "parentName",
        )  # fmt: skip


class OfficeTemplateOutput(serializers.Serializer):
    allowedParents = OfficeOutput(many=True)


class StaffInput(InputSerializer):
    resource = "staff"

    officeId = IdField()
    firstname = text(Staff, "firstname")
    lastname = text(Staff, "lastname")
    isLoanOfficer = serializers.BooleanField(required=False)
    isActive = serializers.BooleanField(required=False)
    joiningDate = RequestDateField(required=False, allow_null=True)
    mobileNo = text(Staff, "mobile_no", required=False, allow_null=True, allow_blank=True)
    externalId = text(Staff, "external_id", required=False, allow_null=True, allow_blank=True)


class StaffOutput(ModelOutput):
    officeName = serializers.CharField(source="office.name")
    joiningDate = DateTripletField(source="joining_date", allow_null=True)

    class Meta:
        model = Staff
        fields = (
            "id", "firstname", "lastname", "display_name", "office", "officeName",
            "is_loan_officer", "is_active", "joiningDate", "mobile_no", "external_id",
        )  # fmt: skip


class CodeInput(InputSerializer):
    resource = "code"

    name = text(Code, "name")


class CodeOutput(ModelOutput):
    systemDefined = serializers.BooleanField(source="is_system_defined")

    class Meta:
        model = Code
        fields = ("id", "name", "systemDefined")


INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


class CodeValueInput(InputSerializer):
    resource = "code.value"

    name = text(CodeValue, "name")
    description = text(CodeValue, "description", required=False, allow_null=True, allow_blank=True)
    position = serializers.IntegerField(required=False, min_value=INT32_MIN, max_value=INT32_MAX)
    isActive = serializers.BooleanField(required=False)


class CodeValueOutput(ModelOutput):
    # Current Fineract releases name these two `active` and `mandatory`; both spellings are
    # sent so clients of either generation find theirs.
    active = serializers.BooleanField(source="is_active")
    mandatory = serializers.BooleanField(source="is_mandatory")

    class Meta:
        model = CodeValue
        fields = (
            "id", "name", "description", "position", "is_active", "is_mandatory", "active",
            "mandatory",
        )  # fmt: skip


class CodeValueWriteResult(serializers.Serializer):
    """Fineract answers code-value writes with the code as resource, the value as sub-resource."""

    resourceId = serializers.IntegerField()
    subResourceId = serializers.IntegerField(required=False)
    changes = serializers.DictField(required=False)
