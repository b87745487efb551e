"""The lifecycle of centers and groups: activate, close, assign and unassign the loan
officer. Each is one write with one audit event, named as Fineract names the command."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.core import writes
from mteja.core.errors import DomainError
from mteja.core.scoping import ensure_office_in_scope
from mteja.groups.models import Center, Group, Grouping, GroupStatus
from mteja.groups.services import members, rules
from mteja.organisation.models import CodeValue, Staff


def _open(record: Grouping, actor, expected_version=None):
    return writes.open_write(
        record,
        actor=actor,
        expected_version=expected_version,
        related=["office"],
        scope=lambda actor, locked: ensure_office_in_scope(actor, locked.office),
    )


def _finish(record: Grouping, actor, action: str, before: dict, extra=None) -> dict:
    event = {"office": record.office}
    if isinstance(record, Group):
        event["group_id"] = record.pk
    return writes.commit_write(
        record, actor=actor, action=action, before=before, record_unchanged=True,
        extra=extra, **event,
    )  # fmt: skip


def _maker(actor):
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def activate(*, actor, record: Grouping, activation_date: datetime.date) -> dict:
    record, before = _open(record, actor)
    rules.require(record, "activationDate", activation_date)
    if record.status != GroupStatus.PENDING:
        raise DomainError(
            f"error.msg.{rules.resource(record)}.already.active"
            if record.is_active
            else f"error.msg.{rules.resource(record)}.not.pending",
            _("Only a pending %(what)s can be activated.") % {"what": rules.what(record)},
            param="activationDate",
        )
    record.activation_date = activation_date
    rules.check_dates(record)
    if isinstance(record, Group):
        rules.check_member_count(record, len(members.current_member_ids(record)), activating=True)
    record.status = GroupStatus.ACTIVE
    record.activated_by = _maker(actor)
    return _finish(record, actor, "ACTIVATE", before)


@transaction.atomic
def close(
    *, actor, record: Grouping, closure_date: datetime.date, closure_reason: CodeValue
) -> dict:
    """Closes a center (once it holds no open group) or a group (its members leave it on the
    closure date: their stays are kept)."""
    record, before = _open(record, actor)
    rules.require(record, "closureDate", closure_date)
    rules.require(record, "closureReasonId", closure_reason)
    rules.check_not_closed(record)
    rules.check_day(record, "closureDate", closure_date, record.office)
    if record.activation_date and closure_date < record.activation_date:
        raise DomainError(
            f"error.msg.{rules.resource(record)}.closureDate.cannot.be.before.activation.date",
            _("A %(what)s cannot close before it was activated.") % {"what": rules.what(record)},
            param="closureDate",
            value=closure_date.isoformat(),
        )
    extra = None
    if isinstance(record, Center):
        if record.groups.exclude(status=GroupStatus.CLOSED).exists():
            raise DomainError(
                "error.msg.center.close.active.groups.exist",
                _("Close or remove the center's groups before closing it."),
            )
    else:
        leaving = members.current_member_ids(record)
        if leaving:
            members.leave(record, leaving, actor=actor, day=closure_date)
            extra = {"clientMembers": [leaving, []]}
    record.status = GroupStatus.CLOSED
    record.closed_on = closure_date
    record.closure_reason = closure_reason
    record.closed_by = _maker(actor)
    return _finish(record, actor, "CLOSE", before, extra)


@transaction.atomic
def assign_staff(*, actor, record: Grouping, staff: Staff) -> dict:
    record, before = _open(record, actor)
    rules.require(record, "staffId", staff)
    rules.check_staff(record, staff)
    record.staff = staff
    return _finish(record, actor, "ASSIGNSTAFF", before)


@transaction.atomic
def unassign_staff(*, actor, record: Grouping, staff: Staff | None = None) -> dict:
    """Removes the loan officer (the one named, when a staffId is sent, as Fineract asks)."""
    record, before = _open(record, actor)
    if record.staff_id is None or (staff is not None and staff.pk != record.staff_id):
        raise DomainError(
            f"error.msg.{rules.resource(record)}.has.no.staff"
            if record.staff_id is None
            else "error.msg.staff.id.invalid",
            _("This loan officer is not assigned to the %(what)s.") % {"what": rules.what(record)},
            param="staffId",
            value=getattr(staff, "pk", None),
        )
    record.staff = None
    return _finish(record, actor, "UNASSIGNSTAFF", before)
