from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mteja.core.api.fields import IdField, StrictCharField
from mteja.core.api.inputs import InputSerializer
from mteja.core.api.model_fields import ModelOutput
from mteja.organisation.api.serializers import text
from mteja.users.models import NAME_MAX_LENGTH, AppUser, Permission, Role

PASSWORD_MAX_LENGTH = 256


class PasswordField(StrictCharField):
    """A password exactly as typed: no trimming, bounded so hashing cannot be abused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("max_length", PASSWORD_MAX_LENGTH)
        kwargs.setdefault("write_only", True)
        kwargs.setdefault("style", {"input_type": "password"})
        super().__init__(**kwargs)


# --- authentication ----------------------------------------------------------------------


class AuthenticationInput(InputSerializer):
    """Old Fineract clients send these as query parameters instead; both are accepted."""

    resource = "authentication"

    username = StrictCharField(required=False, max_length=150)
    password = PasswordField(required=False)


class RoleSummaryOutput(ModelOutput):
    class Meta:
        model = Role
        fields = ("id", "name", "description")


class RoleOutput(RoleSummaryOutput):
    disabled = serializers.BooleanField(source="is_disabled")
    requiresTwoFactor = serializers.BooleanField(
        source="requires_two_factor", help_text="Mteja: its users log in with a second factor."
    )

    class Meta(RoleSummaryOutput.Meta):
        fields = (*RoleSummaryOutput.Meta.fields, "disabled", "requiresTwoFactor")


class AuthenticationOutput(serializers.Serializer):
    username = serializers.CharField()
    userId = serializers.IntegerField()
    base64EncodedAuthenticationKey = serializers.CharField()
    authenticated = serializers.BooleanField()
    officeId = serializers.IntegerField()
    officeName = serializers.CharField()
    staffId = serializers.IntegerField(required=False)
    staffDisplayName = serializers.CharField(required=False)
    roles = RoleSummaryOutput(many=True)
    permissions = serializers.ListField(child=serializers.CharField())
    shouldRenewPassword = serializers.BooleanField()
    isTwoFactorAuthenticationRequired = serializers.BooleanField()
    isSelfServiceUser = serializers.BooleanField()


# --- users -------------------------------------------------------------------------------


class UserInput(InputSerializer):
    resource = "user"

    username = StrictCharField(max_length=NAME_MAX_LENGTH)  # the column keeps room for deletion
    firstname = text(AppUser, "first_name")
    lastname = text(AppUser, "last_name")
    email = text(AppUser, "email", required=False, allow_blank=True, allow_null=True)
    officeId = IdField()
    staffId = IdField(required=False, allow_null=True)
    roles = serializers.ListField(child=IdField(), allow_empty=True)
    password = PasswordField()
    repeatPassword = PasswordField(required=False)
    sendPasswordToEmail = serializers.BooleanField(required=False, help_text="Accepted, ignored.")
    passwordNeverExpires = serializers.BooleanField(required=False)
    isSelfServiceUser = serializers.BooleanField(
        required=False, help_text="Mteja has no self-service users: only false is accepted."
    )

    def validate(self, attrs):
        errors = {}
        if attrs.get("isSelfServiceUser"):
            errors["isSelfServiceUser"] = serializers.ErrorDetail(
                "Mteja has no self-service users.",
                code="validation.msg.user.isSelfServiceUser.is.not.supported",
            )
        if "password" in attrs:
            repeat = attrs.get("repeatPassword")
            if repeat is None:
                errors["repeatPassword"] = serializers.ErrorDetail(
                    "The parameter repeatPassword is mandatory.",
                    code="validation.msg.user.repeatPassword.cannot.be.blank",
                )
            elif repeat != attrs["password"]:
                errors["repeatPassword"] = serializers.ErrorDetail(
                    "The repeated password is not the same as the password.",
                    code="validation.msg.user.repeatPassword.not.equal.to.password",
                )
        if errors:
            raise serializers.ValidationError({k: [v] for k, v in errors.items()})
        return attrs


class StaffRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    displayName = serializers.CharField(source="display_name")


class UserOutput(serializers.Serializer):
    """`availableRoles` needs every role in `context["all_roles"]` (one query per list)."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    firstname = serializers.CharField(source="first_name")
    lastname = serializers.CharField(source="last_name")
    email = serializers.CharField()
    officeId = serializers.IntegerField(source="office_id")
    officeName = serializers.CharField(source="office.name")
    staff = StaffRefOutput(required=False, help_text="Absent when the user is no staff member.")
    selectedRoles = RoleOutput(source="roles.all", many=True)
    availableRoles = serializers.SerializerMethodField()
    passwordNeverExpires = serializers.BooleanField(source="password_never_expires")
    isSelfServiceUser = serializers.SerializerMethodField()

    @extend_schema_field(RoleOutput(many=True))
    def get_availableRoles(self, user):
        selected = {role.pk for role in user.roles.all()}
        available = [role for role in self.context["all_roles"] if role.pk not in selected]
        return RoleOutput(available, many=True).data

    def get_isSelfServiceUser(self, user) -> bool:
        return False

    def to_representation(self, instance):
        body = super().to_representation(instance)
        if body.get("staff") is None:
            body.pop("staff", None)
        return body


class OfficeOptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    nameDecorated = serializers.CharField(source="name_decorated")


class UserTemplateOutput(serializers.Serializer):
    allowedOffices = OfficeOptionOutput(many=True)
    availableRoles = RoleOutput(many=True)
    selfServiceRoles = RoleOutput(many=True)
    staffOptions = StaffRefOutput(
        many=True, required=False, help_text="Staff of the office named by ?officeId=."
    )


# --- roles and permissions ----------------------------------------------------------------


class RoleInput(InputSerializer):
    resource = "role"

    name = text(Role, "name")
    description = text(Role, "description", required=False, allow_blank=True, allow_null=True)
    requiresTwoFactor = serializers.BooleanField(
        required=False, help_text="Mteja: its users log in with a second factor."
    )


class RolePermissionsInput(InputSerializer):
    resource = "role"

    permissions = serializers.DictField(
        child=serializers.BooleanField(),
        allow_empty=False,
        help_text='Permission codes to grant (true) or revoke (false): {"READ_CLIENT": true}.',
    )


class PermissionOutput(ModelOutput):
    selected = serializers.SerializerMethodField()

    class Meta:
        model = Permission
        fields = ("grouping", "code", "entity_name", "action_name", "selected")

    def get_selected(self, permission) -> bool:
        return permission.code in self.context.get("selected", ())


class RolePermissionsOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    disabled = serializers.BooleanField()
    permissionUsageData = PermissionOutput(many=True)


class PermissionChangesSerializer(serializers.Serializer):
    permissions = serializers.DictField(child=serializers.BooleanField())


class RolePermissionsResultOutput(serializers.Serializer):
    resourceId = serializers.IntegerField()
    changes = PermissionChangesSerializer()
