from rest_framework import serializers

from mteja.core.api.fields import DateTripletField, IdField, RequestDateField, StrictCharField
from mteja.core.api.inputs import InputSerializer


class OfficeInput(InputSerializer):
    resource = "office"

    name = StrictCharField(max_length=100)
    parentId = IdField(required=False, allow_null=True)
    openingDate = RequestDateField()
    externalId = StrictCharField(max_length=100, required=False, allow_null=True, allow_blank=True)


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
