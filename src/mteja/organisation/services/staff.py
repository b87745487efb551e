"""Writes to staff members."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.core import audit, clock, dates, values, writes
from mteja.core.errors import DomainError, ParameterError, ValidationFailed
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import save_unique, unique_field
from mteja.organisation.models import Office, Staff

STAFF_UNIQUE = [
    unique_field(
        Staff,
        "external_id",
        "error.msg.staff.duplicate.externalId",
        gettext_lazy("A staff member with external id `%(external_id)s` already exists."),
    ),
]
STAFF_UPDATABLE = values.updatable(Staff)
# Derived from the names after they are checked (a too long name is reported once, as itself).
DERIVED = ("display_name",)


def _check_staff(staff: Staff, *, check_dates: bool = True) -> None:
    """Field rules first (the model's, 400, all at once), then date rules (403, all at once).

    Date rules apply when the date or the office changes, so a record that predates them can
    still have its phone number corrected.
    """
    writes.validate(staff, exclude=DERIVED)
    staff.display_name = (
        f"{staff.lastname}, {staff.firstname}" if staff.lastname else staff.firstname
    )
    if staff.joining_date is None or not check_dates:
        return
    problems = []
    if staff.joining_date > clock.today():
        problems.append(
            ParameterError(
                "error.msg.staff.joiningDate.in.the.future",
                "joiningDate",
                _("A staff member cannot join in the future."),
                staff.joining_date.isoformat(),
            )
        )
    if staff.joining_date < staff.office.opening_date:
        problems.append(
            ParameterError(
                "error.msg.staff.joiningDate.before.office.openingDate",
                "joiningDate",
                _(
                    "A staff member cannot join before their office `%(name)s` opened "
                    "(%(opening_date)s)."
                )
                % {
                    "name": staff.office.name,
                    "opening_date": dates.shown(staff.office.opening_date),
                },
                staff.joining_date.isoformat(),
            )
        )
    if problems:
        raise DomainError.from_errors(problems)


@transaction.atomic
def staff_create(
    *,
    actor,
    office: Office,
    firstname: str,
    lastname: str,
    is_loan_officer: bool = False,
    is_active: bool = True,
    joining_date: datetime.date | None = None,
    mobile_no: str = "",
    external_id: str | None = None,
) -> Staff:
    ensure_office_in_scope(actor, office)
    staff = Staff(office=office, joining_date=joining_date)
    values.assign(
        staff,
        {
            "firstname": firstname,
            "lastname": lastname,
            "is_loan_officer": is_loan_officer,
            "is_active": is_active,
            "mobile_no": mobile_no,
            "external_id": external_id,
        },
    )
    _check_staff(staff)
    save_unique(staff, STAFF_UNIQUE)
    writes.record_created(staff, actor=actor, office=office)
    return staff


@transaction.atomic
def staff_update(*, actor, staff: Staff, **fields) -> tuple[Staff, dict]:
    """Changes any of the audited fields (office, names, flags, joining date, mobile number,
    external id); returns the staff member and the `{field: [old, new]}` of what changed
    (nothing is recorded when nothing changed)."""
    values.refuse_unknown("staff_update", fields, STAFF_UPDATABLE)
    # Both ends of a move must be the actor's: no pulling staff in, no pushing them out.
    staff, before = writes.open_write(
        staff,
        actor=actor,
        related=["office"],
        scope=lambda actor, locked: ensure_office_in_scope(actor, locked.office),
    )
    if "office" in fields:
        office = fields.pop("office")
        if office is None:
            raise ValidationFailed(
                [
                    ParameterError(
                        "validation.msg.staff.officeId.cannot.be.blank",
                        "officeId",
                        _("The parameter officeId is mandatory."),
                    )
                ]
            )
        ensure_office_in_scope(actor, office)
        staff.office = office
    values.assign(staff, fields)
    moved_or_redated = {"joining_date", "office_id"} & audit.diff(
        before, writes.snapshot(staff)
    ).keys()
    _check_staff(staff, check_dates=bool(moved_or_redated))
    changes = writes.commit_write(
        staff, actor=actor, action="UPDATE", before=before, unique=STAFF_UNIQUE, office=staff.office
    )
    return staff, changes
