"""Request and response bodies of /groups and /centers, in Fineract's shapes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mteja.core import wire
from mteja.core.api.fields import DateTripletField, EnumOptionSerializer, IdField, RequestDateField
from mteja.core.api.inputs import InputSerializer
from mteja.core.api.model_fields import input_fields
from mteja.core.api.outputs import FieldsOnce
from mteja.groups.models import CENTER, GROUP, STATUS_CODES, GroupStatus

# --- requests -------------------------------------------------------------------------------


def _ids(**options) -> serializers.ListField:
    """Fineract's member lists: `[7, 9]` (ids as numbers or strings)."""
    return serializers.ListField(
        child=IdField(), required=False, allow_empty=True, max_length=1000, **options
    )


def _create_input(name: str, declaration, members: str, resource: str):
    fields = input_fields(declaration)
    fields.update(
        {
            "officeId": IdField(required=False),
            "active": serializers.BooleanField(required=False),
            "submittedOnDate": RequestDateField(required=False, allow_null=True),
            "activationDate": RequestDateField(required=False, allow_null=True),
            members: _ids(),
            "datatables": serializers.JSONField(required=False, allow_null=True),
        }
    )
    return type(name, (InputSerializer,), {"resource": resource, "__module__": __name__, **fields})


GroupCreateInput = _create_input("GroupCreateInput", GROUP, "clientMembers", "group")
CenterCreateInput = _create_input("CenterCreateInput", CENTER, "groupMembers", "center")


def _update_input(name: str, declaration, resource: str):
    fields = input_fields(declaration)
    fields.pop("centerId", None)  # a group changes center through the center's commands
    fields["version"] = serializers.IntegerField(required=False, min_value=1)
    return type(name, (InputSerializer,), {"resource": resource, "__module__": __name__, **fields})


GroupUpdateInput = _update_input("GroupUpdateInput", GROUP, "group")
CenterUpdateInput = _update_input("CenterUpdateInput", CENTER, "center")


class CommandInput(InputSerializer):
    """Every command's body: each command reads the keys it needs (the rest are refused)."""

    resource = "group"
    activationDate = RequestDateField(required=False, allow_null=True)
    closureDate = RequestDateField(required=False, allow_null=True)
    closureReasonId = IdField(required=False, allow_null=True)
    staffId = IdField(required=False, allow_null=True)
    inheritStaffForClientAccounts = serializers.BooleanField(required=False)
    clientMembers = _ids()
    groupMembers = _ids()
    destinationGroupId = IdField(required=False, allow_null=True)
    clients = serializers.ListField(
        child=serializers.DictField(), required=False, allow_empty=True, max_length=1000
    )
    inheritDestinationGroupLoanOfficer = serializers.BooleanField(required=False)
    transferActiveLoans = serializers.BooleanField(required=False)


# The keys each command accepts (beyond dateFormat and locale).
COMMAND_KEYS = {
    "activate": {"activationDate"},
    "close": {"closureDate", "closureReasonId"},
    "assignStaff": {"staffId", "inheritStaffForClientAccounts"},
    "unassignStaff": {"staffId"},
    "associateClients": {"clientMembers"},
    "disassociateClients": {"clientMembers"},
    "transferClients": {
        "destinationGroupId",
        "clients",
        "inheritDestinationGroupLoanOfficer",
        "transferActiveLoans",
    },  # fmt: skip
    "associateGroups": {"groupMembers"},
    "disassociateGroups": {"groupMembers"},
}

# --- responses ------------------------------------------------------------------------------


@extend_schema_field(EnumOptionSerializer)
class StatusField(serializers.ReadOnlyField):
    def to_representation(self, value):
        return wire.enum_out(int(value), STATUS_CODES[value][0], str(GroupStatus(value).label))


