"""Reads of offices, staff and code lists that are more than a lookup."""

from __future__ import annotations

from mteja.core.errors import NotAuthorized, NotFound
from mteja.organisation.models import Office


def office_not_found(office_id) -> NotFound:
    return NotFound(
        "error.msg.office.id.invalid",
        f"Office with identifier {office_id} does not exist",
        value=office_id,
    )


def office_list(*, user):
    return Office.objects.restrict(user).select_related("parent").order_by("hierarchy", "id")


def office_for_write(*, user, office_id: int, param: str = "officeId") -> Office:
    """An office a write refers to: 404 if absent, 403 if outside the user's subtree."""
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        raise NotFound(
            "error.msg.office.id.invalid",
            f"Office with identifier {office_id} does not exist",
            param=param,
            value=office_id,
        )
    if not office.hierarchy.startswith(user.office.hierarchy):
        raise NotAuthorized("The office is outside your part of the organisation.")
    return office
