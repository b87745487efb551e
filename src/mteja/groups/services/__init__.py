"""Every write to centers, groups and their members."""

from mteja.groups.services.commands import activate, assign_staff, close, unassign_staff
from mteja.groups.services.members import (
    client_create_in_group,
    clients_associate,
    clients_disassociate,
    clients_transfer,
    groups_associate,
    groups_disassociate,
)
from mteja.groups.services.policy import group_policy_update
from mteja.groups.services.records import (
    center_create,
    center_delete,
    center_update,
    group_create,
    group_delete,
    group_update,
)

__all__ = [
    "activate", "assign_staff", "client_create_in_group", "close", "unassign_staff",
    "clients_associate", "clients_disassociate", "clients_transfer", "groups_associate",
    "groups_disassociate",
    "group_policy_update", "center_create", "center_delete", "center_update", "group_create",
    "group_delete", "group_update",
]  # fmt: skip
