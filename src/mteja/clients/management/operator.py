"""The user `mteja import` and `mteja export` act as (`--user`): their offices and
permissions apply."""

from django.core.management.base import CommandError

from mteja.users.models import AppUser


def acting_user(username: str, permission: str, doing: str) -> AppUser:
    """The user named, who may do what `permission` allows (`doing` says it in words).
    Refused in a line that says which of three things is wrong: the operator at the shell
    (not a visitor guessing names) is told whether to retype the name, have the account
    activated, or ask for the permission. A deleted user is no user: its name is free."""
    user = AppUser.objects.filter(username=username, is_deleted=False).first()
    if user is None:
        raise CommandError(f"No user {username!r}.")
    if not user.is_active:
        raise CommandError(f"User {username!r} is inactive.")
    if not user.has_fineract_permission(permission):
        raise CommandError(f"User {username!r} may not {doing} (permission {permission}).")
    return user
