"""Writes to users: create, update, soft delete."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.core import audit, values, writes
from mteja.core.errors import (
    DomainError,
    Problems,
    ValidationFailed,
)
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import save_unique, unique_field
from mteja.organisation.models import Office, Staff
from mteja.users import selectors
from mteja.users.models import AppUser, Role
from mteja.users.services.guards import (
    codes_of,
    ensure_actor_holds,
    ensure_may_change_user,
    keep_a_super_user,
    super_user_exists,
)
from mteja.users.services.passwords import REDACTED, check_password


def service_keyword(name: str) -> str:
    """A service takes Fineract's name where the model's differs (firstname, lastname)."""
    return writes.declaration(AppUser).wire(name).api or name


# The model fields an update may change, by the services' keyword (firstname for first_name).
_FIELD_OF = {service_keyword(name): name for name in values.updatable(AppUser)}
USER_UPDATABLE = frozenset(_FIELD_OF) | {"roles", "password"}


USER_UNIQUE = [
    unique_field(
        AppUser,
        "username",
        "error.msg.user.duplicate.username",
        gettext_lazy("User with username %(username)s already exists."),
    )
]


# Set by the services themselves (the hash by set_password), or Django's bookkeeping.
NOT_INPUT = ("password", "last_login", "date_joined")


def _check(user: AppUser, roles: list[Role], passwords: tuple[str, ...]) -> None:
    """Every field problem of the request at once (400); `passwords` holds the new password,
    if any."""
    errors = Problems("user")
    try:
        writes.validate(user, exclude=NOT_INPUT)  # the model's limits and formats
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    for password in passwords:
        check_password(user, password, errors)
    if not roles:
        errors.add("roles", "cannot.be.blank", _("A user needs at least one role."))
    errors.raise_if_any()


def _check_staff(user: AppUser) -> None:
    staff: Staff | None = user.staff
    if staff is not None and staff.office_id != user.office_id:
        raise DomainError(
            "error.msg.user.staff.office.mismatch",
            _(
                "The staff member “%(display_name)s” works in another office than the "
                "user's office “%(name)s”; choose a staff member of that office or none."
            )
            % {"display_name": staff.display_name, "name": user.office.name},
            param="staffId",
            value=staff.pk,
        )


def _check_added_roles(actor, added: list[Role]) -> None:
    disabled = [role for role in added if role.is_disabled]
    if disabled:
        raise DomainError(
            "error.msg.role.is.disabled",
            _("The role “%(name)s” is disabled and cannot be given to a user.")
            % {"name": disabled[0].name},
            param="roles",
            value=disabled[0].pk,
        )
    ensure_actor_holds(actor, codes_of(added), param="roles")


def _ensure_username_free(user: AppUser) -> None:
    # Case-insensitive: "Amina" and "amina" would be two accounts nobody can tell apart.
    # The database's (case-sensitive) constraint still settles a race on the exact name.
    others = AppUser.objects.filter(username__iexact=user.username)
    if user.pk is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise USER_UNIQUE[0].error(user)


def _role_ids(roles: Iterable[Role]) -> list[int]:
    return sorted(role.pk for role in roles)


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    firstname: str,
    lastname: str,
    office: Office,
    password: str,
    roles: Iterable[Role],
    email: str = "",
    staff: Staff | None = None,
    is_active: bool = True,
    password_never_expires: bool = False,
) -> AppUser:
    roles = list(dict.fromkeys(roles))
    user = AppUser(office=office, staff=staff)
    values.assign(
        user,
        {
            "username": username,
            "first_name": firstname,
            "last_name": lastname,
            "email": email,
            "is_active": is_active,
            "password_never_expires": password_never_expires,
        },
    )
    _check(user, roles, (password,))
    ensure_office_in_scope(actor, office)
    _check_staff(user)
    _check_added_roles(actor, roles)
    user.set_password(password)
    _ensure_username_free(user)
    save_unique(user, USER_UNIQUE)
    user.roles.set(roles)
    writes.record_created(
        user,
        actor=actor,
        office=office,
        extra={"roles": [None, _role_ids(roles)], "password": [None, REDACTED]},
    )
    return user


def _in_scope(actor, user: AppUser) -> None:
    """Place, then power: a user of the actor's subtree whose roles the actor holds."""
    if user.is_deleted:
        raise selectors.user_not_found(user.pk)
    ensure_office_in_scope(actor, user.office)
    ensure_may_change_user(actor, user, user.roles.all())


@transaction.atomic
def user_update(*, actor, user: AppUser, **fields) -> tuple[AppUser, dict]:
    """Changes any of USER_UPDATABLE; returns the user and `{field: [old, new]}` of what
    changed (a new password appears as the marker `***`, never as itself)."""
    values.refuse_unknown("user_update", fields, USER_UPDATABLE)
    user, before = writes.open_write(
        user, actor=actor, related=["office", "staff"], scope=_in_scope
    )
    old_roles = list(user.roles.all())
    super_user_before = super_user_exists()
    roles = list(dict.fromkeys(fields.pop("roles"))) if "roles" in fields else old_roles
    passwords = (fields.pop("password"),) if "password" in fields else ()
    values.assign(user, {_FIELD_OF[name]: value for name, value in fields.items()})

    _check(user, roles, passwords)
    if "office" in fields:
        ensure_office_in_scope(actor, user.office)
    if actor is not None and actor.pk == user.pk and not user.is_active:
        raise DomainError(
            "error.msg.user.cannot.disable.self", _("You cannot disable your own user.")
        )
    _check_staff(user)
    old_ids = {role.pk for role in old_roles}
    _check_added_roles(actor, [role for role in roles if role.pk not in old_ids])

    extra = audit.diff({"roles": _role_ids(old_roles)}, {"roles": _role_ids(roles)})
    if extra:
        user.roles.set(roles)
    if passwords and not user.check_password(passwords[0]):
        user.set_password(passwords[0])
        extra["password"] = [REDACTED, REDACTED]
    _ensure_username_free(user)
    changes = writes.commit_write(
        user,
        actor=actor,
        action="UPDATE",
        before=before,
        unique=USER_UNIQUE,
        extra=extra,
        office=user.office,
    )
    if changes:
        keep_a_super_user(super_user_before)
    return user, changes


@transaction.atomic
def user_delete(*, actor, user: AppUser) -> None:
    """Soft delete: the row stays (audit events name it as their maker), disabled, hidden,
    its password unusable and its username freed for someone else."""
    user, before = writes.open_write(user, actor=actor, related=["office"], scope=_in_scope)
    if actor is not None and actor.pk == user.pk:
        raise DomainError(
            "error.msg.user.cannot.delete.self", _("You cannot delete your own user.")
        )
    super_user_before = super_user_exists()
    user.username = f"{user.pk}_DELETED_{user.username}"[:150]
    user.is_active = False
    user.is_deleted = True
    user.set_unusable_password()
    writes.commit_write(
        user,
        actor=actor,
        action="DELETE",
        before=before,
        extra={"is_deleted": [False, True]},
        office=user.office,
    )
    keep_a_super_user(super_user_before)
