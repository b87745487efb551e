"""The two guards of every write that hands out power: nobody grants what they do not hold,
and nobody takes away the last active holder of ALL_FUNCTIONS."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from mteja.core.errors import DomainError
from mteja.users.models import ALL_FUNCTIONS, AppUser


def ensure_actor_holds(actor, codes: Iterable[str], *, param: str) -> None:
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


def super_user_exists() -> bool:
    return AppUser.objects.filter(
        is_active=True,
        is_deleted=False,
        roles__is_disabled=False,
        roles__permissions__code=ALL_FUNCTIONS,
    ).exists()


def keep_a_super_user(existed_before: bool) -> None:
    """Refuses a write that took away the last active holder of ALL_FUNCTIONS."""
    if existed_before and not super_user_exists():
        raise DomainError(
            "error.msg.user.last.super.user",
            _(
                "This change would leave no active user holding ALL_FUNCTIONS, so nobody could "
                "administer the system any more."
            ),
        )
