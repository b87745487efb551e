"""What an accepted office transfer does to a client's groups (Fineract's rule): a client in
exactly one group must be given a group of the destination office (`destinationGroupId`),
which it joins; it leaves every group of its old office on the transfer day. Called by the
client's transfer services inside their transaction, after the client has moved."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from mteja.core.errors import DomainError, NotFound
from mteja.groups.models import Group, Membership
from mteja.groups.services import rules


def follow_transfer(
    *, client, destination_group_id: int | None, actor, day: datetime.date
) -> int | None:
    """Ends the client's stays in its old groups and joins the destination group; returns
    the group joined (None when none was asked)."""
    stays = list(client.group_memberships.current().select_for_update())
    group = _destination_group(client, destination_group_id, len(stays))
    for stay in stays:
        stay.left_on = max(day, stay.joined_on)
        stay.left_by = actor if getattr(actor, "pk", None) else None
    Membership.objects.bulk_update(stays, ["left_on", "left_by"])
    if group is None:
        return None
    rules.check_member_count(group, group.memberships.current().count() + 1)
    Membership.objects.create(
        group=group, client=client, center_id=group.center_id, joined_on=day,
        joined_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    return group.pk


def _destination_group(client, group_id: int | None, groups_before: int) -> Group | None:
    if not group_id:
        if groups_before == 1:
            raise DomainError(
                "error.msg.client.transfers.destination.group.absent",
                _("The client belongs to a group: choose its group in the new office."),
                param="destinationGroupId",
            )
        return None
    group = Group.objects.select_for_update().filter(pk=group_id).first()
    if group is None:
        raise NotFound(
            "error.msg.group.id.invalid",
            _("Group with identifier %(id)s does not exist") % {"id": group_id},
            param="destinationGroupId",
            value=group_id,
        )
    if group.office_id != client.office_id or not group.is_active:
        raise DomainError(
            "error.msg.client.transfers.destination.group.invalid",
            _("The destination group must be an active group of the new office."),
            param="destinationGroupId",
            value=group_id,
        )
    return group
