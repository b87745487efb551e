import base64
import functools

from django.contrib.auth.signals import user_logged_in
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from mteja.core import wire
from mteja.core.api.authentication import LockedOut, authenticate_user
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.generic import (
    ObjectDetailAPIView,
    ObjectListAPIView,
    echo_changes,
    service_fields,
)
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import int_parameter, query_int
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.organisation import selectors as organisation_selectors
from mteja.organisation.models import Staff
from mteja.users import selectors, services
from mteja.users.api.serializers import (
    AuthenticationInput,
    AuthenticationOutput,
    OfficeOptionOutput,
    PermissionOutput,
    RoleInput,
    RoleOutput,
    RolePermissionsInput,
    RolePermissionsOutput,
    RolePermissionsResultOutput,
    StaffRefOutput,
    UserInput,
    UserOutput,
    UserTemplateOutput,
)
from mteja.users.filtersets import RoleFilterSet, UserFilterSet
from mteja.users.models import AppUser, Role
from mteja.users.services import users as user_services
from mteja.users.twofactor import services as two_factor


def user_changes(changes: dict, body: dict) -> dict:
    """Fineract's `changes` of a user: a new password only as the marker, never itself."""
    echoed = echo_changes(AppUser, changes, body, with_format=False)
    if "password" in changes:
        echoed["password"] = services.REDACTED
    return echoed


# --- authentication ----------------------------------------------------------------------


