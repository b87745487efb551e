"""Fineract's /clients endpoints."""

from __future__ import annotations

import datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from mteja.clients import selectors, services
from mteja.clients.api import family as family_api
from mteja.clients.api import serializers as s
from mteja.clients.api import templates
from mteja.clients.api.commands import ClientCommandEndpoint
from mteja.clients.api.parts import client_for_read, client_for_write
from mteja.clients.filtersets import ORDER_FIELDS, ClientFilterSet
from mteja.clients.models import (
    CLIENT,
    NON_PERSON,
    Client,
)
from mteja.core import wire
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import ascii_digits, page, paging_parameters, query_bool, query_int
from mteja.core.api.views import FineractAPIView, get_scoped
from mteja.core.errors import NotFound, ParameterError, ValidationFailed
from mteja.core.filtersets import openapi_parameters
from mteja.groups import services as group_services
from mteja.groups.api import references as group_references
from mteja.organisation import selectors as organisation_selectors
from mteja.organisation.models import Office

# API parameter → the service's field name, from the model's declaration; creation adds the
# activation it may carry.
API_FIELDS = {
    **{CLIENT.api_name(f.name): f.attname for f in CLIENT.editable()},
    "active": "active",
    "activationDate": "activation_date",
}
NON_PERSON_API_FIELDS = {NON_PERSON.api_name(f.name): f.attname for f in NON_PERSON.editable()}


# Parts of a new client the service reads as received (it knows their rules).
INLINE_PARTS = ("address", "identifiers", "datatables")


def to_fields(data: dict, body: dict | None = None) -> dict:
    """The service's fields of a parsed body; `body` (the raw request) gives the parts of a
    new client their dateFormat and locale."""
    fields = {API_FIELDS[key]: value for key, value in data.items() if key in API_FIELDS}
    if data.get("clientNonPersonDetails"):
        fields["non_person"] = {
            NON_PERSON_API_FIELDS[key]: value
            for key, value in data["clientNonPersonDetails"].items()
        }
    for part in INLINE_PARTS:
        if part in data:
            fields[part] = data[part]
    if data.get("familyMembers"):
        fields["family_members"] = family_api.read_inline_members(data["familyMembers"])
    if body is not None and any(data.get(part) for part in INLINE_PARTS):
        fields["date_format"] = body.get("dateFormat")
        fields["locale"] = body.get("locale")
    return fields


def api_changes(changes: dict) -> dict:
    """Fineract's `changes`: changed parameters with their new values (dates as [y, m, d]).
    Names come from the declaration; derived fields (the display name) are not echoed."""
    echoed = {}
    for field, (_, new) in changes.items():
        name = CLIENT.change_name(field)
        if name is None:
            continue
        value = new
        if CLIENT.is_date(field) and isinstance(new, str):
            value = wire.date_out(datetime.date.fromisoformat(new))
        echoed[name] = value
    return echoed


def expected_version(request, data: dict) -> int | None:
    """The version the caller saw: `version` in the body, else the If-Match header."""
    if data.get("version"):
        return data["version"]
    header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    if not header or header == "*":
        return None
    if not ascii_digits(header) or len(header) > 9:
        raise ValidationFailed(
            [
                ParameterError(
                    "validation.msg.client.version.invalid",
                    "version",
                    "If-Match must hold a version number.",
                    header,
                )
            ]
        )
    return int(header)


def write_result(client: Client, changes: dict | None = None, warnings=None) -> dict:
    body = wire.write_result(
        client.pk,
        officeId=client.office_id,
        clientId=client.pk,
        resourceExternalId=client.external_id,
        changes=api_changes(changes or {}),
    )
    if warnings:
        body["warnings"] = warnings
    return body


class ClientsView(FineractAPIView):
    entity = "CLIENT"

    @extend_schema(
        parameters=[
            *openapi_parameters(ClientFilterSet), *paging_parameters(ORDER_FIELDS),
        ],
        responses=s.ClientPageOutput,
        operation_id="listClients",
    )  # fmt: skip
    def get(self, request):
        params = request.query_params
        clients = selectors.client_listing(user=request.user, filters=params)
        searching = any((params.get(name) or "").strip() for name in ("search", "displayName"))
        if (params.get("orderBy") or searching and "relevance") == "relevance":
            # Best first unless told otherwise.
            params = params.copy()
            params["orderBy"] = "relevance"
            params.setdefault("sortOrder", "DESC")
        total, items = page(params, clients, order_fields=ORDER_FIELDS)
        return Response(
            {
                "totalFilteredRecords": total,
                "pageItems": s.ClientListItemOutput(items, many=True).data,
            }
        )

    @extend_schema(
        request=s.ClientCreateInput, responses=WriteResultSerializer, operation_id="createClient"
    )
    def post(self, request):
        data = parse_body(s.ClientCreateInput, request.data)
        office = organisation_selectors.office_for_write(
            user=request.user, office_id=data["officeId"]
        )
        fields = to_fields(data, request.data)
        if data.get("groupId"):  # the group's members (groups/services/members.py)
            group = group_references.group(request, data["groupId"], "groupId")
            outcome = group_services.client_create_in_group(
                actor=request.user, office=office, fields=fields, group=group
            )
        else:
            outcome = services.client_create(actor=request.user, office=office, fields=fields)
        body = write_result(outcome.client, warnings=outcome.warnings)
        body.pop("changes", None)
        if data.get("groupId"):
            body["groupId"] = data["groupId"]
        return Response(body)


