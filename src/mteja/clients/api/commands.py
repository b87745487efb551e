"""`POST /clients/{id}?command=…`: the body and the dispatch of every lifecycle command, derived
from the registry (clients/lifecycle.py). A command's body has its inputs under their API names;
they reach its service under the registry's keyword names (`Param.kwarg`)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients import lifecycle
from mteja.core.api.fields import (
    IdField,
    RequestDateField,
    StrictCharField,
    WriteResultSerializer,
)
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.errors import NotFound, ParameterError, ValidationFailed
from mteja.organisation.models import Office


class CommandInput(InputSerializer):
    """What every command's body may carry."""

    resource = "client"
    version = serializers.IntegerField(required=False, min_value=1)
    note = StrictCharField(max_length=1000, required=False, allow_null=True, allow_blank=True)


def _id():
    return IdField(required=False, allow_null=True)


# The body field of each kind of input (the service checks presence: its own messages).
_FIELDS = {
    lifecycle.Day: lambda: RequestDateField(required=False, allow_null=True),
    lifecycle.Reason: _id,
    lifecycle.Officer: _id,
    lifecycle.CurrentOfficer: _id,
    lifecycle.Destination: _id,
    lifecycle.NoGroup: _id,
}


def input_class(command: lifecycle.Command) -> type[CommandInput]:
    fields = {p.api: _FIELDS[type(p)]() for p in command.params if type(p) in _FIELDS}
    name = command.name[0].upper() + command.name[1:]
    return type(f"{name}Input", (CommandInput,), fields)


INPUTS = {key: input_class(command) for key, command in lifecycle.COMMANDS.items()}


def _destination(office_id) -> Office | None:
    """The office a transfer goes to: it must exist (404), but need not be in the user's
    scope — a branch proposes transfers to its sister branches. The service decides who may
    complete a transfer (propose-and-accept needs both offices in scope)."""
    if not office_id:
        return None
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        raise NotFound(
            "error.msg.office.id.invalid",
            f"Office with identifier {office_id} does not exist",
            param="destinationOfficeId",
            value=office_id,
        )
    return office


def _value(param: lifecycle.Param, data: dict):
    if isinstance(param, lifecycle.Destination):
        return _destination(data.get(param.api))
    if isinstance(param, lifecycle.Note):
        return data.get(param.api) or ""
    return data.get(param.api)


def service_values(command: lifecycle.Command, data: dict) -> dict:
    """The parsed body as the service's keyword arguments."""
    return {p.kwarg: _value(p, data) for p in command.params if p.kwarg}


def unsupported_command(value) -> ValidationFailed:
    return ValidationFailed(
        [
            ParameterError(
                "error.msg.query.parameter.value.unsupported",
                "command",
                f"Unrecognised command `{value}`: one of "
                + ", ".join(c.name for c in lifecycle.COMMANDS.values())
                + ".",
                value,
            )
        ]
    )


class ClientCommandEndpoint:
    """The POST of a client's view: the lifecycle command named by `?command=`. The view
    supplies `lookup_for_write(request, key)`, `seen_version(request, data)` (the version the
    caller saw) and `result_body(client, changes)`."""

    def required_permission(self, request) -> str:
        if request.method == "POST":
            command = lifecycle.command_named(request.query_params.get("command", ""))
            # An unknown command is refused after the permission check (400 in `post`).
            return command.permission if command else "UPDATE_CLIENT"
        return super().required_permission(request)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "command", str, required=True, enum=[c.name for c in lifecycle.COMMANDS.values()]
            )
        ],
        request=INPUTS["proposeandaccepttransfer"],
        responses=WriteResultSerializer,
    )
    def post(self, request, pk):
        raw = request.query_params.get("command", "")
        command = lifecycle.command_named(raw)
        if command is None:
            raise unsupported_command(raw)
        data = parse_body(INPUTS[command.name.lower()], request.data if request.data else {})
        client = self.lookup_for_write(request, pk)
        changes = command.run(
            actor=request.user,
            client=client,
            expected_version=self.seen_version(request, data),
            values=service_values(command, data),
        )
        client.refresh_from_db()
        return Response(self.result_body(client, changes))