class AuthenticationView(APIView):
    """Checks credentials and answers the key Fineract clients send as HTTP Basic."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=AuthenticationInput,
        responses=AuthenticationOutput,
        auth=[],
        parameters=[
            OpenApiParameter("username", str, description="Legacy: instead of the body."),
            OpenApiParameter("password", str, description="Legacy: instead of the body."),
        ],
    )
    def post(self, request):
        body = parse_body(AuthenticationInput, request.data if request.data else {})
        username = body.get("username") or request.query_params.get("username") or ""
        password = body.get("password") or request.query_params.get("password") or ""
        missing = [
            ParameterError(
                f"validation.msg.authentication.{param}.cannot.be.blank",
                param,
                f"The parameter {param} is mandatory.",
            )
            for param, value in (("username", username), ("password", password))
            if not value
        ]
        if missing:
            raise ValidationFailed(missing)
        http_request = request._request
        try:
            user = authenticate_user(http_request, username, password)
        except LockedOut:
            # Axes' middleware would swap this answer for its HTML lock-out page; an API
            # client needs Fineract's 401 body instead.
            http_request.axes_locked_out = False
            raise
        # An explicit login, unlike each HTTP Basic request: clears the failure count
        # (AXES_RESET_ON_SUCCESS) and records last_login. No session is opened.
        user_logged_in.send(sender=type(user), request=http_request, user=user)
        user = (
            AppUser.objects.select_related("office", "staff")
            .prefetch_related("roles")
            .get(pk=user.pk)
        )
        key = base64.b64encode(f"{username}:{password}".encode()).decode()
        answer = {
            "username": user.username,
            "userId": user.pk,
            "base64EncodedAuthenticationKey": key,
            "authenticated": True,
            "officeId": user.office_id,
            "officeName": user.office.name,
            "roles": [
                {"id": role.pk, "name": role.name, "description": role.description}
                for role in user.roles.all()
            ],
            "permissions": sorted(user.permission_codes),
            "shouldRenewPassword": False,
            "isTwoFactorAuthenticationRequired": two_factor.required_for(user),
            "isSelfServiceUser": False,
        }
        if user.staff is not None:
            answer["staffId"] = user.staff_id
            answer["staffDisplayName"] = user.staff.display_name
        return Response(answer)


# --- users -------------------------------------------------------------------------------


def _staff_for(staff_id: int | None) -> Staff | None:
    """The staff member a write names; whether it fits the user's office is the service's
    rule (and keeps staff of other offices out)."""
    if staff_id is None:
        return None
    staff = Staff.objects.select_related("office").filter(pk=staff_id).first()
    if staff is None:
        raise organisation_selectors.staff_not_found(staff_id, param="staffId")
    return staff


def _service_fields(request, data: dict) -> dict:
    """A user body as the services' keywords: the declaration's names (Fineract's where the
    model's differ: firstname), the office, staff member and roles it names fetched."""
    office = functools.partial(organisation_selectors.office_for_write, user=request.user)
    references = {"officeId": lambda office_id: office(office_id=office_id), "staffId": _staff_for}
    fields = service_fields(AppUser, data, references)
    fields = {user_services.service_keyword(name): value for name, value in fields.items()}
    if "roles" in data:
        fields["roles"] = selectors.roles_by_ids(data["roles"])
    return fields


class UserAPIView:
    entity = "USER"
    queryset = AppUser.objects.filter(is_deleted=False)
    input, output = UserInput, UserOutput
    not_found = staticmethod(selectors.user_not_found)

    def get_queryset(self, request, *, write: bool = False, **kwargs):
        # Reads serialise the user with its office, staff and roles in order.
        return self.queryset.all() if write else selectors.user_rows()

    def output_context(self, request) -> dict:
        return {"all_roles": list(selectors.role_list())}


class UserListView(UserAPIView, ObjectListAPIView):
    filterset = UserFilterSet

    def create(self, request, data: dict) -> dict:
        user = services.user_create(actor=request.user, **_service_fields(request, data))
        return wire.write_result(user.pk, officeId=user.office_id)


class UserTemplateView(FineractAPIView):
    entity = "USER"

    @extend_schema(
        parameters=[int_parameter("officeId", 1, description="Adds that office's staff.")],
        responses=UserTemplateOutput,
    )
    def get(self, request):
        office_id = query_int(request.query_params, "officeId", minimum=1)
        answer = {
            "allowedOffices": OfficeOptionOutput(
                organisation_selectors.office_list(user=request.user), many=True
            ).data,
            "availableRoles": RoleOutput(
                selectors.grantable_roles(user=request.user).filter(is_disabled=False), many=True
            ).data,
            "selfServiceRoles": [],
        }
        if office_id is not None:
            staff = organisation_selectors.staff_list(user=request.user, office_id=office_id)
            answer["staffOptions"] = StaffRefOutput(staff, many=True).data
        return Response(answer)


class UserDetailView(UserAPIView, ObjectDetailAPIView):
    def update(self, request, user: AppUser, data: dict) -> dict:
        fields = _service_fields(request, data)
        user, changes = services.user_update(actor=request.user, user=user, **fields)
        changes = user_changes(changes, request.data)
        return wire.write_result(user.pk, officeId=user.office_id, changes=changes)

    @extend_schema(responses=WriteResultSerializer)
    def delete(self, request, pk: int):
        user = self.get_object(request, pk, write=True)
        services.user_delete(actor=request.user, user=user)
        return Response(wire.write_result(user.pk, officeId=user.office_id))


# --- roles and permissions ----------------------------------------------------------------


def _role(pk: int) -> Role:
    role = Role.objects.filter(pk=pk).first()
    if role is None:
        raise selectors.role_not_found(pk)
    return role


ROLE_COMMANDS = {"enable": services.role_enable, "disable": services.role_disable}


class RoleAPIView:
    entity = "ROLE"
    queryset = Role.objects.order_by("name", "id")
    input, output = RoleInput, RoleOutput
    not_found = staticmethod(selectors.role_not_found)


class RoleListView(RoleAPIView, ObjectListAPIView):
    filterset = RoleFilterSet

    def create(self, request, data: dict) -> dict:
        role = services.role_create(
            actor=request.user,
            name=data["name"],
            description=data.get("description") or "",
            requires_two_factor=data.get("requiresTwoFactor", False),
        )
        return wire.write_result(role.pk)


class CommandSchema(AutoSchema):
    """`POST /x/{id}?command=…` runs a command: its operation id says so instead of
    colliding with `POST /x` (create)."""

    def get_operation_id(self):
        operation_id = super().get_operation_id()
        if self.method == "POST":
            return operation_id.rsplit("_", 1)[0] + "_command"
        return operation_id


class RoleDetailView(RoleAPIView, ObjectDetailAPIView):
    schema = CommandSchema()

    def required_permission(self, request) -> str:
        # Fineract's codes: ENABLE_ROLE / DISABLE_ROLE; an unknown command is refused (400)
        # after the permission check, under the broader UPDATE_ROLE.
        if request.method == "POST":
            command = (request.query_params.get("command") or "").lower()
            return f"{command.upper()}_ROLE" if command in ROLE_COMMANDS else "UPDATE_ROLE"
        return super().required_permission(request)

    @extend_schema(request=RoleInput, responses=WriteResultSerializer)
    def put(self, request, pk: int):
        data = parse_body(RoleInput, request.data, partial=True, require_one=True)
        fields = {name: data[name] or "" for name in ("name", "description") if name in data}
        if "requiresTwoFactor" in data:
            fields["requires_two_factor"] = data["requiresTwoFactor"]
        role, changes = services.role_update(actor=request.user, role=_role(pk), **fields)
        return Response(
            wire.write_result(
                role.pk, changes=echo_changes(Role, changes, request.data, with_format=False)
            )
        )

    @extend_schema(
        parameters=[OpenApiParameter("command", str, enum=sorted(ROLE_COMMANDS), required=True)],
        request=None,
        responses=WriteResultSerializer,
    )
    def post(self, request, pk: int):
        command = (request.query_params.get("command") or "").lower()
        if command not in ROLE_COMMANDS:
            raise ValidationFailed(
                [
                    ParameterError(
                        "error.msg.query.parameter.value.unsupported",
                        "command",
                        "The command must be one of: " + ", ".join(sorted(ROLE_COMMANDS)) + ".",
                        request.query_params.get("command"),
                    )
                ]
            )
        role = _role(pk)
        was_disabled = role.is_disabled
        role = ROLE_COMMANDS[command](actor=request.user, role=role)
        changes = {}
        if role.is_disabled != was_disabled:
            changes = {"disabled": role.is_disabled}
        return Response(wire.write_result(role.pk, changes=changes))


class RolePermissionsView(FineractAPIView):
    entity = "ROLE"

    def required_permission(self, request) -> str:
        if request.method == "PUT":
            return "PERMISSIONS_ROLE"
        return super().required_permission(request)

    @extend_schema(responses=RolePermissionsOutput)
    def get(self, request, pk: int):
        role = _role(pk)
        selected = selectors.role_permission_codes(role)
        return Response(
            {
                "id": role.pk,
                "name": role.name,
                "description": role.description,
                "disabled": role.is_disabled,
                "permissionUsageData": PermissionOutput(
                    selectors.permission_list(), many=True, context={"selected": selected}
                ).data,
            }
        )

    @extend_schema(request=RolePermissionsInput, responses=RolePermissionsResultOutput)
    def put(self, request, pk: int):
        data = parse_body(RolePermissionsInput, request.data)
        role = _role(pk)
        changed = services.role_set_permissions(
            actor=request.user, role=role, permissions=data["permissions"]
        )
        return Response({"resourceId": role.pk, "changes": {"permissions": changed}})


class PermissionListView(FineractAPIView):
    entity = "PERMISSION"

    @extend_schema(responses=PermissionOutput(many=True))
    def get(self, request):
        return Response(PermissionOutput(selectors.permission_list(), many=True).data)
