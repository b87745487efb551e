"""Writes to roles: name and description, the permission codes they grant, enable/disable."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.core import audit, values, writes
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.core.uniqueness import save_unique, unique_field
from mteja.users import selectors
from mteja.users.models import ALL_FUNCTIONS, Permission, Role
from mteja.users.services.guards import (
    ensure_actor_holds,
    ensure_may_change_role,
    ensure_not_super_user_role,
    keep_a_super_user,
    super_user_exists,
)

ROLE_UNIQUE = [
    unique_field(
        Role,
        "name",
        "error.msg.role.duplicate.name",
        gettext_lazy("A role named “%(name)s” already exists."),
    )
]
# Enabling and disabling are commands of their own.
ROLE_UPDATABLE = values.updatable(Role, without={"is_disabled"})


@transaction.atomic
def role_create(
    *, actor, name: str, description: str = "", requires_two_factor: bool = False
) -> Role:
    role = Role(
        name=values.text(name),
        description=values.text(description),
        requires_two_factor=requires_two_factor,
    )
    writes.validate(role)
    save_unique(role, ROLE_UNIQUE)
    # A new role is always enabled: its CREATE event names what was given, as Fineract's does.
    given = {"name": role.name, "description": role.description}
    if requires_two_factor:
        given["requires_two_factor"] = True
    changes = audit.diff({}, given)
    writes.record(role, actor=actor, action="CREATE", changes=changes)
    return role


@transaction.atomic
def role_update(*, actor, role: Role, **fields) -> tuple[Role, dict]:
    values.refuse_unknown("role_update", fields, ROLE_UPDATABLE)
    return values.update_fields(
        role, fields, actor=actor, unique=ROLE_UNIQUE, scope=ensure_may_change_role
    )


def _permission_problems(permissions, known: dict[str, Permission]) -> list[ParameterError]:
    problems = [
        ParameterError(
            "validation.msg.role.permissions.code.invalid",
            "permissions",
            _("There is no permission with the code “%(code)s”.") % {"code": code},
            code,
        )
        for code in sorted(set(permissions) - set(known))
    ]
    problems.extend(
        ParameterError(
            "validation.msg.role.permissions.value.is.invalid",
            "permissions",
            _("The value for “%(code)s” must be true or false.") % {"code": code},
            code,
        )
        for code, value in sorted(permissions.items())
        if code in known and not isinstance(value, bool)
    )
    return problems


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
    problems = _permission_problems(permissions, known)
    if problems:
        raise ValidationFailed(problems)
    role = writes.lock(role)
    current = selectors.role_permission_codes(role)
    granted = sorted(code for code, on in permissions.items() if on and code not in current)
    revoked = sorted(code for code, on in permissions.items() if not on and code in current)
    if not granted and not revoked:
        return {}
    ensure_may_change_role(actor, role, current)
    ensure_actor_holds(actor, granted, param="permissions")
    if ALL_FUNCTIONS in revoked:
        ensure_not_super_user_role(role)
    super_user_before = super_user_exists()
    role.permissions.add(*(known[code] for code in granted))
    role.permissions.remove(*(known[code] for code in revoked))
    keep_a_super_user(super_user_before)
    changes = {code: [code in current, code not in current] for code in granted + revoked}
    writes.record(role, actor=actor, action="PERMISSIONS", changes=dict(sorted(changes.items())))
    return {code: permissions[code] for code in sorted(granted + revoked)}


def _set_disabled(*, actor, role: Role, disabled: bool, action: str) -> Role:
    role, before = writes.open_write(role, actor=actor, scope=ensure_may_change_role)
    if role.is_disabled == disabled:
        return role
    if disabled:
        ensure_not_super_user_role(role, disabling=True)
    super_user_before = super_user_exists()
    role.is_disabled = disabled
    writes.commit_write(role, actor=actor, action=action, before=before, unique=ROLE_UNIQUE)
    keep_a_super_user(super_user_before)
    return role


@transaction.atomic
def role_enable(*, actor, role: Role) -> Role:
    return _set_disabled(actor=actor, role=role, disabled=False, action="ENABLE")


@transaction.atomic
def role_disable(*, actor, role: Role) -> Role:
    """Users keep the role, but it grants nothing until it is enabled again."""
    return _set_disabled(actor=actor, role=role, disabled=True, action="DISABLE")
