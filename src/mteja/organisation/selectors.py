"""Reads of offices, staff and code lists that are more than a lookup."""

from __future__ import annotations

from mteja.core.errors import NotAuthorized, NotFound
from mteja.organisation.models import Code, CodeValue, Office, Staff


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


STAFF_STATUSES = ("active", "inactive", "all")


def staff_not_found(staff_id) -> NotFound:
    return NotFound(
        "error.msg.staff.id.invalid",
        f"Staff with identifier {staff_id} does not exist",
        value=staff_id,
    )


def staff_list(
    *,
    user,
    office_id: int | None = None,
    status: str = "active",
    loan_officers_only: bool = False,
):
    """Staff of the user's subtree, by display name; `status` is active, inactive or all."""
    if status not in STAFF_STATUSES:
        raise ValueError(f"status must be one of {', '.join(STAFF_STATUSES)}, not {status!r}")
    staff = Staff.objects.restrict(user).select_related("office")
    if office_id is not None:
        staff = staff.filter(office_id=office_id)
    if status != "all":
        staff = staff.filter(is_active=status == "active")
    if loan_officers_only:
        staff = staff.filter(is_loan_officer=True)
    return staff.order_by("display_name", "id")


def code_not_found(code_id) -> NotFound:
    return NotFound(
        "error.msg.code.identifier.not.found",
        f"Code with identifier `{code_id}` does not exist",
        value=code_id,
    )


def code_value_not_found(code_value_id) -> NotFound:
    return NotFound(
        "error.msg.codevalue.id.invalid",
        f"Code value with identifier {code_value_id} does not exist",
        value=code_value_id,
    )


def code_value_list(*, user, code: Code):
    """Every value of `code`, inactive ones too: this is what an administrator edits."""
    return CodeValue.objects.restrict(user).filter(code=code).order_by("position", "id")


def code_values_for(code_name: str, *, active_only: bool = True):
    """The options of the code named `code_name` (e.g. "Gender") in display order; none if
    no such code exists, so a drop-down is empty rather than broken."""
    values = CodeValue.objects.filter(code__name=code_name)
    if active_only:
        values = values.filter(is_active=True)
    return values.order_by("position", "id")
