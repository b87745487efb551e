from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from mteja.core import wire
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import query_bool, query_choice, query_int
from mteja.core.api.views import FineractAPIView, get_for_write, get_scoped
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.organisation import selectors, services
from mteja.organisation.api.serializers import (
    CodeInput,
    CodeOutput,
    CodeValueInput,
    CodeValueOutput,
    CodeValueWriteResult,
    OfficeInput,
    OfficeOutput,
    OfficeTemplateOutput,
    StaffInput,
    StaffOutput,
)
from mteja.organisation.models import Code, CodeValue, Office, Staff

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


# --- Staff ---------------------------------------------------------------------------------

STAFF_PARAMS = {
    "office_id": "officeId",
    "firstname": "firstname",
    "lastname": "lastname",
    "is_loan_officer": "isLoanOfficer",
    "is_active": "isActive",
    "joining_date": "joiningDate",
    "mobile_no": "mobileNo",
    "external_id": "externalId",
}
STAFF_STATUS_CHOICES = {status: status for status in selectors.STAFF_STATUSES}


class StaffListView(FineractAPIView):
    entity = "STAFF"

    @extend_schema(
        parameters=[
            OpenApiParameter("officeId", int, description="Only staff of this office."),
            OpenApiParameter(
                "status",
                str,
                enum=list(selectors.STAFF_STATUSES),
                description="Which staff by state; active unless given.",
            ),
            OpenApiParameter("loanOfficersOnly", bool),
        ],
        responses=StaffOutput(many=True),
    )
    def get(self, request):
        params = request.query_params
        staff = selectors.staff_list(
            user=request.user,
            office_id=query_int(params, "officeId", minimum=1),
            status=query_choice(params, "status", STAFF_STATUS_CHOICES) or "active",
            loan_officers_only=bool(query_bool(params, "loanOfficersOnly")),
        )
        return Response(StaffOutput(staff, many=True).data)

    @extend_schema(request=StaffInput, responses=WriteResultSerializer)
    def post(self, request):
        data = parse_body(StaffInput, request.data)
        office = selectors.office_for_write(user=request.user, office_id=data["officeId"])
        staff = services.staff_create(
            actor=request.user,
            office=office,
            firstname=data["firstname"],
            lastname=data["lastname"],
            is_loan_officer=data.get("isLoanOfficer", False),
            is_active=data.get("isActive", True),
            joining_date=data.get("joiningDate"),
            mobile_no=data.get("mobileNo") or "",
            external_id=data.get("externalId"),
        )
        return Response(
            wire.write_result(
                staff.pk, officeId=staff.office_id, resourceExternalId=staff.external_id
            )
        )


class StaffDetailView(FineractAPIView):
    entity = "STAFF"

    @extend_schema(responses=StaffOutput)
    def get(self, request, pk: int):
        staff = get_scoped(
            Staff.objects.select_related("office"),
            pk,
            request.user,
            lambda: selectors.staff_not_found(pk),
        )
        return Response(StaffOutput(staff).data)

    @extend_schema(request=StaffInput, responses=WriteResultSerializer)
    def put(self, request, pk: int):
        data = parse_body(StaffInput, request.data, partial=True, require_one=True)
        staff = get_for_write(
            Staff.objects, pk, request.user, lambda: selectors.staff_not_found(pk)
        )
        fields = {
            field: data[param]
            for field, param in STAFF_PARAMS.items()
            if param in data and field != "office_id"
        }
        if "officeId" in data:
            fields["office"] = selectors.office_for_write(
                user=request.user, office_id=data["officeId"]
            )
        staff, changes = services.staff_update(actor=request.user, staff=staff, **fields)
        return Response(
            wire.write_result(
                staff.pk,
                officeId=staff.office_id,
                changes=api_changes(changes, request.data, STAFF_PARAMS),
            )
        )


# --- Code lists ----------------------------------------------------------------------------

CODE_VALUE_PARAMS = {
    "name": "name",
    "description": "description",
    "position": "position",
    "is_active": "isActive",
}


