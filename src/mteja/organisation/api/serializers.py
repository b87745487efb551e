from rest_framework import serializers

from mteja.core.api.fields import DateTripletField, IdField, RequestDateField, StrictCharField
from mteja.core.api.inputs import InputSerializer
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


class OfficeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    nameDecorated = serializers.CharField(source="name_decorated")
    externalId = serializers.CharField(source="external_id", allow_null=True)
    openingDate = DateTripletField(source="opening_date")
    hierarchy = serializers.CharField()
    parentId = serializers.IntegerField(source="parent_id", allow_null=True)
    parentName = serializers.CharField(source="parent.name", default=None, allow_null=True)


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


class StaffOutput(serializers.Serializer):
    id = serializers.IntegerField()
    firstname = serializers.CharField()
    lastname = serializers.CharField()
    displayName = serializers.CharField(source="display_name")
    officeId = serializers.IntegerField(source="office_id")
    officeName = serializers.CharField(source="office.name")
    isLoanOfficer = serializers.BooleanField(source="is_loan_officer")
    isActive = serializers.BooleanField(source="is_active")
    joiningDate = DateTripletField(source="joining_date", allow_null=True)
    mobileNo = serializers.CharField(source="mobile_no")
    externalId = serializers.CharField(source="external_id", allow_null=True)


class CodeInput(InputSerializer):
    resource = "code"

    name = text(Code, "name")


class CodeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    systemDefined = serializers.BooleanField(source="is_system_defined")


INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


class CodeValueInput(InputSerializer):
    resource = "code.value"

    name = text(CodeValue, "name")
    description = text(CodeValue, "description", required=False, allow_null=True, allow_blank=True)
    position = serializers.IntegerField(required=False, min_value=INT32_MIN, max_value=INT32_MAX)
    isActive = serializers.BooleanField(required=False)


class CodeValueOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    position = serializers.IntegerField()
    isActive = serializers.BooleanField(source="is_active")
    isMandatory = serializers.BooleanField(source="is_mandatory")
    # Current Fineract releases name these two `active` and `mandatory`; both spellings are
    # sent so clients of either generation find theirs.
    active = serializers.BooleanField(source="is_active")
    mandatory = serializers.BooleanField(source="is_mandatory")


class CodeValueWriteResult(serializers.Serializer):
    """Fineract answers code-value writes with the code as resource, the value as sub-resource."""

    resourceId = serializers.IntegerField()
    subResourceId = serializers.IntegerField(required=False)
    changes = serializers.DictField(required=False)
