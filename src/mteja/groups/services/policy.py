"""The institution's membership limits."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.core import values
from mteja.core.errors import DomainError
from mteja.groups.models import GroupPolicy


@transaction.atomic
def group_policy_update(*, actor, **fields) -> tuple[GroupPolicy, dict]:
    """Sets the minimum and maximum members per group (None: no limit)."""

    def guard(policy: GroupPolicy) -> None:
        low = fields.get("min_clients", policy.min_clients)
        high = fields.get("max_clients", policy.max_clients)
        if low is not None and high is not None and low > high:
            raise DomainError(
                "validation.msg.group.policy.minClients.greater.than.maxClients",
                _("The minimum cannot be above the maximum."),
                param="minClients",
                value=low,
                status=400,
            )

    values.refuse_unknown("group_policy_update", fields, values.updatable(GroupPolicy))
    return values.update_fields(GroupPolicy.current(), fields, actor=actor, guard=guard)
