"""Who is in a group, and which groups are in a center: joining and leaving, dated and kept.

Each service is one write with one audit event on the group (or center) it changes; the
client's stays are rows of Membership, so the client's page shows past groups too."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients import services as client_services
from mteja.clients.models import Client
from mteja.core import clock, writes
from mteja.core.errors import DomainError
from mteja.groups.models import Center, Group, Membership
from mteja.groups.services import rules


def _lock_clients(clients: Iterable[Client]) -> list[Client]:
    """The clients again, locked in id order (two writers never wait on each other in a
    circle), each once."""
    ids = sorted({client.pk for client in clients})
    return list(Client.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk"))


def current_member_ids(group: Group) -> list[int]:
    return sorted(group.memberships.current().values_list("client_id", flat=True))


def join(group: Group, clients: Iterable[Client], *, actor, day: datetime.date) -> list[int]:
    """Adds `clients` to `group` (no event: the caller records one); returns their ids."""
    rules.check_not_closed(group)
    clients = _lock_clients(clients)
    current = set(current_member_ids(group))
    for client in clients:
        if client.pk in current:
            raise DomainError(
                "error.msg.group.client.exist.in.group",
                _("“%(client)s” is already a member of “%(group)s”.")
                % {"client": client.display_name, "group": group.name},
                param="clientMembers",
                value=client.pk,
            )
        rules.check_may_join(client, group)
    rules.check_member_count(group, len(current) + len(clients))
    Membership.objects.bulk_create(
        Membership(group=group, client=c, center_id=group.center_id, joined_on=day, joined_by=actor)
        for c in clients
    )
    return [client.pk for client in clients]


def leave(group: Group, client_ids: Iterable[int], *, actor, day: datetime.date) -> list[int]:
    """Ends the current stays of the clients `client_ids` in `group`, dated `day`."""
    ids = sorted(set(client_ids))
    stays = {m.client_id: m for m in group.memberships.current().filter(client_id__in=ids)}
    for client_id in ids:
        if client_id not in stays:
            raise DomainError(
                "error.msg.group.client.not.in.group",
                _("One of the chosen clients is not a member of “%(group)s”.")
                % {"group": group.name},
                param="clientMembers",
                value=client_id,
            )
    for stay in stays.values():
        stay.left_on = max(day, stay.joined_on)
        stay.left_by = actor
    Membership.objects.bulk_update(stays.values(), ["left_on", "left_by"])
    return ids


def _record(record, actor, action: str, changes: dict) -> None:
    record.version += 1
    record.last_modified_by = actor if getattr(actor, "pk", None) else None
    record.save(update_fields=["version", "last_modified_by", "last_modified_on"])
    event = {"group_id": record.pk} if isinstance(record, Group) else {}
    writes.record(
        record, actor=actor, action=action, changes=changes, office=record.office, **event
    )


def _locked(record):
    return writes.lock(record, related=["office"])


@transaction.atomic
def clients_associate(*, actor, group: Group, clients: list[Client]) -> list[int]:
    group = _locked(group)
    before = current_member_ids(group)
    added = join(group, clients, actor=actor, day=clock.today())
    _record(group, actor, "ASSOCIATECLIENTS", {"clientMembers": [before, sorted(before + added)]})
    return added


@transaction.atomic
def clients_disassociate(*, actor, group: Group, clients: list[Client]) -> list[int]:
    group = _locked(group)
    before = current_member_ids(group)
    removed = leave(group, [c.pk for c in clients], actor=actor, day=clock.today())
    after = sorted(set(before) - set(removed))
    _record(group, actor, "DISASSOCIATECLIENTS", {"clientMembers": [before, after]})
    return removed


@transaction.atomic
def clients_transfer(
    *, actor, group: Group, destination: Group, clients: list[Client]
) -> list[int]:
    """Moves clients to another group of the same office: they leave one and join the other
    the same day; one event on the group they leave names both."""
    group = _locked(group)
    destination = _locked(destination)
    if destination.pk == group.pk:
        raise DomainError(
            "error.msg.group.transfer.to.same.group",
            _("The clients are already in this group."),
            param="destinationGroupId",
            value=destination.pk,
        )
    rules.check_same_office(destination, group, "error.msg.group.transfer.to.other.office")
    today = clock.today()
    before = current_member_ids(group)
    moved = leave(group, [c.pk for c in clients], actor=actor, day=today)
    join(destination, clients, actor=actor, day=today)
    changes = {
        "clientMembers": [before, sorted(set(before) - set(moved))],
        "destinationGroupId": [None, destination.pk],
    }
    _record(group, actor, "TRANSFERCLIENTS", changes)
    return moved


@transaction.atomic
def client_create_in_group(*, actor, office, fields: dict, group: Group):
    """Fineract's `POST /clients` with `groupId`: the client is created and joins the group in
    one transaction (the group's office must be the client's: Fineract does not check it)."""
    outcome = client_services.client_create(actor=actor, office=office, fields=fields)
    clients_associate(actor=actor, group=group, clients=[outcome.client])
    return outcome


# --- groups in a center --------------------------------------------------------------------


def center_group_ids(center: Center) -> list[int]:
    return sorted(center.groups.values_list("pk", flat=True))


def attach_groups(center: Center, groups: Iterable[Group]) -> list[int]:
    """Puts `groups` in `center` (no event: the caller records one)."""
    rules.check_not_closed(center)
    locked = list(Group.objects.select_for_update(of=("self",)).filter(
        pk__in=sorted({g.pk for g in groups})
    ).select_related("office"))  # fmt: skip
    for group in locked:
        rules.check_same_office(group, center, "error.msg.group.attach.to.center.invalid.office")
        rules.check_not_closed(group)
        if group.center_id is not None:
            raise DomainError(
                "error.msg.group.already.attached.to.center",
                _("“%(group)s” already belongs to a center.") % {"group": group.name},
                param="groupMembers",
                value=group.pk,
            )
    Group.objects.filter(pk__in=[g.pk for g in locked]).update(center=center)
    return [group.pk for group in locked]


@transaction.atomic
def groups_associate(*, actor, center: Center, groups: list[Group]) -> list[int]:
    center = _locked(center)
    before = center_group_ids(center)
    added = attach_groups(center, groups)
    _record(center, actor, "ASSOCIATEGROUPS", {"groupMembers": [before, sorted(before + added)]})
    return added


@transaction.atomic
def groups_disassociate(*, actor, center: Center, groups: list[Group]) -> list[int]:
    center = _locked(center)
    before = center_group_ids(center)
    ids = sorted({group.pk for group in groups})
    for group_id in ids:
        if group_id not in before:
            raise DomainError(
                "error.msg.group.not.in.center",
                _("One of the chosen groups is not in “%(center)s”.") % {"center": center.name},
                param="groupMembers",
                value=group_id,
            )
    Group.objects.filter(pk__in=ids).update(center=None)
    after = sorted(set(before) - set(ids))
    _record(center, actor, "DISASSOCIATEGROUPS", {"groupMembers": [before, after]})
    return ids
