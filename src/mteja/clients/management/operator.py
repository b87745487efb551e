"""The user `mteja import` and `mteja export` act as (`--user`): their offices and
permissions apply."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mteja.users.models import AppUser

# Django's system checks (models, URLs, templates, admin) before each command: 0.35 s of CPU,
# a fifth of a small file's whole run. They tell a deployment's mistakes, which `mteja check`
# and `migrate` report; nothing an import or export reads depends on their passing.
NO_SYSTEM_CHECKS: list[str] = []


def acting_user(username: str, permission: str, doing: str) -> AppUser:
    """The user named, who may do what `permission` allows (`doing` says it in words, in the
    command's language).
    Refused in a line that says which of three things is wrong: the operator at the shell
    (not a visitor guessing names) is told whether to retype the name, have the account
    activated, or ask for the permission. A deleted user is no user: its name is free."""
    user = AppUser.objects.filter(username=username, is_deleted=False).first()
    if user is None:
        raise CommandError(_("No user %(user)r.") % {"user": username})
    if not user.is_active:
        raise CommandError(_("User %(user)r is inactive.") % {"user": username})
    if not user.has_fineract_permission(permission):
        raise CommandError(
            _("User %(user)r may not %(doing)s (permission %(permission)s).")
            % {"user": username, "doing": doing, "permission": permission}
        )
    return user
