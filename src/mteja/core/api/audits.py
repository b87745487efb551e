"""The audit journal, read-only over HTTP (Fineract's /audits).

There is deliberately no PUT or DELETE: the journal is append-only (the model refuses
changes too), so those methods answer 405.
"""

from __future__ import annotations

import datetime
import json

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from mteja.core import wire
from mteja.core.api.query import (
    ascii_digits,
    int_parameter,
    page,
    paging,
    paging_parameters,
    query_bool,
    query_int,
)
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import NotFound, ParameterError, ValidationFailed
from mteja.core.models import AuditEvent

UNPAGED_LIMIT = 200

AUDIT_ORDER = {
    "id": "id",
    "actionName": "action_name",
    "entityName": "entity_name",
    "resourceId": "resource_id",
    "madeOnDate": "made_on",
    "maker": "maker_username",
    "processingResult": "processing_result",
    "officeName": "office_name",
    "clientName": "client_name",
    # Mteja has no maker-checker: no event has a checker, so these columns order as the id.
    "checker": "id",
    "checkedOnDate": "id",
}

# Fineract's command statuses (m_portfolio_command_source.status).
PROCESSING_RESULTS = {
    1: "PROCESSED",
    2: "AWAITING_APPROVAL",
    3: "REJECTED",
    4: "UNDER_PROCESSING",
    5: "ERROR",
}

_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


def audit_not_found(audit_id) -> NotFound:
    return NotFound(
        "error.msg.audit.id.invalid",
        _("Audit with identifier %(audit_id)s does not exist")
        % {
            "audit_id": audit_id,
        },
        value=audit_id,
    )


class AuditOutput(serializers.Serializer):
    id = serializers.IntegerField()
    actionName = serializers.CharField(source="action_name")
    entityName = serializers.CharField(source="entity_name")
    resourceId = serializers.IntegerField(source="resource_id", allow_null=True)
    subresourceId = serializers.IntegerField(source="subresource_id", allow_null=True)
    resourceExternalId = serializers.CharField(source="resource_external_id")
    maker = serializers.CharField(source="maker_username")
    madeOnDate = serializers.SerializerMethodField()
    processingResult = serializers.CharField(source="processing_result")
    officeId = serializers.IntegerField(source="office_id", allow_null=True)
    officeName = serializers.CharField(source="office.name", default=None, allow_null=True)
    clientId = serializers.IntegerField(source="client_id", allow_null=True)
    clientName = serializers.CharField(source="client_display_name", default=None, allow_null=True)
    groupId = serializers.IntegerField(source="group_id", allow_null=True)
    changes = serializers.DictField(help_text="{field: [old, new]} for every changed field.")
    checker = serializers.CharField(
        default=None, allow_null=True, help_text="Always null: Mteja has no maker-checker."
    )
    checkedOnDate = serializers.CharField(
        default=None, allow_null=True, help_text="Always null: Mteja has no maker-checker."
    )
    commandAsJson = serializers.SerializerMethodField()

    def get_madeOnDate(self, event) -> str:
        return wire.datetime_out(event.made_on)

    def get_commandAsJson(self, event) -> str:
        """What Fineract clients parse; here the changes, never a whole request body."""
        return json.dumps(event.changes, sort_keys=True)


class AuditPageOutput(serializers.Serializer):
    totalFilteredRecords = serializers.IntegerField()
    pageItems = AuditOutput(many=True)


class AppUserOptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class ProcessingResultOutput(serializers.Serializer):
    id = serializers.IntegerField()
    processingResult = serializers.CharField()


class AuditSearchTemplateOutput(serializers.Serializer):
    appUsers = AppUserOptionOutput(many=True)
    actionNames = serializers.ListField(child=serializers.CharField())
    entityNames = serializers.ListField(child=serializers.CharField())
    processingResults = ProcessingResultOutput(many=True)


