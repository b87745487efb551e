"""A group or center as the owner of parts kept elsewhere (notes, documents, accounts):
`/groups/{id}/…` names either, since both draw their ids from one sequence (models.py,
GroupingNumber), as Fineract's one table does."""

from __future__ import annotations

from mteja.core import wire
from mteja.core.api.views import one
from mteja.groups import selectors
from mteja.groups.models import Center, Group


def grouping_for_read(request, pk) -> Group | Center:
    """The group or center `pk` names, in the user's offices; 404 otherwise (by a group's
    error: the path says /groups)."""
    for rows in (Group.objects, Center.objects):
        found = one(rows.restrict(request.user).select_related("office").filter(pk=pk))
        if found is not None:
            return found
    raise selectors.group_not_found(pk)


def center_for_read(request, pk) -> Center:
    found = one(Center.objects.restrict(request.user).select_related("office").filter(pk=pk))
    if found is None:
        raise selectors.center_not_found(pk)
    return found


# A write finds its owner as a read does (404 outside the user's offices); the services
# check the office again inside their transaction.
grouping_for_write = grouping_for_read


def grouping_result(record, resource_id: int, changes: dict | None = None) -> dict:
    """Fineract's answer to a write on a group's part."""
    return wire.write_result(
        resource_id, officeId=record.office_id, groupId=record.pk, changes=changes
    )


def kind_entity(pk) -> str:
    """GROUP or CENTER: the entity of the permission codes a path's id calls for."""
    return "CENTER" if Center.objects.filter(pk=pk).exists() else "GROUP"