class GroupingTimelineOutput(serializers.Serializer):
    submittedOnDate = DateTripletField(source="submitted_on")
    submittedByUsername = serializers.CharField(source="submitted_by.username", default=None)
    activatedOnDate = DateTripletField(source="activation_date", allow_null=True)
    activatedByUsername = serializers.CharField(source="activated_by.username", default=None)
    closedOnDate = DateTripletField(source="closed_on", allow_null=True)
    closedByUsername = serializers.CharField(source="closed_by.username", default=None)

    def to_representation(self, instance):
        # Fineract leaves out the steps not yet taken (the Mifos X web-app formats a closing
        # date that is there, even an empty one, as "Invalid date").
        data = super().to_representation(instance)
        return {key: value for key, value in data.items() if value is not None}


class GroupingOutput(FieldsOnce):
    id = serializers.IntegerField()
    accountNo = serializers.CharField(source="account_no", allow_null=True)
    name = serializers.CharField()
    externalId = serializers.CharField(source="external_id", allow_null=True)
    status = StatusField()
    active = serializers.BooleanField(source="is_active")
    activationDate = DateTripletField(source="activation_date", allow_null=True)
    officeId = serializers.IntegerField(source="office_id")
    officeName = serializers.CharField(source="office.name")
    staffId = serializers.IntegerField(source="staff_id", allow_null=True)
    staffName = serializers.CharField(source="staff.display_name", default=None)
    hierarchy = serializers.SerializerMethodField()
    timeline = GroupingTimelineOutput(source="*")
    version = serializers.IntegerField()

    def get_hierarchy(self, record) -> str:
        """Fineract's path of the record among centers and groups: `.center.group.`."""
        center_id = getattr(record, "center_id", None)
        return f".{center_id}.{record.pk}." if center_id else f".{record.pk}."


class GroupOutput(GroupingOutput):
    centerId = serializers.IntegerField(source="center_id", allow_null=True)
    centerName = serializers.CharField(source="center.name", default=None)
    groupLevel = serializers.SerializerMethodField()

    def get_groupLevel(self, group) -> str:  # noqa: N802 (Fineract's name)
        return "2"


class CenterOutput(GroupingOutput):
    meetingDay = serializers.SerializerMethodField(help_text="Mteja: the day the center meets.")
    meetingTime = serializers.TimeField(source="meeting_time", allow_null=True, format="%H:%M")
    groupLevel = serializers.SerializerMethodField()

    def get_groupLevel(self, center) -> str:  # noqa: N802 (Fineract's name)
        return "1"

    @extend_schema_field(EnumOptionSerializer(allow_null=True))
    def get_meetingDay(self, center):  # noqa: N802 (Mteja's API name)
        if center.meeting_day is None:
            return None
        day = center.get_meeting_day_display()
        return wire.enum_out(center.meeting_day, f"weekday.{center.meeting_day}", str(day))


class GroupPageOutput(serializers.Serializer):
    totalFilteredRecords = serializers.IntegerField()
    pageItems = GroupOutput(many=True)


class CenterPageOutput(serializers.Serializer):
    totalFilteredRecords = serializers.IntegerField()
    pageItems = CenterOutput(many=True)


class PastStayOutput(serializers.Serializer):
    """A stay that has ended (Mteja's extension: Fineract forgets past members)."""

    joinedOn = DateTripletField(source="joined_on")
    leftOn = DateTripletField(source="left_on")


class PastGroupOutput(PastStayOutput):
    """One of a client's past groups (`pastGroups` of GET /clients/{id})."""

    groupId = serializers.IntegerField(source="group_id")
    groupName = serializers.CharField(source="group.name")
    centerId = serializers.IntegerField(source="center_id", allow_null=True)
    centerName = serializers.CharField(source="center.name", default=None)


class PastMemberOutput(PastStayOutput):
    """One of a group's past members (`pastClientMembers` of GET /groups/{id})."""

    clientId = serializers.IntegerField(source="client_id")
    displayName = serializers.CharField(source="client.display_name")
    accountNo = serializers.CharField(source="client.account_no", allow_null=True)
