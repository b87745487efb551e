"""Who is told: the users a notification concerns, never the one whose action it reports."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mteja.users.models import ALL_FUNCTIONS, AppUser

ACCEPT_TRANSFER = "ACCEPTTRANSFER_CLIENT"


def _active() -> QuerySet:
    return AppUser.objects.filter(is_active=True, is_deleted=False)


def transfer_deciders(office, actor) -> QuerySet:
    """The users who can accept a transfer into `office`: theirs or an office above it in
    their scope, and the permission to accept, from an enabled role."""
    holds = Q(roles__permissions__code__in=(ACCEPT_TRANSFER, ALL_FUNCTIONS))
    return (
        _active()
        .filter(holds, roles__is_disabled=False, office__hierarchy__in=office.lineage)
        .exclude(pk=getattr(actor, "pk", None))
        .distinct()
    )


def staff_users(staff, actor, office) -> QuerySet:
    """The users who log in as `staff` and have `office` (the client's) in their scope: a
    head-office officer may serve a branch's client, but a user linked to them who works in
    another branch could not open that client, so is not told of it."""
    return (
        _active()
        .filter(staff=staff, office__hierarchy__in=office.lineage)
        .exclude(pk=getattr(actor, "pk", None))
    )


def officers_users(staff_ids: set[int], actor) -> dict[int, list[tuple[int, str]]]:
    """Staff id → the (user id, office hierarchy) of each user who logs in as that staff
    member: many clients given officers at once (an import's batch), in one query."""
    found: dict[int, list[tuple[int, str]]] = {}
    rows = (
        _active()
        .filter(staff_id__in=staff_ids)
        .exclude(pk=getattr(actor, "pk", None))
        .values_list("staff_id", "pk", "office__hierarchy")
    )
    for staff_id, user_id, hierarchy in rows:
        found.setdefault(staff_id, []).append((user_id, hierarchy))
    return found


def starter(user_id: int | None, actor) -> QuerySet:
    """The user who started something (an import), unless they are the one who ended it."""
    return _active().filter(pk=user_id).exclude(pk=getattr(actor, "pk", None))
