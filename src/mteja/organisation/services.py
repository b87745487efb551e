"""Every write to offices, staff and code lists."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from mteja.core import audit, clock
from mteja.core.errors import (
    DataIntegrityViolation,
    DomainError,
    ParameterError,
    Problems,
    UniquenessViolation,
    ValidationFailed,
)
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import HEAD_OFFICE_ID, Code, CodeValue, Office, Staff

OFFICE_AUDIT_FIELDS = ["name", "parent_id", "opening_date", "external_id"]

OFFICE_UNIQUE = [
    UniqueCheck(
        ("name",),
        lambda o: UniquenessViolation(
            "error.msg.office.duplicate.name",
            _("An office named `%(name)s` already exists.")
            % {
                "name": o.name,
            },
            param="name",
            value=o.name,
        ),
    ),
    UniqueCheck(
        ("external_id",),
        lambda o: UniquenessViolation(
            "error.msg.office.duplicate.externalId",
            _("An office with external id `%(external_id)s` already exists.")
            % {
                "external_id": o.external_id,
            },
            param="externalId",
            value=o.external_id,
        ),
    ),
]


def _check_office_dates(office: Office) -> None:
    errors = []
    if office.opening_date > clock.today():
        errors.append(
            ParameterError(
                "error.msg.office.openingDate.in.the.future",
                "openingDate",
                _("An office cannot open in the future."),
                office.opening_date.isoformat(),
            )
        )
    if office.parent is not None and office.opening_date < office.parent.opening_date:
        errors.append(
            ParameterError(
                "error.msg.office.openingDate.before.parent.openingDate",
                "openingDate",
                _("An office cannot open before its parent office `%(name)s` (%(opening_date)s).")
                % {
                    "name": office.parent.name,
                    "opening_date": office.parent.opening_date.isoformat(),
                },
                office.opening_date.isoformat(),
            )
        )
    if office.pk is not None:
        first_child = (
            Office.objects.filter(parent=office, opening_date__lt=office.opening_date)
            .order_by("opening_date")
            .first()
        )
        if first_child is not None:
            errors.append(
                ParameterError(
                    "error.msg.office.openingDate.after.child.openingDate",
                    "openingDate",
                    _(
                        "The office `%(name)s` below it opened on %(opening_date)s, before this "
                        "date."
                    )
                    % {
                        "name": first_child.name,
                        "opening_date": first_child.opening_date.isoformat(),
                    },
                    office.opening_date.isoformat(),
                )
            )
    if errors:
        raise DomainError.from_errors(errors)


@transaction.atomic
def office_create(
    *,
    actor,
    name: str,
    parent: Office,
    opening_date: datetime.date,
    external_id: str | None = None,
) -> Office:
    ensure_office_in_scope(actor, parent)
    office = Office(
        name=name.strip(),
        parent=parent,
        opening_date=opening_date,
        external_id=(external_id or "").strip() or None,
        hierarchy=".",
    )
    _check_office_dates(office)
    save_unique(office, OFFICE_UNIQUE)
    office.hierarchy = f"{parent.hierarchy}{office.pk}."
    office.save(update_fields=["hierarchy"])
    audit.record_creation(
        actor=actor, entity="OFFICE", instance=office, fields=OFFICE_AUDIT_FIELDS, office=office
    )
    return office


@transaction.atomic
def office_update(*, actor, office: Office, **fields) -> tuple[Office, dict]:
    """Changes any of name, parent, opening_date, external_id; returns the office and the
    `{field: [old, new]}` of what changed. Moving an office moves its whole subtree."""
    office = Office.objects.select_for_update(of=("self",)).get(pk=office.pk)
    ensure_office_in_scope(actor, office)
    before = audit.snapshot(office, OFFICE_AUDIT_FIELDS)
    old_hierarchy = office.hierarchy
    if "name" in fields:
        office.name = fields["name"].strip()
    if "external_id" in fields:
        office.external_id = (fields["external_id"] or "").strip() or None
    if "opening_date" in fields:
        office.opening_date = fields["opening_date"]
    if "parent" in fields and fields["parent"] != office.parent:
        _move(actor, office, fields["parent"])
    _check_office_dates(office)
    save_unique(office, OFFICE_UNIQUE)
    if office.hierarchy != old_hierarchy:
        # The hierarchy path is derived data, not audited: the move is audited as parent_id.
        Office.objects.filter(hierarchy__startswith=old_hierarchy).exclude(pk=office.pk).update(
            hierarchy=Concat(Value(office.hierarchy), Substr("hierarchy", len(old_hierarchy) + 1))
        )
    changes = audit.diff(before, audit.snapshot(office, OFFICE_AUDIT_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="UPDATE",
            entity="OFFICE",
            resource_id=office.pk,
            office=office,
            resource_external_id=office.external_id,
            changes=changes,
        )
    return office, changes


def _move(actor, office: Office, parent: Office | None) -> None:
    if office.pk == HEAD_OFFICE_ID:
        raise DomainError(
            "error.msg.office.head.office.cannot.have.parent",
            _("The head office cannot be placed under another office."),
            param="parentId",
        )
    if parent is None:
        raise ValidationFailed(
            [
                ParameterError(
                    "validation.msg.office.parentId.cannot.be.blank",
                    "parentId",
                    _("The parameter parentId is mandatory."),
                )
            ]
        )
    if parent.hierarchy.startswith(office.hierarchy):
        raise DomainError(
            "error.msg.office.parentId.cannot.be.self.or.descendant",
            _("An office cannot be placed under itself or one of its own sub-offices."),
            param="parentId",
            value=parent.pk,
        )
    ensure_office_in_scope(actor, parent)
    office.parent = parent
    office.hierarchy = f"{parent.hierarchy}{office.pk}."


# --- Staff ---------------------------------------------------------------------------------

STAFF_AUDIT_FIELDS = [
    "office_id",
    "firstname",
    "lastname",
    "is_loan_officer",
    "is_active",
    "joining_date",
    "mobile_no",
    "external_id",
]
STAFF_UPDATABLE = frozenset(
    {
        "office",
        "firstname",
        "lastname",
        "is_loan_officer",
        "is_active",
        "joining_date",
        "mobile_no",
        "external_id",
    }
)

STAFF_UNIQUE = [
    UniqueCheck(
        ("external_id",),
        lambda s: UniquenessViolation(
            "error.msg.staff.duplicate.externalId",
            _("A staff member with external id `%(external_id)s` already exists.")
            % {
                "external_id": s.external_id,
            },
            param="externalId",
            value=s.external_id,
        ),
    ),
]


def _staff_display_name(firstname: str, lastname: str) -> str:
    return f"{lastname}, {firstname}" if lastname else firstname


def _check_staff(staff: Staff, *, check_dates: bool = True) -> None:
    """Field rules first (400, all at once), then date rules (403, all at once).

    The API's serializer checks the same lengths; repeating them here keeps the web forms,
    importers and the CLI, which call this service directly, from storing what the API refuses.
    Date rules apply when the date or the office changes, so a record that predates them can
    still have its phone number corrected.
    """
    errors = Problems("staff")
    for field, param, limit in (
        ("firstname", "firstname", 50),
        ("lastname", "lastname", 50),
        ("mobile_no", "mobileNo", 50),
        ("external_id", "externalId", 100),
    ):
        value = getattr(staff, field) or ""
        if field in ("firstname", "lastname") and not value:
            errors.add(
                param,
                "cannot.be.blank",
                _("The parameter %(param)s is mandatory.")
                % {
                    "param": param,
                },
            )
        elif len(value) > limit:
            errors.add(
                param,
                "exceeds.max.length",
                _("The parameter %(param)s exceeds max length of %(limit)s.")
                % {
                    "param": param,
                    "limit": limit,
                },
                value=value,
                args=(limit,),
            )
    errors.raise_if_any()

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
                    "opening_date": staff.office.opening_date.isoformat(),
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
    staff = Staff(
        office=office,
        firstname=(firstname or "").strip(),
        lastname=(lastname or "").strip(),
        is_loan_officer=bool(is_loan_officer),
        is_active=bool(is_active),
        joining_date=joining_date,
        mobile_no=(mobile_no or "").strip(),
        external_id=(external_id or "").strip() or None,
    )
    staff.display_name = _staff_display_name(staff.firstname, staff.lastname)
    _check_staff(staff)
    save_unique(staff, STAFF_UNIQUE)
    audit.record_creation(
        actor=actor, entity="STAFF", instance=staff, fields=STAFF_AUDIT_FIELDS, office=office
    )
    return staff


@transaction.atomic
def staff_update(*, actor, staff: Staff, **fields) -> tuple[Staff, dict]:
    """Changes any of office, firstname, lastname, is_loan_officer, is_active, joining_date,
    mobile_no, external_id; returns the staff member and the `{field: [old, new]}` of what
    changed (nothing is recorded when nothing changed)."""
    unknown = set(fields) - STAFF_UPDATABLE
    if unknown:
        raise TypeError(f"staff_update() got unexpected fields: {', '.join(sorted(unknown))}")
    staff = Staff.objects.select_for_update(of=("self",)).select_related("office").get(pk=staff.pk)
    # Both ends of a move must be the actor's: no pulling staff in, no pushing them out.
    ensure_office_in_scope(actor, staff.office)
    before = audit.snapshot(staff, STAFF_AUDIT_FIELDS)
    if "office" in fields and fields["office"] is not None:
        ensure_office_in_scope(actor, fields["office"])
        staff.office = fields["office"]
    elif "office" in fields:
        raise ValidationFailed(
            [
                ParameterError(
                    "validation.msg.staff.officeId.cannot.be.blank",
                    "officeId",
                    _("The parameter officeId is mandatory."),
                )
            ]
        )
    for name in ("firstname", "lastname", "mobile_no"):
        if name in fields:
            setattr(staff, name, (fields[name] or "").strip())
    for name in ("is_loan_officer", "is_active"):
        if name in fields:
            setattr(staff, name, bool(fields[name]))
    if "joining_date" in fields:
        staff.joining_date = fields["joining_date"]
    if "external_id" in fields:
        staff.external_id = (fields["external_id"] or "").strip() or None
    staff.display_name = _staff_display_name(staff.firstname, staff.lastname)
    changes = audit.diff(before, audit.snapshot(staff, STAFF_AUDIT_FIELDS))
    _check_staff(staff, check_dates=bool({"joining_date", "office_id"} & changes.keys()))
    if changes:
        save_unique(staff, STAFF_UNIQUE)
        audit.record(
            actor=actor,
            action="UPDATE",
            entity="STAFF",
            resource_id=staff.pk,
            office=staff.office,
            resource_external_id=staff.external_id,
            changes=changes,
        )
    return staff, changes


# --- Code lists ----------------------------------------------------------------------------

CODE_AUDIT_FIELDS = ["name", "is_system_defined"]
CODE_VALUE_AUDIT_FIELDS = ["code_id", "name", "description", "position", "is_active"]
CODE_VALUE_UPDATABLE = frozenset({"name", "description", "position", "is_active"})

CODE_UNIQUE = [
    UniqueCheck(
        ("name",),
        lambda c: UniquenessViolation(
            "error.msg.code.duplicate.name",
            _("A code with name `%(name)s` already exists.")
            % {
                "name": c.name,
            },
            param="name",
            value=c.name,
        ),
    ),
]
CODE_VALUE_UNIQUE = [
    UniqueCheck(
        ("code_id", "name"),
        lambda v: UniquenessViolation(
            "error.msg.codevalue.duplicate.label",
            _("The code `%(name)s` already has a value named `%(v_name)s`.")
            % {
                "name": v.code.name,
                "v_name": v.name,
            },
            param="name",
            value=v.name,
        ),
    ),
]


def _check_length(errors: Problems, param: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.add(
            param,
            "exceeds.max.length",
            _("The parameter %(param)s exceeds max length of %(limit)s.")
            % {
                "param": param,
                "limit": limit,
            },
            value=value,
            args=(limit,),
        )


def _check_code_name(name: str) -> None:
    errors = Problems("code")
    if not name:
        errors.add("name", "cannot.be.blank", _("The parameter name is mandatory."))
    _check_length(errors, "name", name, 100)
    errors.raise_if_any()


def _refuse_system_code(code: Code) -> None:
    # Other modules find system codes by name (Gender, Customer Identifier…): renaming or
    # deleting one would silently empty their drop-downs.
    if code.is_system_defined:
        raise DomainError(
            "error.msg.code.systemdefined",
            _("This code is system defined and cannot be modified or deleted."),
            value=code.pk,
        )


@transaction.atomic
def code_create(*, actor, name: str) -> Code:
    code = Code(name=(name or "").strip(), is_system_defined=False)
    _check_code_name(code.name)
    save_unique(code, CODE_UNIQUE)
    audit.record_creation(actor=actor, entity="CODE", instance=code, fields=CODE_AUDIT_FIELDS)
    return code


@transaction.atomic
def code_update(*, actor, code: Code, name: str) -> tuple[Code, dict]:
    code = Code.objects.select_for_update(of=("self",)).get(pk=code.pk)
    _refuse_system_code(code)
    before = audit.snapshot(code, CODE_AUDIT_FIELDS)
    code.name = (name or "").strip()
    _check_code_name(code.name)
    changes = audit.diff(before, audit.snapshot(code, CODE_AUDIT_FIELDS))
    if changes:
        save_unique(code, CODE_UNIQUE)
        audit.record(
            actor=actor, action="UPDATE", entity="CODE", resource_id=code.pk, changes=changes
        )
    return code, changes


@transaction.atomic
def code_delete(*, actor, code: Code) -> None:
    """Deletes a code with its values; refused for system codes and for codes whose values
    something refers to (the collector finds that before deleting anything)."""
    code = Code.objects.select_for_update(of=("self",)).get(pk=code.pk)
    _refuse_system_code(code)
    before = audit.snapshot(code, CODE_AUDIT_FIELDS)
    # The values go with the code, so the one event of this write names them.
    before["values"] = list(code.values.order_by("position", "id").values_list("name", flat=True))
    code_id = code.pk
    try:
        code.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise DataIntegrityViolation(
            "error.msg.code.in.use",
            _(
                "Values of the code `%(name)s` are in use, so it cannot be deleted; "
                "deactivate the values instead."
            )
            % {
                "name": code.name,
            },
            value=code_id,
        ) from exc
    audit.record(
        actor=actor,
        action="DELETE",
        entity="CODE",
        resource_id=code_id,
        changes={name: [old, None] for name, old in before.items()},
    )


def _check_code_value(value: CodeValue) -> None:
    errors = Problems("code.value")
    if not value.name:
        errors.add("name", "cannot.be.blank", _("The parameter name is mandatory."))
    _check_length(errors, "name", value.name, 100)
    _check_length(errors, "description", value.description, 500)
    errors.raise_if_any()


@transaction.atomic
def code_value_create(
    *,
    actor,
    code: Code,
    name: str,
    description: str = "",
    position: int = 0,
    is_active: bool = True,
) -> CodeValue:
    value = CodeValue(
        code=code,
        name=(name or "").strip(),
        description=(description or "").strip(),
        position=position or 0,
        is_active=bool(is_active),
    )
    _check_code_value(value)
    save_unique(value, CODE_VALUE_UNIQUE)
    audit.record_creation(
        actor=actor, entity="CODEVALUE", instance=value, fields=CODE_VALUE_AUDIT_FIELDS
    )
    return value


@transaction.atomic
def code_value_update(*, actor, code_value: CodeValue, **fields) -> tuple[CodeValue, dict]:
    """Changes any of name, description, position, is_active; returns the value and the
    `{field: [old, new]}` of what changed (nothing is recorded when nothing changed)."""
    unknown = set(fields) - CODE_VALUE_UPDATABLE
    if unknown:
        raise TypeError(f"code_value_update() got unexpected fields: {', '.join(sorted(unknown))}")
    value = (
        CodeValue.objects.select_for_update(of=("self",))
        .select_related("code")
        .get(pk=code_value.pk)
    )
    before = audit.snapshot(value, CODE_VALUE_AUDIT_FIELDS)
    if "name" in fields:
        value.name = (fields["name"] or "").strip()
    if "description" in fields:
        value.description = (fields["description"] or "").strip()
    if "position" in fields:
        value.position = fields["position"] or 0
    if "is_active" in fields:
        value.is_active = bool(fields["is_active"])
    _check_code_value(value)
    changes = audit.diff(before, audit.snapshot(value, CODE_VALUE_AUDIT_FIELDS))
    if changes:
        save_unique(value, CODE_VALUE_UNIQUE)
        audit.record(
            actor=actor,
            action="UPDATE",
            entity="CODEVALUE",
            resource_id=value.pk,
            changes=changes,
        )
    return value, changes


@transaction.atomic
def code_value_delete(*, actor, code_value: CodeValue) -> None:
    """Deletes a value nothing refers to. Clients, identifiers and the like refer to values
    with PROTECT, so a value in use raises ProtectedError before anything is deleted; it must
    be deactivated instead, which keeps old records readable."""
    value = (
        CodeValue.objects.select_for_update(of=("self",))
        .select_related("code")
        .get(pk=code_value.pk)
    )
    before = audit.snapshot(value, CODE_VALUE_AUDIT_FIELDS)
    value_id = value.pk
    try:
        value.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise DataIntegrityViolation(
            "error.msg.codevalue.in.use",
            _(
                "The value `%(name)s` of the code `%(code_name)s` is in use and cannot "
                "be deleted; deactivate it instead (isActive: false)."
            )
            % {
                "name": value.name,
                "code_name": value.code.name,
            },
            value=value_id,
        ) from exc
    audit.record(
        actor=actor,
        action="DELETE",
        entity="CODEVALUE",
        resource_id=value_id,
        changes={name: [old, None] for name, old in before.items()},
    )