class ClientTemplateView(FineractAPIView):
    entity = "CLIENT"

    @extend_schema(
        parameters=[
            OpenApiParameter("officeId", int),
            OpenApiParameter("staffInSelectedOfficeOnly", bool),
            OpenApiParameter(
                "commandParam",
                str,
                description="close, reject, withdraw or acceptTransfer: only the command's "
                "reasons, as `narrations`",
            ),
        ],
        responses={200: dict},
    )
    def get(self, request):
        params = request.query_params
        reasons = templates.command_template(params.get("commandParam") or "")
        if reasons is not None:
            return Response(reasons)
        office_id = query_int(params, "officeId")
        offices = Office.objects.restrict(request.user).order_by("hierarchy")
        office = offices.filter(pk=office_id).first() if office_id else request.user.office
        if office is None:
            raise organisation_selectors.office_not_found(office_id)
        only_selected = bool(query_bool(params, "staffInSelectedOfficeOnly"))
        return Response(
            templates.client_template(offices, office, selected_office_only=only_selected)
        )


class ClientDetailView(ClientCommandEndpoint, FineractAPIView):
    """One client, by id; ClientByExternalIdView reuses it with another lookup. Its POST runs
    a lifecycle command (clients/api/commands.py)."""

    entity = "CLIENT"
    seen_version = staticmethod(expected_version)
    result_body = staticmethod(write_result)

    # One client's dependents are counted by one small query when shown: cheaper than
    # compiling family.with_dependents' two correlated subqueries into the client's.
    def lookup_for_read(self, request, key):
        return get_scoped(
            selectors.client_detail_rows(),
            key,
            request.user,
            lambda: selectors.client_not_found(key),
        )

    def lookup_for_write(self, request, key):
        return client_for_write(request, key)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "template", bool, description="Lays the client template's options over it."
            ),
            OpenApiParameter(
                "staffInSelectedOfficeOnly",
                bool,
                description="With template: only the loan officers of the client's office.",
            ),
        ],
        responses=s.ClientOutput,
    )
    def get(self, request, pk):
        params = request.query_params
        with_template = query_bool(params, "template")
        only_selected = bool(query_bool(params, "staffInSelectedOfficeOnly"))
        client = self.lookup_for_read(request, pk)
        body = s.ClientOutput(client).data
        if with_template:
            offices = Office.objects.restrict(request.user).order_by("hierarchy")
            template = templates.client_template(
                offices, client.office, selected_office_only=only_selected
            )
            body = templates.with_template(body, template)
        response = Response(body)
        response["ETag"] = f'"{client.version}"'
        return response

    @extend_schema(request=s.ClientUpdateInput, responses=WriteResultSerializer)
    def put(self, request, pk):
        data = parse_body(s.ClientUpdateInput, request.data, require_one=True)
        client = self.lookup_for_write(request, pk)
        outcome = services.client_update(
            actor=request.user,
            client=client,
            fields=to_fields(data),
            expected_version=expected_version(request, data),
        )
        return Response(write_result(outcome.client, outcome.changes, outcome.warnings))

    @extend_schema(responses=WriteResultSerializer)
    def delete(self, request, pk):
        client = self.lookup_for_write(request, pk)
        services.client_delete(
            actor=request.user, client=client, expected_version=expected_version(request, {})
        )
        return Response(wire.write_result(client.pk, officeId=client.office_id, clientId=client.pk))


class ClientByExternalIdView(ClientDetailView):
    def _pk(self, request, external_id):
        pk = Client.objects.filter(external_id=external_id).values_list("pk", flat=True).first()
        if pk is None:
            raise selectors.client_external_id_not_found(external_id)
        return pk

    def lookup_for_read(self, request, key):
        # Out of scope answers as unknown, naming the external id asked for (not the row id).
        return get_scoped(
            selectors.client_detail_rows(),
            self._pk(request, key),
            request.user,
            lambda: selectors.client_external_id_not_found(key),
        )

    def lookup_for_write(self, request, key):
        # As for a read: out of scope is unknown, named by the external id (not the row id).
        try:
            return super().lookup_for_write(request, self._pk(request, key))
        except NotFound:
            raise selectors.client_external_id_not_found(key) from None


class TransferProposalDateView(FineractAPIView):
    entity = "CLIENT"

    @extend_schema(responses={200: {"type": "array", "items": {"type": "integer"}}, 204: None})
    def get(self, request, pk):
        client = client_for_read(request, pk)
        if client.proposed_transfer_date is None:
            return Response(status=204)
        return Response(wire.date_out(client.proposed_transfer_date))


class TransferProposalDateByExternalIdView(TransferProposalDateView):
    @extend_schema(responses={200: {"type": "array", "items": {"type": "integer"}}, 204: None})
    def get(self, request, pk):
        client_pk = ClientByExternalIdView()._pk(request, pk)
        return super().get(request, client_pk)


class ClientHistoryView(FineractAPIView):
    # One of a client's histories: the rows `history(client)` answers, shown by `output`.
    # (A comment: a docstring would be the operation's description in the OpenAPI schema.)
    entity = "CLIENT"
    output: type
    history: staticmethod

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)

        def get(self, request, pk):
            client = client_for_read(request, pk)
            return Response(self.output(self.history(client), many=True).data)

        cls.get = extend_schema(responses=cls.output(many=True))(get)


class ClientTransfersView(ClientHistoryView):
    output, history = s.TransferOutput, staticmethod(selectors.client_transfers)


class ClientStaffHistoryView(ClientHistoryView):
    output, history = s.StaffAssignmentOutput, staticmethod(selectors.client_staff_history)
