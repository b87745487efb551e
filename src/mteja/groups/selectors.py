"""Reads of centers, groups and memberships that are more than a lookup."""

from __future__ import annotations

from django.db.models import QuerySet

from mteja.groups.models import Center, Group, Membership
from mteja.organisation.selectors import not_found_error

group_not_found = not_found_error("error.msg.group.id.invalid", "Group")
center_not_found = not_found_error("error.msg.center.id.invalid", "Center")


def member_client_ids(group: Group | int) -> QuerySet:
    """The ids of a group's current members, as a subquery (`Client.objects.filter(pk__in=…)`):
    what the client search's group filter reads."""
    group_id = group if isinstance(group, int) else group.pk
    return (
        Membership.objects.current().filter(group_id=group_id).values_list("client_id", flat=True)
    )


def clients_in_any_group() -> QuerySet:
    """The ids of every client currently in a group (`orphansOnly` excludes them)."""
    return Membership.objects.current().values_list("client_id", flat=True)


_WHO = ("submitted_by", "activated_by", "closed_by")


def group_rows() -> QuerySet:
    """Groups with what their API rows and pages show."""
    return Group.objects.select_related("office", "staff", "center", *_WHO)


def center_rows() -> QuerySet:
    return Center.objects.select_related("office", "staff", *_WHO)


def client_groups(client) -> QuerySet:
    """The groups a client is in now (Fineract's `groups` of a client), in one query."""
    return (
        group_rows()
        .filter(memberships__client=client, memberships__left_on__isnull=True)
        .order_by("name", "id")
    )


def group_stays(group: Group) -> QuerySet:
    """Every stay in the group, current ones first, then the latest."""
    return (
        Membership.objects.filter(group=group)
        .select_related("client", "client__office")
        .order_by("left_on", "-joined_on", "-id")
    )


def client_stays(client, *, current_only: bool = False) -> QuerySet:
    """A client's stays in groups (with their groups and centers), current ones first."""
    stays = Membership.objects.filter(client=client)
    if current_only:
        stays = stays.current()
    return stays.select_related(
        "group", "group__office", "group__center", "group__staff", "center"
    ).order_by("left_on", "-joined_on", "-id")
