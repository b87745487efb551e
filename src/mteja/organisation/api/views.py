from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from mteja.core import wire
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import query_choice
from mteja.core.api.views import FineractAPIView, get_for_write, get_scoped
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.organisation import selectors, services
from mteja.organisation.api.serializers import OfficeInput, OfficeOutput, OfficeTemplateOutput
from mteja.organisation.models import Office

OFFICE_PARAMS = {
    "name": "name",
    "parent_id": "parentId",
    "opening_date": "openingDate",
    "external_id": "externalId",
}
OFFICE_ORDER = {
    "id": "id",
    "name": "name",
    "openingDate": "opening_date",
    "externalId": "external_id",
    "hierarchy": "hierarchy",
}


def api_changes(changes: dict, body: dict, names: dict[str, str]) -> dict:
    """Fineract's `changes`: each changed parameter with the value as the request sent it."""
    echoed = {}
    for field in changes:
        param = names.get(field, field)
        echoed[param] = body.get(param, changes[field][1])
    if echoed and any(key in body for key in ("dateFormat", "locale")):
        echoed.update({key: body[key] for key in ("dateFormat", "locale") if key in body})
    return echoed


class OfficeListView(FineractAPIView):
    entity = "OFFICE"

    @extend_schema(
        parameters=[
            OpenApiParameter("orderBy", str, enum=sorted(OFFICE_ORDER)),
            OpenApiParameter("sortOrder", str, enum=["ASC", "DESC"]),
        ],
        responses=OfficeOutput(many=True),
    )
    def get(self, request):
        offices = selectors.office_list(user=request.user)
        order = query_choice(
            request.query_params, "orderBy", {k.lower(): v for k, v in OFFICE_ORDER.items()}
        )
        if order:
            descending = (request.query_params.get("sortOrder") or "ASC").upper() == "DESC"
            offices = offices.order_by(f"-{order}" if descending else order, "id")
        return Response(OfficeOutput(offices, many=True).data)

    @extend_schema(request=OfficeInput, responses=WriteResultSerializer)
    def post(self, request):
        data = parse_body(OfficeInput, request.data)
        if not data.get("parentId"):
            raise ValidationFailed(
                [
                    ParameterError(
                        "validation.msg.office.parentId.cannot.be.blank",
                        "parentId",
                        "The parameter parentId is mandatory.",
                    )
                ]
            )
        parent = selectors.office_for_write(
            user=request.user, office_id=data["parentId"], param="parentId"
        )
        office = services.office_create(
            actor=request.user,
            name=data["name"],
            parent=parent,
            opening_date=data["openingDate"],
            external_id=data.get("externalId"),
        )
        return Response(
            wire.write_result(office.pk, officeId=office.pk, resourceExternalId=office.external_id)
        )


class OfficeTemplateView(FineractAPIView):
    entity = "OFFICE"

    @extend_schema(responses=OfficeTemplateOutput)
    def get(self, request):
        return Response(
            {
                "allowedParents": OfficeOutput(
                    selectors.office_list(user=request.user), many=True
                ).data
            }
        )


class OfficeDetailView(FineractAPIView):
    entity = "OFFICE"

    @extend_schema(responses=OfficeOutput)
    def get(self, request, pk: int):
        office = get_scoped(
            Office.objects.select_related("parent"),
            pk,
            request.user,
            lambda: selectors.office_not_found(pk),
        )
        return Response(OfficeOutput(office).data)

    @extend_schema(request=OfficeInput, responses=WriteResultSerializer)
    def put(self, request, pk: int):
        data = parse_body(OfficeInput, request.data, partial=True, require_one=True)
        office = get_for_write(
            Office.objects, pk, request.user, lambda: selectors.office_not_found(pk)
        )
        fields = {}
        for field, param in OFFICE_PARAMS.items():
            if param in data and field != "parent_id":
                fields[field] = data[param]
        if "parentId" in data:
            fields["parent"] = (
                selectors.office_for_write(
                    user=request.user, office_id=data["parentId"], param="parentId"
                )
                if data["parentId"]
                else None
            )
        office, changes = services.office_update(actor=request.user, office=office, **fields)
        return Response(
            wire.write_result(
                office.pk,
                officeId=office.pk,
                changes=api_changes(changes, request.data, OFFICE_PARAMS),
            )
        )
