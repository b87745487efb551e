"""Serializer fields for Fineract's wire format."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mteja.core import wire
from mteja.core.api.limits import QuickLimits


@extend_schema_field(OpenApiTypes.STR)
class RequestDateField(serializers.Field):
    """A request date read with the body's `dateFormat` and `locale` (ISO without them).

    `iso_also`: an ISO date (yyyy-MM-dd) is read as such even when the body names another
    format, for the forms that send back a date they were given unchanged in ISO (the Mifos
    X web-app's family member edit)."""

    def __init__(self, *, iso_also: bool = False, **kwargs):
        self.iso_also = iso_also
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        body = self.root.initial_data if isinstance(self.root.initial_data, dict) else {}
        parse = wire.parse_date_or_iso if self.iso_also else wire.parse_date
        try:
            return parse(value, body.get("dateFormat"), body.get("locale"))
        except wire.DateFormatError as exc:
            raise serializers.ValidationError(str(exc), code=exc.rule) from exc

    def to_representation(self, value):
        return wire.date_out(value)


@extend_schema_field({"type": "array", "items": {"type": "integer"}, "example": [2024, 1, 31]})
class DateTripletField(serializers.ReadOnlyField):
    def to_representation(self, value):
        return wire.date_out(value)


class EnumOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    value = serializers.CharField()


class WriteResultSerializer(serializers.Serializer):
    resourceId = serializers.IntegerField()
    officeId = serializers.IntegerField(required=False)
    clientId = serializers.IntegerField(required=False)
    groupId = serializers.IntegerField(required=False)
    resourceExternalId = serializers.CharField(required=False)
    changes = serializers.DictField(required=False)


class StrictCharField(QuickLimits, serializers.CharField):
    """A string; numbers are read as their text (as Fineract does), but true/false, objects
    and lists are refused rather than stored as "True" or "{...}"."""

    def to_internal_value(self, data):
        if isinstance(data, bool | dict | list):
            self.fail("invalid")
        return super().to_internal_value(data)


MAX_ID = 2**63 - 1


class IdField(QuickLimits, serializers.IntegerField):
    """A reference to a row: a positive whole number that fits a BIGINT."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
