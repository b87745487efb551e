"""Reads of users, roles and permission codes that are more than a lookup."""

from __future__ import annotations

from django.db.models import Prefetch

from mteja.organisation.selectors import not_found_error
from mteja.users.models import AppUser, Permission, Role

user_not_found = not_found_error("error.msg.user.id.invalid", "User")
role_not_found = not_found_error("error.msg.role.id.invalid", "Role")


def user_rows():
    """Users that are not deleted, with what a page or an answer shows of them."""
    return (
        AppUser.objects.filter(is_deleted=False)
        .select_related("office", "staff")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("name", "id")))
        .order_by("username", "id")
    )


def user_list(*, user):
    """Users of `user`'s office subtree, deleted ones left out, ready to serialise."""
    return user_rows().restrict(user)


def role_list():
    """Roles are global: every office shares the same catalogue of roles."""
    return Role.objects.order_by("name", "id")


def grantable_roles(*, user):
    """The roles `user` may give or take away: those holding no permission `user` lacks."""
    not_held = Permission.objects.exclude(user.held_permissions())
    return Role.objects.exclude(permissions__in=not_held).order_by("name", "id")


def roles_by_ids(role_ids: list[int], *, param: str = "roles") -> list[Role]:
    """The roles named by `role_ids`, in that order; 404 for the first unknown id."""
    found = Role.objects.in_bulk(set(role_ids))
    for role_id in role_ids:
        if role_id not in found:
            raise role_not_found(role_id, param=param)
    return [found[role_id] for role_id in dict.fromkeys(role_ids)]


def permission_list():
    return Permission.objects.order_by("grouping", "code")


def role_permission_codes(role: Role) -> set[str]:
    return set(role.permissions.values_list("code", flat=True))
