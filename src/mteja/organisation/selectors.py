"""Reads of offices, staff and code lists that are more than a lookup."""

from __future__ import annotations

from mteja.core import reference_cache
from mteja.core.errors import NotFound
from mteja.organisation.models import Code, CodeValue, Office, Staff


def not_found_error(code: str, what: str):
    """The 404 of a record named by its id: `not_found_error("…", "Office")(7)`."""

    def error(record_id, *, param: str = "id") -> NotFound:
        message = f"{what} with identifier {record_id} does not exist"
        return NotFound(code, message, param=param, value=record_id)

    return error


office_not_found = not_found_error("error.msg.office.id.invalid", "Office")


def office_list(*, user):
    return Office.objects.restrict(user).select_related("parent").order_by("hierarchy", "id")


def office_for_write(
    *, user, office_id: int, param: str = "officeId", shared: bool = False
) -> Office:
    """An office a write refers to (a client, user or staff member created in it, a transfer
    to it): 404 if absent or outside the user's subtree, as a read of it answers, so that
    office ids outside one's subtree cannot be probed. `shared`: this worker's own row, not
    a copy, for a caller that only reads it and sets it as a row's office (an import's
    clients: reference_cache.rows_by_pk)."""
    # This worker's row or a copy of it, in a request.
    office = reference_cache.row_by_pk(Office, office_id, shared=shared)
    if office is None or not office.hierarchy.startswith(user.office.hierarchy):
        raise office_not_found(office_id, param=param)
    return office


STAFF_STATUSES = ("active", "inactive", "all")


staff_not_found = not_found_error("error.msg.staff.id.invalid", "Staff")


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


code_value_not_found = not_found_error("error.msg.codevalue.id.invalid", "Code value")


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