def _bad_query(name: str, rule: str, message: str, value) -> ValidationFailed:
    return ValidationFailed([ParameterError(f"validation.msg.{name}.{rule}", name, message, value)])


def query_datetime(params, name: str, *, end_of_day: bool = False) -> datetime.datetime | None:
    """`yyyy-MM-dd HH:mm:ss` (Fineract) or ISO 8601; a bare date means the start of that day,
    or its end for an upper bound. Times without an offset are UTC."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    value = None
    for pattern in _DATETIME_FORMATS:
        try:
            value = datetime.datetime.strptime(raw, pattern)
            break
        except ValueError:
            continue
    if value is None:
        try:
            day = datetime.date.fromisoformat(raw)
        except ValueError:
            day = None
        if day is not None and len(raw) == 10:
            value = datetime.datetime.combine(
                day, datetime.time.max if end_of_day else datetime.time.min
            )
    if value is None:
        try:
            value = datetime.datetime.fromisoformat(raw.replace(" ", "T", 1))
        except ValueError:
            raise _bad_query(
                name,
                "invalid.datetime.format",
                _("“%(name)s” must be a date and time as yyyy-MM-dd HH:mm:ss or ISO 8601.")
                % {
                    "name": name,
                },
                raw,
            ) from None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _processing_result(params) -> str | None:
    raw = (params.get("processingResult") or "").strip()
    if not raw:
        return None
    if ascii_digits(raw) and int(raw) in PROCESSING_RESULTS:
        return PROCESSING_RESULTS[int(raw)]
    if raw.upper() in PROCESSING_RESULTS.values():
        return raw.upper()
    raise _bad_query(
        "processingResult",
        "value.is.not.supported",
        _("`processingResult` must be one of: %(values)s.")
        % {"values": ", ".join(f"{k} ({v})" for k, v in PROCESSING_RESULTS.items())},
        raw,
    )


def _sortable(events, params):
    """The events with the names `orderBy` may sort by that are not columns of theirs: the
    office's and the client's (blank when none, so every row has a place in the order). Added
    only when asked for: the client's name is a lookup per row."""
    order = params.get("orderBy")
    if order == "officeName":
        return events.annotate(office_name=Coalesce("office__name", Value("")))
    if order == "clientName":
        client = apps.get_model("clients", "Client")  # core names no app (core/__init__.py)
        name = client.objects.filter(pk=OuterRef("client_id")).values("display_name")[:1]
        return events.annotate(client_name=Coalesce(Subquery(name), Value("")))
    return events


def with_client_names(events):
    """Each event's client's name (`client_display_name`, Fineract's `clientName`), read in
    the same query as the events."""
    client = apps.get_model("clients", "Client")  # core names no app (core/__init__.py)
    name = client.objects.filter(pk=OuterRef("client_id")).values("display_name")[:1]
    return events.annotate(client_display_name=Subquery(name))


def filtered_events(user, params):
    """The user's audit events (office subtree) narrowed by Fineract's query parameters."""
    events = with_client_names(AuditEvent.objects.restrict(user).select_related("office"))
    for param, column in (("actionName", "action_name"), ("entityName", "entity_name")):
        if value := (params.get(param) or "").strip():
            events = events.filter(**{column: value.upper()})
    for param, column in (
        ("resourceId", "resource_id"),
        ("makerId", "maker_id"),
        ("officeId", "office_id"),
        ("clientId", "client_id"),
        ("groupId", "group_id"),
    ):
        value = query_int(params, param)
        if value is not None:
            events = events.filter(**{column: value})
    if (result := _processing_result(params)) is not None:
        events = events.filter(processing_result=result)
    since = query_datetime(params, "makerDateTimeFrom")
    until = query_datetime(params, "makerDateTimeTo", end_of_day=True)
    if since is not None:
        events = events.filter(made_on__gte=since)
    if until is not None:
        events = events.filter(made_on__lte=until)
    return events


