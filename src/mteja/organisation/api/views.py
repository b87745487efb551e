"""Offices, staff and code lists over Fineract's API, declared on core/api/generic.py."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from mteja.core import wire
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.generic import (
    ObjectDetailAPIView,
    ObjectListAPIView,
    echo_changes,
    fetch,
    service_fields,
)
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
from mteja.organisation.filtersets import OfficeFilterSet, StaffFilterSet
from mteja.organisation.models import Code, CodeValue, Office, Staff


def _office_resolver(request, param: str = "officeId"):
    return lambda office_id: selectors.office_for_write(
        user=request.user, office_id=office_id, param=param
    )


class OfficeAPIView:
    entity = "OFFICE"
    queryset = Office.objects.select_related("parent").order_by("hierarchy", "id")
    input, output = OfficeInput, OfficeOutput
    not_found = staticmethod(selectors.office_not_found)


class OfficeListView(OfficeAPIView, ObjectListAPIView):
    filterset = OfficeFilterSet

    def create(self, request, data: dict) -> dict:
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
        fields = service_fields(Office, data, {"parentId": _office_resolver(request, "parentId")})
        office = services.office_create(actor=request.user, **fields)
        return wire.write_result(
            office.pk, officeId=office.pk, resourceExternalId=office.external_id
        )


class OfficeTemplateView(OfficeAPIView, ObjectListAPIView):
    @extend_schema(responses=OfficeTemplateOutput)
    def get(self, request):
        offices = self.list_queryset(request)
        return Response({"allowedParents": self.serialize(request, offices, many=True)})


class OfficeDetailView(OfficeAPIView, ObjectDetailAPIView):
    def update(self, request, office: Office, data: dict) -> dict:
        fields = service_fields(Office, data, {"parentId": _office_resolver(request, "parentId")})
        office, changes = services.office_update(actor=request.user, office=office, **fields)
        changes = echo_changes(Office, changes, request.data)
        return wire.write_result(office.pk, officeId=office.pk, changes=changes)


# --- Staff ---------------------------------------------------------------------------------


class StaffAPIView:
    entity = "STAFF"
    queryset = Staff.objects.select_related("office").order_by("display_name", "id")
    input, output = StaffInput, StaffOutput
    not_found = staticmethod(selectors.staff_not_found)


class StaffListView(StaffAPIView, ObjectListAPIView):
    filterset = StaffFilterSet

    def create(self, request, data: dict) -> dict:
        fields = service_fields(Staff, data, {"officeId": _office_resolver(request)})
        staff = services.staff_create(actor=request.user, **fields)
        return wire.write_result(
            staff.pk, officeId=staff.office_id, resourceExternalId=staff.external_id
        )


class StaffDetailView(StaffAPIView, ObjectDetailAPIView):
    def update(self, request, staff: Staff, data: dict) -> dict:
        fields = service_fields(Staff, data, {"officeId": _office_resolver(request)})
        staff, changes = services.staff_update(actor=request.user, staff=staff, **fields)
        changes = echo_changes(Staff, changes, request.data)
        return wire.write_result(staff.pk, officeId=staff.office_id, changes=changes)


# --- Code lists ----------------------------------------------------------------------------


class CodeAPIView:
    entity = "CODE"
    queryset = Code.objects.order_by("name", "id")
    input, output = CodeInput, CodeOutput
    not_found = staticmethod(selectors.code_not_found)


class CodeListView(CodeAPIView, ObjectListAPIView):
    def create(self, request, data: dict) -> dict:
        return wire.write_result(services.code_create(actor=request.user, name=data["name"]).pk)


class CodeDetailView(CodeAPIView, ObjectDetailAPIView):
    def update(self, request, code: Code, data: dict) -> dict:
        code, changes = services.code_update(actor=request.user, code=code, name=data["name"])
        return wire.write_result(code.pk, changes=echo_changes(Code, changes, request.data))

    @extend_schema(responses=WriteResultSerializer)
    def delete(self, request, pk: int):
        services.code_delete(actor=request.user, code=self.get_object(request, pk, write=True))
        return Response(wire.write_result(pk))


class CodeValueAPIView:
    """A value as the URL names it: the code must exist, and the value must be one of its own."""

    entity = "CODEVALUE"
    input, output = CodeValueInput, CodeValueOutput
    write_result = CodeValueWriteResult
    not_found = staticmethod(selectors.code_value_not_found)

    def get_code(self, request, code_pk: int, *, write: bool = False) -> Code:
        return fetch(Code.objects, code_pk, request.user, selectors.code_not_found, write=write)

    def get_queryset(self, request, *, write: bool = False, code_pk: int):
        code = self.get_code(request, code_pk, write=write)
        return CodeValue.objects.filter(code=code).select_related("code").order_by("position", "id")


class CodeValueListView(CodeValueAPIView, ObjectListAPIView):
    def create(self, request, data: dict, code_pk: int) -> dict:
        code = self.get_code(request, code_pk, write=True)
        fields = service_fields(CodeValue, data)
        value = services.code_value_create(actor=request.user, code=code, **fields)
        return wire.write_result(code.pk, subResourceId=value.pk)


class CodeValueDetailView(CodeValueAPIView, ObjectDetailAPIView):
    def update(self, request, value: CodeValue, data: dict) -> dict:
        fields = service_fields(CodeValue, data)
        value, changes = services.code_value_update(actor=request.user, code_value=value, **fields)
        return wire.write_result(value.pk, changes=echo_changes(CodeValue, changes, request.data))

    @extend_schema(responses=CodeValueWriteResult)
    def delete(self, request, code_pk: int, pk: int):
        value = self.get_object(request, pk, write=True, code_pk=code_pk)
        services.code_value_delete(actor=request.user, code_value=value)
        return Response(wire.write_result(code_pk, subResourceId=pk))
