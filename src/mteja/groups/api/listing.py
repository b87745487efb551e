"""The list filters of GET /groups and GET /centers, by Fineract's parameter names, and its two
shapes: a bare array, or `{totalFilteredRecords, pageItems}` with `paged=true`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer

from mteja.core.api.query import (
    int_parameter,
    page,
    paging_parameters,
    query_bool,
    query_choice,
    query_int,
)
from mteja.groups.models import STATUS_CODES

ORDER_FIELDS = {
    "id": "id",
    "name": "name",
    "externalId": "external_id",
    "accountNo": "account_no",
    "officeId": "office_id",
    "activationDate": "activation_date",
    "status": "status",
}
STATUSES = {name: status for status, (_code, name) in STATUS_CODES.items()}


def parameters(*, groups: bool) -> list[OpenApiParameter]:
    found = [
        int_parameter("officeId", 1, description="Only those of this office."),
        int_parameter("staffId", 1, description="Only those of this loan officer."),
        OpenApiParameter("status", str, enum=sorted(STATUSES)),
        OpenApiParameter("name", str, description="Part of the name (any case)."),
        OpenApiParameter("externalId", str),
        OpenApiParameter("underHierarchy", str, description="An office hierarchy prefix."),
        OpenApiParameter("paged", bool, description="true: {totalFilteredRecords, pageItems}."),
        *paging_parameters(ORDER_FIELDS),
    ]
    if groups:
        found += [
            int_parameter("centerId", 1, description="Only the groups of this center."),
            OpenApiParameter("orphansOnly", bool, description="Only groups in no center."),
        ]
    return found


def filtered(params, rows, *, groups: bool):
    """`rows` filtered as the query string says; a malformed value is Fineract's 400."""
    office_id = query_int(params, "officeId", minimum=1)
    if office_id is not None:
        rows = rows.filter(office_id=office_id)
    staff_id = query_int(params, "staffId", minimum=1)
    if staff_id is not None:
        rows = rows.filter(staff_id=staff_id)
    status = query_choice(params, "status", STATUSES, resource="group")
    if status is not None:
        rows = rows.filter(status=status)
    if params.get("name"):
        rows = rows.filter(name__icontains=params["name"].strip())
    if params.get("externalId"):
        rows = rows.filter(external_id=params["externalId"])
    if params.get("underHierarchy"):
        rows = rows.filter(office__hierarchy__startswith=params["underHierarchy"])
    if groups:
        center_id = query_int(params, "centerId", minimum=1)
        if center_id is not None:
            rows = rows.filter(center_id=center_id)
        if query_bool(params, "orphansOnly"):
            rows = rows.filter(center__isnull=True)
    return rows


def answer(params, rows, serializer):
    """Fineract's two shapes of a list: paged, or a bare array (all rows up to the page
    ceiling when no limit is asked)."""
    paged = bool(query_bool(params, "paged"))
    if not paged and not params.get("limit"):
        params = params.copy()
        params["limit"] = "1000000"
    total, items = page(params, rows, order_fields=ORDER_FIELDS, default_order="id")
    data = serializer(items, many=True).data
    return {"totalFilteredRecords": total, "pageItems": data} if paged else data


def either(name: str, item, paged) -> PolymorphicProxySerializer:
    """The schema of a list's two shapes: a bare array, or the page of `paged=true`."""
    return PolymorphicProxySerializer(
        component_name=name,
        serializers=[item(many=True), paged],
        resource_type_field_name=None,
        many=False,
    )
