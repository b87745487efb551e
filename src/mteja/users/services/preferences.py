"""Writes a user makes to their own account, whatever their permissions: how their pages
write dates."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.core import writes
from mteja.core.dates import DateDisplay
from mteja.core.errors import DomainError
from mteja.users.models import AppUser


@transaction.atomic
def user_set_preferences(*, actor: AppUser, date_display: str) -> tuple[AppUser, dict]:
    """The actor's own date format (core/dates.py); returns the user and what changed."""
    if date_display not in DateDisplay.values:
        raise DomainError(
            "validation.msg.user.dateDisplay.is.not.one.of.expected.enumerations",
            _("The date format is not one of the choices."),
            param="dateDisplay",
            value=date_display,
            status=400,
        )
    # The request's user may be a lazy stand-in: the row is locked by its id.
    user, before = writes.open_write(AppUser(pk=actor.pk), actor=actor, related=["office"])
    user.date_display = date_display
    changes = writes.commit_write(
        user, actor=actor, action="UPDATE", before=before, office=user.office
    )
    return user, changes