_FILTER_PARAMETERS = [
    OpenApiParameter("actionName", str, description="e.g. CREATE, UPDATE, ACTIVATE"),
    OpenApiParameter("entityName", str, description="e.g. CLIENT, OFFICE, USER"),
    int_parameter("resourceId"),
    int_parameter("makerId"),
    int_parameter("officeId"),
    int_parameter("clientId"),
    int_parameter("groupId"),
    OpenApiParameter("processingResult", str, description="1..5 or PROCESSED, ERROR, …"),
    OpenApiParameter(
        "makerDateTimeFrom", str, description="yyyy-MM-dd HH:mm:ss or ISO 8601 (UTC if no offset)"
    ),
    OpenApiParameter(
        "makerDateTimeTo", str, description="yyyy-MM-dd HH:mm:ss or ISO 8601 (UTC if no offset)"
    ),
    OpenApiParameter("paged", bool, description="true: {totalFilteredRecords, pageItems}"),
    *(p for p in paging_parameters(AUDIT_ORDER) if p.name != "limit"),
    int_parameter("limit", -1, description='-1, Fineract\'s "no limit": the largest page.'),
]


class AuditListView(FineractAPIView):
    entity = "AUDIT"

    @extend_schema(
        parameters=_FILTER_PARAMETERS,
        description=f"Newest first, at most {UNPAGED_LIMIT}. With paged=true the answer is "
        "{totalFilteredRecords, pageItems} instead, ordered by orderBy/sortOrder.",
        responses=PolymorphicProxySerializer(
            component_name="AuditList",
            serializers=[AuditOutput(many=True), AuditPageOutput],
            resource_type_field_name=None,
            many=False,
        ),
        operation_id="retrieveAuditEntries",
    )
    def get(self, request):
        params = request.query_params.copy()
        if params.get("limit") == "-1":
            # Fineract's "no limit" (the web-app's CSV download asks limit=-1): the largest page.
            params["limit"] = str(settings.MTEJA_API_MAX_PAGE_SIZE)
        events = filtered_events(request.user, params)
        paging(params, AUDIT_ORDER)  # malformed paging parameters are refused, paged or not
        if not query_bool(params, "paged"):
            return Response(AuditOutput(events.order_by("-id")[:UNPAGED_LIMIT], many=True).data)
        if not params.get("orderBy") and not params.get("sortOrder"):
            params["sortOrder"] = "DESC"  # newest first unless the client asks otherwise
        total, items = page(params, _sortable(events, params), order_fields=AUDIT_ORDER)
        return Response(
            {"totalFilteredRecords": total, "pageItems": AuditOutput(items, many=True).data}
        )


class AuditDetailView(FineractAPIView):
    entity = "AUDIT"

    @extend_schema(responses=AuditOutput)
    def get(self, request, pk: int):
        events = AuditEvent.objects.restrict(request.user).select_related("office")
        event = with_client_names(events).filter(pk=pk)
        found = event.first()
        if found is None:
            raise audit_not_found(pk)
        return Response(AuditOutput(found).data)


class AuditSearchTemplateView(FineractAPIView):
    entity = "AUDIT"

    @extend_schema(responses=AuditSearchTemplateOutput)
    def get(self, request):
        users = get_user_model().objects.restrict(request.user).order_by("username", "id")
        journal = AuditEvent.objects.order_by()
        return Response(
            {
                "appUsers": AppUserOptionOutput(users, many=True).data,
                # Both columns are indexed: listing their distinct values reads the index.
                "actionNames": list(
                    journal.values_list("action_name", flat=True).distinct().order_by("action_name")
                ),
                "entityNames": list(
                    journal.values_list("entity_name", flat=True).distinct().order_by("entity_name")
                ),
                "processingResults": [
                    {"id": key, "processingResult": name}
                    for key, name in PROCESSING_RESULTS.items()
                ],
            }
        )
