"""Assigning and unassigning a client's loan officer, with the assignment history."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.models import (
    Client,
    StaffAssignment,
)
from mteja.clients.services.lifecycle_steps import begin
from mteja.clients.services.steps import actor_user, not_before, not_future, required
from mteja.core import clock
from mteja.core.errors import DomainError, NotAuthorized, Problems
from mteja.organisation.models import Staff
from mteja.users.notifications import services as notifications

# --- loan officer ---------------------------------------------------------------------------


def _check_assignment_day(client: Client, day: datetime.date, param: str, problems: Problems):
    """Not in the future, and not before the current officer started (no period may end
    before it began)."""
    not_future(day, param, problems, "date")
    current = (
        StaffAssignment.objects.filter(client=client, end_date__isnull=True)
        .order_by("-start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    not_before(
        day,
        current,
        param,
        problems,
        _("The current loan officer has served since %(date)s; the date cannot be earlier.")
        % {"date": current},
    )


def assign_officer(client: Client, staff: Staff | None, day: datetime.date, user) -> None:
    # A backdated step (a closure or transfer dated before the officer was assigned) ends the
    # period on its first day rather than before it began.
    StaffAssignment.objects.filter(client=client, end_date__isnull=True).update(
        end_date=Greatest(F("start_date"), Value(day))
    )
    if staff is not None:
        StaffAssignment.objects.create(client=client, staff=staff, start_date=day, assigned_by=user)
        notifications.officer_assigned(client, staff, user)
    client.staff = staff


@transaction.atomic
def client_assign_staff(
    *,
    actor,
    client: Client,
    staff_id: int | None,
    assignment_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> dict:
    run = begin("assignStaff", client, expected_version, actor)
    client, problems = run.client, run.problems
    day = assignment_date or clock.today()
    _check_assignment_day(client, day, "assignmentDate", problems)
    staff = None
    if required(staff_id, "staffId", problems, "loan officer"):
        staff = validation.resolve_loan_officer(staff_id, client.office, problems)
    problems.raise_if_any()
    if staff is not None and staff.pk == client.staff_id:
        return {}
    assign_officer(client, staff, day, actor_user(actor))
    return run.finish()


@transaction.atomic
def client_unassign_staff(
    *,
    actor,
    client: Client,
    staff_id: int | None,
    unassignment_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> dict:
    run = begin("unassignStaff", client, expected_version, actor)
    client, problems = run.client, run.problems
    required(staff_id, "staffId", problems, "loan officer")
    day = unassignment_date or clock.today()
    _check_assignment_day(client, day, "unassignmentDate", problems)
    problems.raise_if_any()
    if client.staff_id is None:
        raise DomainError(
            "error.msg.client.has.no.staff", _("The client has no loan officer."), status=404
        )
    if staff_id != client.staff_id:
        raise DomainError(
            "error.msg.client.staff.not.assigned",
            _("That staff member is not the client's loan officer."),
            param="staffId",
            value=staff_id,
        )
    assign_officer(client, None, day, actor_user(actor))
    return run.finish()


def officer_change_of_update(actor, client: Client, fields: dict) -> tuple[dict, Callable | None]:
    """An update's `staffId`: Fineract's edit changes the loan officer, and the Mifos X web-app
    sends it on every save. The fields without it, and the change to make once the update is
    written (None when it names the current officer or none: a blank says nothing, and an
    officer is unassigned with the unassignStaff command): the assign service, so that the
    change is its own ASSIGNSTAFF event with the assignment history kept, under that
    command's permission (checked before anything is written)."""
    if "staff_id" not in fields:
        return fields, None
    fields = dict(fields)
    staff_id = fields.pop("staff_id")
    if staff_id is None or staff_id == client.staff_id:
        return fields, None
    if actor is not None and not actor.has_fineract_permission("ASSIGNSTAFF_CLIENT"):
        raise NotAuthorized(_("Changing the loan officer needs the ASSIGNSTAFF_CLIENT permission."))
    return fields, lambda: client_assign_staff(actor=actor, client=client, staff_id=staff_id)
