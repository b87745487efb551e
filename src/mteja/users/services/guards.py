"""The guards of every write that hands out or takes away power (docs/decisions.md, 40):

- power: nobody grants, assigns, takes away, edits, enables or disables a role holding a
  permission they do not hold themselves, nor changes a user holding one;
- place: a role is shared by every office, so only someone whose part of the organisation
  holds every user of the role may change it;
- the super-user role keeps ALL_FUNCTIONS and stays enabled;
- no write leaves the head office without an active user holding ALL_FUNCTIONS.

"Holding" is `AppUser.has_fineract_permission`: ALL_FUNCTIONS holds every code,
ALL_FUNCTIONS_READ every READ_ code (and itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mteja.core.errors import DomainError
from mteja.users.models import ALL_FUNCTIONS, AppUser, Permission, Role

HEAD_OFFICE_HIERARCHY = "."


def missing_codes(actor, codes: Iterable[str]) -> list[str]:
    """The codes of `codes` that `actor` does not hold (none for system jobs: migrations,
    the demo loader)."""
    if actor is None:
        return []
    return sorted(code for code in set(codes) if not actor.has_fineract_permission(code))


def codes_of(roles: Iterable[Role] | QuerySet) -> set[str]:
    """Every permission code the roles hold, disabled ones included (enabling gives them)."""
    held = Permission.objects.filter(roles__in=roles).values_list("code", flat=True)
    return set(held.distinct())


def ensure_actor_holds(actor, codes: Iterable[str], *, param: str) -> None:
    missing = missing_codes(actor, codes)
    if missing:
        raise DomainError(
            "error.msg.permission.grant.not.held",
            _("You cannot grant permissions you do not hold yourself: %(values)s.")
            % {"values": ", ".join(missing)},
            param=param,
            value=missing,
        )


def _refuse_for_missing(code: str, message: str, missing: list[str], name: str) -> None:
    """The refusal of a change to a user or role `name` holding the `missing` permissions."""
    values = ", ".join(missing)
    raise DomainError(
        code, message % {"username": name, "name": name, "values": values}, value=missing
    )


def ensure_may_change_user(actor, user: AppUser, roles: Iterable[Role]) -> None:
    """Changing or deleting a user (their password, their roles) is refused to anyone who
    does not hold every permission of the user's roles: it would hand over that power."""
    missing = missing_codes(actor, codes_of(roles))
    if missing:
        message = _(
            "You cannot change the user %(username)s: they hold permissions you do not "
            "hold yourself: %(values)s."
        )
        _refuse_for_missing("error.msg.user.permission.not.held", message, missing, user.username)


def ensure_may_change_role(actor, role: Role, codes: Iterable[str] | None = None) -> None:
    """Power and place over a role whose permissions are `codes` (read when not given)."""
    missing = missing_codes(actor, codes_of([role]) if codes is None else codes)
    if missing:
        message = _(
            "You cannot change the role “%(name)s”: it holds permissions you do not hold "
            "yourself: %(values)s."
        )
        _refuse_for_missing("error.msg.role.permission.not.held", message, missing, role.name)
    if actor is None or actor.office.hierarchy == HEAD_OFFICE_HIERARCHY:
        return
    held_elsewhere = (
        AppUser.objects.filter(roles=role, is_deleted=False)
        .exclude(office__hierarchy__startswith=actor.office.hierarchy)
        .exists()
    )
    if held_elsewhere:
        raise DomainError(
            "error.msg.role.used.outside.office",
            _(
                "You cannot change the role “%(name)s”: users outside your part of the "
                "organisation hold it."
            )
            % {"name": role.name},
        )


def allows(guard: Callable[..., None], *args) -> bool:
    """Whether `guard(*args)` lets the write through: pages hide the buttons it would refuse."""
    try:
        guard(*args)
    except DomainError:
        return False
    return True


def super_user_role_id() -> int | None:
    """The super-user role: the first role holding ALL_FUNCTIONS, i.e. the "Super user" role
    the migrations seed. It can neither lose ALL_FUNCTIONS nor be disabled, so it stays the
    first."""
    holders = Role.objects.filter(permissions__code=ALL_FUNCTIONS).order_by("pk")
    return holders.values_list("pk", flat=True).first()


def ensure_not_super_user_role(role: Role, *, disabling: bool = False) -> None:
    """Refuses disabling the super-user role or revoking its ALL_FUNCTIONS."""
    if role.pk != super_user_role_id():
        return
    if disabling:
        raise DomainError(
            "error.msg.role.super.user.cannot.be.disabled",
            _("The super-user role “%(name)s” cannot be disabled.") % {"name": role.name},
        )
    raise DomainError(
        "error.msg.role.super.user.cannot.be.stripped",
        _("The super-user role “%(name)s” keeps ALL_FUNCTIONS.") % {"name": role.name},
        param="permissions",
        value=[ALL_FUNCTIONS],
    )


def super_user_exists() -> bool:
    """Whether an active user of the head office holds ALL_FUNCTIONS: a super user of a
    branch cannot administer the head office."""
    return AppUser.objects.filter(
        is_active=True,
        is_deleted=False,
        office__hierarchy=HEAD_OFFICE_HIERARCHY,
        roles__is_disabled=False,
        roles__permissions__code=ALL_FUNCTIONS,
    ).exists()


def keep_a_super_user(existed_before: bool) -> None:
    """Refuses a write that took away the last active head-office holder of ALL_FUNCTIONS."""
    if existed_before and not super_user_exists():
        raise DomainError(
            "error.msg.user.last.super.user",
            _(
                "This change would leave no active user of the head office holding "
                "ALL_FUNCTIONS, so nobody could administer the system any more."
            ),
        )
