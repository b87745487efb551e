"""Every write to users and roles.

Two guards beyond Fineract's rules keep an institution from locking itself out or being
taken over from inside:
- nobody grants a permission they do not hold themselves (through a role given to a user,
  or a code added to a role), so a branch clerk with UPDATE_USER cannot make anyone a
  super user;
- no write may leave the system without an active user holding ALL_FUNCTIONS.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from mteja.core import audit
from mteja.core.errors import (
    DomainError,
    ParameterError,
    Problems,
    UniquenessViolation,
    ValidationFailed,
)
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import Office, Staff
from mteja.users import selectors
from mteja.users.models import ALL_FUNCTIONS, AppUser, Permission, Role

USER_AUDIT_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "office_id",
    "staff_id",
    "is_active",
    "password_never_expires",
]
ROLE_AUDIT_FIELDS = ["name", "description", "is_disabled"]

# The journal records that a password changed, never the password nor its hash.
REDACTED = "***"

USER_UPDATABLE = frozenset(
    {
        "username",
        "firstname",
        "lastname",
        "email",
        "office",
        "staff",
        "roles",
        "password",
        "is_active",
        "password_never_expires",
    }
)
ROLE_UPDATABLE = frozenset({"name", "description"})

NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 100
ROLE_DESCRIPTION_MAX_LENGTH = 500

_PASSWORD_RULES = {
    "password_too_short": "is.less.than.min.length",
    "password_too_common": "is.too.common",
    "password_entirely_numeric": "is.entirely.numeric",
    "password_too_similar": "is.too.similar.to.user.attributes",
}


def _duplicate_username(user: AppUser) -> UniquenessViolation:
    return UniquenessViolation(
        "error.msg.user.duplicate.username",
        _("User with username %(username)s already exists.")
        % {
            "username": user.username,
        },
        param="username",
        value=user.username,
    )


USER_UNIQUE = [UniqueCheck(("username",), _duplicate_username)]
ROLE_UNIQUE = [
    UniqueCheck(
        ("name",),
        lambda role: UniquenessViolation(
            "error.msg.role.duplicate.name",
            _("A role named `%(name)s` already exists.")
            % {
                "name": role.name,
            },
            param="name",
            value=role.name,
        ),
    )
]


# --- shared checks -----------------------------------------------------------------------


def _ensure_actor_holds(actor, codes: Iterable[str], *, param: str) -> None:
    if actor is None:  # system jobs (migrations, demo loader) grant anything
        return
    missing = sorted(code for code in set(codes) if not actor.has_fineract_permission(code))
    if missing:
        raise DomainError(
            "error.msg.permission.grant.not.held",
            _("You cannot grant permissions you do not hold yourself: %(values)s.")
            % {"values": ", ".join(missing)},
            param=param,
            value=missing,
        )


def _super_user_exists() -> bool:
    return AppUser.objects.filter(
        is_active=True,
        is_deleted=False,
        roles__is_disabled=False,
        roles__permissions__code=ALL_FUNCTIONS,
    ).exists()


def _keep_a_super_user(existed_before: bool) -> None:
    """Refuses a write that took away the last active holder of ALL_FUNCTIONS."""
    if existed_before and not _super_user_exists():
        raise DomainError(
            "error.msg.user.last.super.user",
            _(
                "This change would leave no active user holding ALL_FUNCTIONS, so nobody could "
                "administer the system any more."
            ),
        )


def _roles_snapshot(roles: Iterable[Role]) -> list[int]:
    return sorted(role.pk for role in roles)


def _user_snapshot(user: AppUser, roles: Iterable[Role]) -> dict:
    return {**audit.snapshot(user, USER_AUDIT_FIELDS), "roles": _roles_snapshot(roles)}


# --- users -------------------------------------------------------------------------------


def _check_user_fields(user: AppUser, errors: Problems) -> None:
    for field, param in (
        ("username", "username"),
        ("first_name", "firstname"),
        ("last_name", "lastname"),
    ):
        value = getattr(user, field)
        if not value:
            errors.add(
                param,
                "cannot.be.blank",
                _("The parameter %(param)s is mandatory.")
                % {
                    "param": param,
                },
            )
        elif len(value) > NAME_MAX_LENGTH:
            errors.add(
                param,
                "exceeds.max.length",
                _("The parameter %(param)s exceeds max length of %(name_max_length)s.")
                % {
                    "param": param,
                    "name_max_length": NAME_MAX_LENGTH,
                },
                value,
                (NAME_MAX_LENGTH,),
            )
    if user.username and not errors.has("username"):
        try:
            UnicodeUsernameValidator()(user.username)
        except ValidationError:
            errors.add(
                "username",
                "is.invalid",
                _("A username may contain only letters, digits and the characters @ . + - _"),
                user.username,
            )
    if user.email:
        if len(user.email) > EMAIL_MAX_LENGTH:
            errors.add(
                "email",
                "exceeds.max.length",
                _("The parameter email exceeds max length of %(email_max_length)s.")
                % {
                    "email_max_length": EMAIL_MAX_LENGTH,
                },
                user.email,
                (EMAIL_MAX_LENGTH,),
            )
        else:
            try:
                validate_email(user.email)
            except ValidationError:
                errors.add("email", "is.invalid", _("The email address is not valid."), user.email)


def _check_password(user: AppUser, password, errors: Problems) -> None:
    if not isinstance(password, str) or not password:
        errors.add("password", "cannot.be.blank", _("The parameter password is mandatory."))
        return
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        for problem in exc.error_list:
            rule = _PASSWORD_RULES.get(problem.code or "", "is.invalid")
            errors.add("password", rule, " ".join(problem.messages))


def _check_staff(user: AppUser) -> None:
    staff: Staff | None = user.staff
    if staff is not None and staff.office_id != user.office_id:
        raise DomainError(
            "error.msg.user.staff.office.mismatch",
            _(
                "The staff member `%(display_name)s` works in another office than the "
                "user's office `%(name)s`; choose a staff member of that office or none."
            )
            % {
                "display_name": staff.display_name,
                "name": user.office.name,
            },
            param="staffId",
            value=staff.pk,
        )


def _check_added_roles(actor, added: list[Role]) -> None:
    disabled = [role for role in added if role.is_disabled]
    if disabled:
        raise DomainError(
            "error.msg.role.is.disabled",
            _("The role `%(name)s` is disabled and cannot be given to a user.")
            % {
                "name": disabled[0].name,
            },
            param="roles",
            value=disabled[0].pk,
        )
    if added and actor is not None:
        codes = Permission.objects.filter(roles__in=added).values_list("code", flat=True)
        _ensure_actor_holds(actor, codes, param="roles")


def _ensure_username_free(user: AppUser) -> None:
    # Case-insensitive: "Amina" and "amina" would be two accounts nobody can tell apart.
    # The database's (case-sensitive) constraint still settles a race on the exact name.
    others = AppUser.objects.filter(username__iexact=user.username)
    if user.pk is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise _duplicate_username(user)


def _save_user(user: AppUser) -> None:
    _ensure_username_free(user)
    save_unique(user, USER_UNIQUE)


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    firstname: str,
    lastname: str,
    email: str,
    office: Office,
    password: str,
    roles: Iterable[Role],
    staff: Staff | None = None,
    is_active: bool = True,
    password_never_expires: bool = False,
) -> AppUser:
    roles = list(dict.fromkeys(roles))
    user = AppUser(
        username=(username or "").strip(),
        first_name=(firstname or "").strip(),
        last_name=(lastname or "").strip(),
        email=(email or "").strip(),
        office=office,
        staff=staff,
        is_active=is_active,
        password_never_expires=password_never_expires,
    )
    errors = Problems("user")
    _check_user_fields(user, errors)
    _check_password(user, password, errors)
    if not roles:
        errors.add("roles", "cannot.be.blank", _("A user needs at least one role."))
    errors.raise_if_any()
    ensure_office_in_scope(actor, office)
    _check_staff(user)
    _check_added_roles(actor, roles)
    user.set_password(password)
    _save_user(user)
    user.roles.set(roles)
    changes = audit.diff({}, _user_snapshot(user, roles))
    changes["password"] = [None, REDACTED]
    audit.record(
        actor=actor,
        action="CREATE",
        entity="USER",
        resource_id=user.pk,
        office=office,
        changes=changes,
    )
    return user


@transaction.atomic
def user_update(*, actor, user: AppUser, **fields) -> tuple[AppUser, dict]:
    """Changes any of USER_UPDATABLE; returns the user and `{field: [old, new]}` of what
    changed (a new password appears as the marker `***`, never as itself)."""
    unknown = set(fields) - USER_UPDATABLE
    if unknown:
        raise TypeError(f"user_update() got unexpected fields: {', '.join(sorted(unknown))}")
    user = (
        AppUser.objects.select_for_update(of=("self",))
        .select_related("office", "staff")
        .get(pk=user.pk)
    )
    if user.is_deleted:
        raise selectors.user_not_found(user.pk)
    ensure_office_in_scope(actor, user.office)
    old_roles = list(user.roles.all())
    before = _user_snapshot(user, old_roles)
    super_user_before = _super_user_exists()

    for param, attribute in (
        ("username", "username"),
        ("firstname", "first_name"),
        ("lastname", "last_name"),
        ("email", "email"),
    ):
        if param in fields:
            setattr(user, attribute, (fields[param] or "").strip())
    for name in ("is_active", "password_never_expires"):
        if name in fields:
            setattr(user, name, bool(fields[name]))
    if "office" in fields:
        user.office = fields["office"]
    if "staff" in fields:
        user.staff = fields["staff"]
    roles = list(dict.fromkeys(fields["roles"])) if "roles" in fields else old_roles

    errors = Problems("user")
    _check_user_fields(user, errors)
    if "password" in fields:
        _check_password(user, fields["password"], errors)
    if not roles:
        errors.add("roles", "cannot.be.blank", _("A user needs at least one role."))
    errors.raise_if_any()

    if "office" in fields:
        ensure_office_in_scope(actor, user.office)
    if actor is not None and actor.pk == user.pk and not user.is_active:
        raise DomainError(
            "error.msg.user.cannot.disable.self", _("You cannot disable your own user.")
        )
    _check_staff(user)
    old_ids = {role.pk for role in old_roles}
    _check_added_roles(actor, [role for role in roles if role.pk not in old_ids])

    password_changed = "password" in fields and not user.check_password(fields["password"])
    if password_changed:
        user.set_password(fields["password"])
    _save_user(user)
    if "roles" in fields:
        user.roles.set(roles)
    changes = audit.diff(before, _user_snapshot(user, roles))
    if password_changed:
        changes["password"] = [REDACTED, REDACTED]
    if changes:
        _keep_a_super_user(super_user_before)
        audit.record(
            actor=actor,
            action="UPDATE",
            entity="USER",
            resource_id=user.pk,
            office=user.office,
            changes=changes,
        )
    return user, changes


@transaction.atomic
def user_delete(*, actor, user: AppUser) -> None:
    """Soft delete: the row stays (audit events name it as their maker), disabled, hidden,
    its password unusable and its username freed for someone else."""
    user = AppUser.objects.select_for_update(of=("self",)).select_related("office").get(pk=user.pk)
    if user.is_deleted:
        raise selectors.user_not_found(user.pk)
    ensure_office_in_scope(actor, user.office)
    if actor is not None and actor.pk == user.pk:
        raise DomainError(
            "error.msg.user.cannot.delete.self", _("You cannot delete your own user.")
        )
    super_user_before = _super_user_exists()
    before = audit.snapshot(user, ["username", "is_active", "is_deleted"])
    user.username = f"{user.pk}_DELETED_{user.username}"[:150]
    user.is_active = False
    user.is_deleted = True
    user.set_unusable_password()
    user.save()
    _keep_a_super_user(super_user_before)
    audit.record(
        actor=actor,
        action="DELETE",
        entity="USER",
        resource_id=user.pk,
        office=user.office,
        changes=audit.diff(before, audit.snapshot(user, ["username", "is_active", "is_deleted"])),
    )


# --- roles -------------------------------------------------------------------------------


def _check_role(role: Role) -> None:
    errors = Problems("role")
    if not role.name:
        errors.add("name", "cannot.be.blank", _("The parameter name is mandatory."))
    elif len(role.name) > NAME_MAX_LENGTH:
        errors.add(
            "name",
            "exceeds.max.length",
            _("The parameter name exceeds max length of %(name_max_length)s.")
            % {
                "name_max_length": NAME_MAX_LENGTH,
            },
            role.name,
            (NAME_MAX_LENGTH,),
        )
    if len(role.description) > ROLE_DESCRIPTION_MAX_LENGTH:
        errors.add(
            "description",
            "exceeds.max.length",
            _("The parameter description exceeds max length of %(role_description_max_length)s.")
            % {
                "role_description_max_length": ROLE_DESCRIPTION_MAX_LENGTH,
            },
            role.description,
            (ROLE_DESCRIPTION_MAX_LENGTH,),
        )
    errors.raise_if_any()


@transaction.atomic
def role_create(*, actor, name: str, description: str = "") -> Role:
    role = Role(name=(name or "").strip(), description=(description or "").strip())
    _check_role(role)
    save_unique(role, ROLE_UNIQUE)
    audit.record_creation(actor=actor, entity="ROLE", instance=role, fields=["name", "description"])
    return role


@transaction.atomic
def role_update(*, actor, role: Role, **fields) -> tuple[Role, dict]:
    unknown = set(fields) - ROLE_UPDATABLE
    if unknown:
        raise TypeError(f"role_update() got unexpected fields: {', '.join(sorted(unknown))}")
    role = Role.objects.select_for_update(of=("self",)).get(pk=role.pk)
    before = audit.snapshot(role, ROLE_AUDIT_FIELDS)
    for name in ("name", "description"):
        if name in fields:
            setattr(role, name, (fields[name] or "").strip())
    _check_role(role)
    save_unique(role, ROLE_UNIQUE)
    changes = audit.diff(before, audit.snapshot(role, ROLE_AUDIT_FIELDS))
    if changes:
        audit.record(
            actor=actor, action="UPDATE", entity="ROLE", resource_id=role.pk, changes=changes
        )
    return role, changes


@transaction.atomic
def role_set_permissions(*, actor, role: Role, permissions: dict[str, bool]) -> dict:
    """Grants (True) and revokes (False) permission codes; returns `{code: bool}` of the
    codes whose state actually changed. Unknown codes are refused all at once."""
    if not isinstance(permissions, dict) or not permissions:
        raise ValidationFailed(
            [
                ParameterError(
                    "validation.msg.role.permissions.cannot.be.blank",
                    "permissions",
                    _("The parameter permissions is mandatory."),
                )
            ]
        )
    known = {p.code: p for p in Permission.objects.filter(code__in=list(permissions))}
    problems = [
        ParameterError(
            "validation.msg.role.permissions.code.invalid",
            "permissions",
            _("There is no permission with the code `%(code)s`.")
            % {
                "code": code,
            },
            code,
        )
        for code in sorted(set(permissions) - set(known))
    ]
    problems.extend(
        ParameterError(
            "validation.msg.role.permissions.value.is.invalid",
            "permissions",
            _("The value for `%(code)s` must be true or false.")
            % {
                "code": code,
            },
            code,
        )
        for code, value in sorted(permissions.items())
        if code in known and not isinstance(value, bool)
    )
    if problems:
        raise ValidationFailed(problems)
    role = Role.objects.select_for_update(of=("self",)).get(pk=role.pk)
    current = selectors.role_permission_codes(role)
    granted = sorted(code for code, on in permissions.items() if on and code not in current)
    revoked = sorted(code for code, on in permissions.items() if not on and code in current)
    if not granted and not revoked:
        return {}
    _ensure_actor_holds(actor, granted, param="permissions")
    super_user_before = _super_user_exists()
    role.permissions.add(*(known[code] for code in granted))
    role.permissions.remove(*(known[code] for code in revoked))
    _keep_a_super_user(super_user_before)
    changes = {code: [code in current, code not in current] for code in granted + revoked}
    audit.record(
        actor=actor,
        action="PERMISSIONS",
        entity="ROLE",
        resource_id=role.pk,
        changes=dict(sorted(changes.items())),
    )
    return {code: permissions[code] for code in sorted(granted + revoked)}


def _set_disabled(*, actor, role: Role, disabled: bool, action: str) -> Role:
    role = Role.objects.select_for_update(of=("self",)).get(pk=role.pk)
    if role.is_disabled == disabled:
        return role
    super_user_before = _super_user_exists()
    role.is_disabled = disabled
    role.save(update_fields=["is_disabled", "last_modified_on"])
    _keep_a_super_user(super_user_before)
    audit.record(
        actor=actor,
        action=action,
        entity="ROLE",
        resource_id=role.pk,
        changes={"is_disabled": [not disabled, disabled]},
    )
    return role


@transaction.atomic
def role_enable(*, actor, role: Role) -> Role:
    return _set_disabled(actor=actor, role=role, disabled=False, action="ENABLE")


@transaction.atomic
def role_disable(*, actor, role: Role) -> Role:
    """Users keep the role, but it grants nothing until it is enabled again."""
    return _set_disabled(actor=actor, role=role, disabled=True, action="DISABLE")