def _code(request, pk: int, *, write: bool = False) -> Code:
    lookup = get_for_write if write else get_scoped
    return lookup(Code.objects, pk, request.user, lambda: selectors.code_not_found(pk))


def _code_value(request, code_pk: int, pk: int, *, write: bool = False) -> CodeValue:
    """A value as the URL names it: the code must exist, and the value must be one of its own."""
    code = _code(request, code_pk, write=write)
    lookup = get_for_write if write else get_scoped
    return lookup(
        CodeValue.objects.filter(code=code).select_related("code"),
        pk,
        request.user,
        lambda: selectors.code_value_not_found(pk),
    )


class CodeListView(FineractAPIView):
    entity = "CODE"

    @extend_schema(responses=CodeOutput(many=True))
    def get(self, request):
        return Response(CodeOutput(selectors.code_list(user=request.user), many=True).data)

    @extend_schema(request=CodeInput, responses=WriteResultSerializer)
    def post(self, request):
        data = parse_body(CodeInput, request.data)
        code = services.code_create(actor=request.user, name=data["name"])
        return Response(wire.write_result(code.pk))


class CodeDetailView(FineractAPIView):
    entity = "CODE"

    @extend_schema(responses=CodeOutput)
    def get(self, request, pk: int):
        return Response(CodeOutput(_code(request, pk)).data)

    @extend_schema(request=CodeInput, responses=WriteResultSerializer)
    def put(self, request, pk: int):
        data = parse_body(CodeInput, request.data, partial=True, require_one=True)
        code, changes = services.code_update(
            actor=request.user, code=_code(request, pk, write=True), name=data["name"]
        )
        return Response(wire.write_result(code.pk, changes=api_changes(changes, request.data, {})))

    @extend_schema(responses=WriteResultSerializer)
    def delete(self, request, pk: int):
        services.code_delete(actor=request.user, code=_code(request, pk, write=True))
        return Response(wire.write_result(pk))


class CodeValueListView(FineractAPIView):
    entity = "CODEVALUE"

    @extend_schema(responses=CodeValueOutput(many=True))
    def get(self, request, code_pk: int):
        code = _code(request, code_pk)
        return Response(
            CodeValueOutput(selectors.code_value_list(user=request.user, code=code), many=True).data
        )

    @extend_schema(request=CodeValueInput, responses=CodeValueWriteResult)
    def post(self, request, code_pk: int):
        data = parse_body(CodeValueInput, request.data)
        code = _code(request, code_pk, write=True)
        value = services.code_value_create(
            actor=request.user,
            code=code,
            name=data["name"],
            description=data.get("description") or "",
            position=data.get("position") or 0,
            is_active=data.get("isActive", True),
        )
        return Response(wire.write_result(code.pk, subResourceId=value.pk))


class CodeValueDetailView(FineractAPIView):
    entity = "CODEVALUE"

    @extend_schema(responses=CodeValueOutput)
    def get(self, request, code_pk: int, pk: int):
        return Response(CodeValueOutput(_code_value(request, code_pk, pk)).data)

    @extend_schema(request=CodeValueInput, responses=CodeValueWriteResult)
    def put(self, request, code_pk: int, pk: int):
        data = parse_body(CodeValueInput, request.data, partial=True, require_one=True)
        value = _code_value(request, code_pk, pk, write=True)
        fields = {field: data[param] for field, param in CODE_VALUE_PARAMS.items() if param in data}
        value, changes = services.code_value_update(actor=request.user, code_value=value, **fields)
        return Response(
            wire.write_result(
                value.pk, changes=api_changes(changes, request.data, CODE_VALUE_PARAMS)
            )
        )

    @extend_schema(responses=CodeValueWriteResult)
    def delete(self, request, code_pk: int, pk: int):
        value = _code_value(request, code_pk, pk, write=True)
        services.code_value_delete(actor=request.user, code_value=value)
        return Response(wire.write_result(code_pk, subResourceId=pk))
