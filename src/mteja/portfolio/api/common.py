"""What the portfolio's endpoints share: scoped look-ups and the `?command=` dispatch."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from mteja.clients import selectors as client_selectors
from mteja.clients.models import Client
from mteja.core import wire, writes
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.generic import fetch
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import query_bool
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import NotFound, ParameterError, ValidationFailed
from mteja.organisation.models import Staff
from mteja.portfolio.api.inputs import command_input, officer_input
from mteja.portfolio.services import commands, officers


def client_of(request, pk: int) -> Client:
    """The client a body names: 404 when absent or another branch's."""
    return fetch(
        Client.objects.select_related("office"), pk, request.user, client_selectors.client_not_found
    )


def product_of(model, pk: int, not_found):
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise not_found(pk)
    return row


def officer_of(pk: int | None, client: Client, param: str) -> Staff | None:
    """A staff member of the client's office or an office above it (Fineract's rule)."""
    if not pk:
        return None
    staff = Staff.objects.select_related("office").filter(pk=pk).first()
    if staff is None or not client.office.hierarchy.startswith(staff.office.hierarchy):
        raise NotFound("error.msg.staff.id.invalid", "The staff member does not exist.",
                       param=param, value=pk)  # fmt: skip
    return staff


# Mteja records money that moves at the counter: its one payment type is cash. Fineract's
# screens require a payment type on every deposit, withdrawal and repayment.
CASH = {"id": 1, "name": "Cash", "description": "", "isCashPayment": True, "position": 1}
PAYMENT_TYPE_OPTIONS = [CASH]


def payment_type_not_found(pk) -> NotFound:
    """Fineract's PaymentTypeNotFoundException."""
    message = _("The payment type %(id)s does not exist.") % {"id": pk}
    return NotFound("error.msg.payment.type.invalid", message, param="paymentTypeId", value=pk)


def check_payment_type(data: dict) -> None:
    """A body's `paymentTypeId`, when given, names a payment type Mteja offers (404 if not,
    as Fineract answers an unknown one); a transaction's `externalId` is not kept (400)."""
    if data.get("externalId"):
        message = _("A transaction keeps no external id.")
        raise ValidationFailed([ParameterError(
            "validation.msg.transaction.externalId.not.supported", "externalId", message,
            data["externalId"])])  # fmt: skip
    pk = data.get("paymentTypeId")
    if pk is not None and pk != CASH["id"]:
        raise payment_type_not_found(pk)


# `GET /<accounts>/{id}?template=true`: the account with the officers it may have.
TEMPLATE_PARAMETERS = [
    OpenApiParameter("template", bool, description="Adds the officers the account may have."),
    OpenApiParameter(
        "staffInSelectedOfficeOnly", bool, description="Only the client's office's officers."
    ),
]


def own_office_only(request) -> bool:
    return bool(query_bool(request.query_params, "staffInSelectedOfficeOnly"))


def wants_template(request) -> bool:
    return bool(query_bool(request.query_params, "template"))


def unsupported_command(value, names) -> ValidationFailed:
    return ValidationFailed(
        [
            ParameterError(
                "error.msg.query.parameter.value.unsupported",
                "command",
                f"Unrecognised command `{value}`: one of {', '.join(names)}.",
                value,
            )
        ]
    )


def command_parameter(names) -> OpenApiParameter:
    return OpenApiParameter("command", str, required=True, enum=list(names))


class AccountCommandView(FineractAPIView):
    """`POST /<accounts>/{id}?command=…`: a command of the registry (services/commands.py)."""

    commands: dict = {}
    officer_commands: dict = {}  # services/officers.py
    resource = ""

    def _command(self, request):
        raw = request.query_params.get("command")
        return commands.command_named(self.officer_commands, raw) or commands.command_named(
            self.commands, raw
        )

    def required_permission(self, request) -> str:
        if request.method == "POST":
            command = self._command(request)
            return f"{command.action if command else 'UPDATE'}_{self.entity}"
        return super().required_permission(request)

    def account_for_write(self, request, pk):
        raise NotImplementedError

    def command_post(self, request, pk):
        raw = request.query_params.get("command", "")
        officer_command = commands.command_named(self.officer_commands, raw)
        if officer_command is not None:
            return self.officer_post(request, pk, officer_command)
        command = commands.command_named(self.commands, raw)
        if command is None:
            raise unsupported_command(raw, [*self.commands, *self.officer_commands])
        body_class = command_input(command.date_param, command.flags, self.resource,
                                   pays=command.pays, accepted=command.accepted,
                                   same_as=command.same_as, name=command.name)  # fmt: skip
        data = parse_body(body_class, request.data or {})
        check_payment_type(data)
        account = self.account_for_write(request, pk)
        commands.check_unchanged(command, account, data)
        changes = commands.run(
            command,
            actor=request.user,
            account=account,
            day=data.get(command.date_param) if command.date_param else None,
            expected_version=data.get("version"),
            **{flag: data[flag] for flag in command.flags if flag in data},
        )
        account.refresh_from_db()
        return Response(self.result(account, command, changes, request.data))

    def officer_post(self, request, pk, command):
        data = parse_body(officer_input(command, self.resource), request.data or {})
        account = self.account_for_write(request, pk)
        officer = None
        if command.assigns:
            officer = officer_of(data.get(command.to_param), account.client, command.to_param)
            if officer is None:
                raise ValidationFailed([ParameterError(
                    f"validation.msg.{self.resource}.{command.to_param}.cannot.be.blank",
                    command.to_param, _("The officer is required."))])  # fmt: skip
        officers.officer_change(
            command,
            actor=request.user,
            account=account,
            officer=officer,
            believed_officer_id=data.get(command.from_param) if command.from_param else None,
            day=data.get(command.date_param),
            expected_version=data.get("version"),
        )
        echoed = {writes.declaration(account).api_name(command.field): getattr(officer, "pk", None)}
        if command.date_param in request.data:
            echoed[command.date_param] = request.data[command.date_param]
        return Response(wire.write_result(
            account.pk, officeId=account.client.office_id, clientId=account.client_id,
            changes=echoed, **{self.id_key: account.pk}))  # fmt: skip

    def result(self, account, command, changes, body) -> dict:
        echoed = {"status": account.status}
        if command.date_param and command.date_param in body:
            echoed[command.date_param] = body[command.date_param]
        if command.undoes:  # Fineract's answer names the date cleared, blank
            undone = [c.date_param for c in self.commands.values()
                      if c.date_field == command.date_field and c.date_param]  # fmt: skip
            echoed.update(dict.fromkeys(undone, ""))
        return {
            "officeId": account.client.office_id,
            "clientId": account.client_id,
            "resourceId": account.pk,
            self.id_key: account.pk,
            "changes": echoed,
        }


def command_schema(names, operation_id: str):
    return extend_schema(
        operation_id=operation_id,
        parameters=[command_parameter(names)],
        request=OpenApiTypes.OBJECT,
        responses=WriteResultSerializer,
    )
