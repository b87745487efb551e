"""/groups and /centers over Fineract's API, declared on core/api/generic.py. Both kinds share
one set of views; each kind's class names its model, bodies and member list."""

from __future__ import annotations

import functools

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from mteja.clients.api.serializers import ClientListItemOutput
from mteja.clients.selectors import client_rows
from mteja.core import clock, wire
from mteja.core.api.errors import UnsupportedParameters
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.generic import ObjectDetailAPIView, ObjectListAPIView, echo_changes
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import query_bool
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.groups import selectors, services
from mteja.groups.api import listing, references
from mteja.groups.api import serializers as s
from mteja.groups.api.templates import template_data
from mteja.groups.commands import CENTER_COMMANDS, GROUP_COMMANDS
from mteja.groups.models import Center, Group


def documented(**schema):
    """extend_schema on a wrapper of its own: groups and centers share their views' methods,
    and each kind's schema must not overwrite the other's."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            return method(self, *args, **kwargs)

        return extend_schema(**schema)(wrapper)

    return decorate


class GroupKind:
    entity = "GROUP"
    model = Group
    queryset = selectors.group_rows()
    output = s.GroupOutput
    not_found = staticmethod(selectors.group_not_found)
    commands = GROUP_COMMANDS
    members = "clientMembers"


class CenterKind:
    entity = "CENTER"
    model = Center
    queryset = selectors.center_rows()
    output = s.CenterOutput
    not_found = staticmethod(selectors.center_not_found)
    commands = CENTER_COMMANDS
    members = "groupMembers"


def write_result(record, changes: dict | None = None) -> dict:
    return wire.write_result(
        record.pk,
        officeId=record.office_id,
        groupId=record.pk,
        resourceExternalId=record.external_id,
        changes=changes or None,
    )


def _references(request, data: dict) -> dict:
    """The body's references as the services' keywords (each fetched in the user's scope)."""
    fields = {}
    if "officeId" in data:
        fields["office"] = references.office(request, data["officeId"])
    if "staffId" in data:
        fields["staff"] = references.staff(request, data["staffId"])
    return fields


_PLAIN = {
    "name": "name", "externalId": "external_id", "submittedOnDate": "submitted_on",
    "activationDate": "activation_date", "meetingDay": "meeting_day",
    "meetingTime": "meeting_time",
}  # fmt: skip


def _plain(data: dict) -> dict:
    return {field: data[param] for param, field in _PLAIN.items() if param in data}


# --- lists and creation ---------------------------------------------------------------------


class ListView(ObjectListAPIView):
    def get(self, request):
        rows = listing.filtered(
            request.query_params, self.list_queryset(request), groups=self.model is Group
        )  # noqa: E501
        return Response(listing.answer(request.query_params, rows, self.output))

    def create(self, request, data: dict) -> dict:
        fields = {**_plain(data), **_references(request, data), "active": data.get("active", False)}
        if self.model is Group:
            fields["center"] = references.center(request, data.get("centerId"))
            fields["clients"] = references.clients(request, data.get("clientMembers"))
            record = services.group_create(actor=request.user, **fields)
        else:
            fields["groups"] = references.groups(request, data.get("groupMembers"))
            record = services.center_create(actor=request.user, **fields)
        return write_result(record)


class GroupListView(GroupKind, ListView):
    input = s.GroupCreateInput
    get = documented(
        parameters=listing.parameters(groups=True),
        responses=listing.either("GroupList", s.GroupOutput, s.GroupPageOutput),
        operation_id="listGroups",
    )(ListView.get)


class CenterListView(CenterKind, ListView):
    input = s.CenterCreateInput
    get = documented(
        parameters=listing.parameters(groups=False),
        responses=listing.either("CenterList", s.CenterOutput, s.CenterPageOutput),
        operation_id="listCenters",
    )(ListView.get)


class TemplateView(ObjectListAPIView):
    def get(self, request):
        return Response(template_data(request, self.model))


_TEMPLATE_PARAMS = [
    OpenApiParameter("officeId", int), OpenApiParameter("centerId", int),
    OpenApiParameter("staffInSelectedOfficeOnly", bool), OpenApiParameter("command", str),
]  # fmt: skip


class GroupTemplateView(GroupKind, TemplateView):
    get = documented(parameters=_TEMPLATE_PARAMS, responses={200: dict})(TemplateView.get)


class CenterTemplateView(CenterKind, TemplateView):
    get = documented(parameters=_TEMPLATE_PARAMS, responses={200: dict})(TemplateView.get)


# --- one record: read, change, delete, commands -------------------------------------------


def _wants(request, name: str) -> bool:
    asked = {a.strip().lower() for a in request.query_params.get("associations", "").split(",")}
    return "all" in asked or name.lower() in asked


class DetailView(ObjectDetailAPIView):
    center_as_group = False  # a center's id named by /groups/{id}

    def get(self, request, pk):
        record = self.get_object(request, pk)
        body = self.serialize(request, record)
        if self.model is Group and _wants(request, "clientMembers"):
            members = client_rows().filter(pk__in=selectors.member_client_ids(record))
            body["clientMembers"] = ClientListItemOutput(members.order_by("id"), many=True).data
            body["groupRoles"] = []
            past = selectors.group_stays(record).filter(left_on__isnull=False)
            body["pastClientMembers"] = s.PastMemberOutput(past, many=True).data
        if self.model is Center and _wants(request, "groupMembers"):
            groups = selectors.group_rows().filter(center=record).order_by("id")
            body["groupMembers"] = s.GroupOutput(groups, many=True).data
        if query_bool(request.query_params, "template"):
            body.update(template_data(request, self.model, office=record.office))
        return Response(body)

    def update(self, request, record, data: dict) -> dict:
        fields = {**_plain(data), **_references(request, data)}
        keyword = "group" if self.model is Group else "center"
        update = services.group_update if self.model is Group else services.center_update
        record, changes = update(
            actor=request.user, expected_version=data.get("version"), **{keyword: record}, **fields
        )
        return write_result(record, echo_changes(self.model, changes, request.data))

    def delete(self, request, pk):
        record = self.get_object(request, pk, write=True)
        if self.model is Group:
            services.group_delete(actor=request.user, group=record)
        else:
            services.center_delete(actor=request.user, center=record)
        return Response(wire.write_result(pk, officeId=record.office_id, groupId=pk))

    @staticmethod
    def command_named_in(commands: dict, raw: str) -> str | None:
        return next((name for name in commands if name.lower() == raw.lower()), None)

    def command_named(self, raw: str) -> str | None:
        return self.command_named_in(self.commands, raw)

    def required_permission(self, request) -> str:
        if request.method == "POST":
            name = self.command_named(request.query_params.get("command", ""))
            action = self.commands[name] if name else "UPDATE"
            return f"{action}_{self.entity}"
        return super().required_permission(request)

    def post(self, request, pk):
        raw = request.query_params.get("command", "")
        name = self.command_named(raw)
        if name is None and self.center_as_group and self.command_named_in(GROUP_COMMANDS, raw):
            # A group's command sent to /groups/{id} where the id is a center's: no group
            # has that id (Fineract would run it on the center, holding clients there).
            raise selectors.group_not_found(pk)
        if name is None:
            raise ValidationFailed(
                [
                    ParameterError(
                        "error.msg.query.parameter.value.unsupported",
                        "command",
                        f"Unrecognised command `{raw}`: one of {', '.join(self.commands)}.",
                        raw,
                    )
                ]
            )
        data = parse_body(s.CommandInput, request.data)
        extra = sorted(set(data) - s.COMMAND_KEYS[name])
        if extra:
            raise UnsupportedParameters(extra)
        record = self.get_object(request, pk, write=True)
        changes = run_command(request, name, record, data)
        return Response(write_result(record, changes))


def run_command(request, name: str, record, data: dict) -> dict:
    """One command on `record`; returns its `changes` as Fineract echoes them."""
    actor = request.user
    if name == "activate":
        day = data.get("activationDate") or clock.today()
        services.activate(actor=actor, record=record, activation_date=day)
        return {"activationDate": request.data.get("activationDate"), "status": "active"}
    if name == "close":
        reason = references.closure_reason(data.get("closureReasonId"))
        services.close(
            actor=actor, record=record, closure_date=data.get("closureDate"), closure_reason=reason
        )
        return {"closureDate": request.data.get("closureDate"), "status": "closed"}
    if name in ("assignStaff", "unassignStaff"):
        staff = references.staff(request, data.get("staffId"))
        service = services.assign_staff if name == "assignStaff" else services.unassign_staff
        service(actor=actor, record=record, staff=staff)
        return {"staffId": staff.pk if name == "assignStaff" and staff else None}
    if name in ("associateClients", "disassociateClients"):
        clients = references.clients(request, data.get("clientMembers"))
        service = (
            services.clients_associate if name == "associateClients"
            else services.clients_disassociate
        )  # fmt: skip
        return {"clientMembers": service(actor=actor, group=record, clients=clients)}
    if name == "transferClients":
        destination = references.group(
            request, data.get("destinationGroupId"), "destinationGroupId"
        )
        ids = [item.get("id") for item in data.get("clients") or []]
        clients = references.clients(request, ids, "clients")
        moved = services.clients_transfer(
            actor=actor, group=record, destination=destination, clients=clients
        )
        return {"clients": moved, "destinationGroupId": destination.pk}
    groups = references.groups(request, data.get("groupMembers"))
    service = (
        services.groups_associate if name == "associateGroups" else services.groups_disassociate
    )
    return {"groupMembers": service(actor=actor, center=record, groups=groups)}


_COMMAND_SCHEMA = {"request": s.CommandInput, "responses": WriteResultSerializer}


class GroupDetailView(GroupKind, DetailView):
    """/groups/{id}, which in Fineract may also name a center (one table holds both: the
    Mifos X web-app edits a center and assigns its officer through /groups/{id}). Centers
    and groups share one id sequence, so an id that is a center's is served as /centers/{id}
    serves it, with the center's permission codes."""

    input = s.GroupUpdateInput

    def initial(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if not Group.objects.filter(pk=pk).exists() and Center.objects.filter(pk=pk).exists():
            for name in ("entity", "model", "queryset", "output", "not_found", "commands"):
                setattr(self, name, getattr(CenterKind, name))
            self.input = s.CenterUpdateInput
            self.center_as_group = True
        super().initial(request, *args, **kwargs)

    get = documented(
        parameters=[OpenApiParameter("associations", str), OpenApiParameter("template", bool)],
        responses=s.GroupOutput,
    )(DetailView.get)
    delete = documented(responses=WriteResultSerializer)(DetailView.delete)
    post = documented(
        parameters=[OpenApiParameter("command", str, required=True, enum=list(GROUP_COMMANDS))],
        operation_id="groupCommand",
        **_COMMAND_SCHEMA,
    )(DetailView.post)


class CenterDetailView(CenterKind, DetailView):
    input = s.CenterUpdateInput
    get = documented(
        parameters=[OpenApiParameter("associations", str), OpenApiParameter("template", bool)],
        responses=s.CenterOutput,
    )(DetailView.get)
    delete = documented(responses=WriteResultSerializer)(DetailView.delete)
    post = documented(
        parameters=[OpenApiParameter("command", str, required=True, enum=list(CENTER_COMMANDS))],
        operation_id="centerCommand",
        **_COMMAND_SCHEMA,
    )(DetailView.post)
