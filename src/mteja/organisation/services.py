"""Every write to offices, staff and code lists."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from mteja.core import audit, clock
from mteja.core.errors import DomainError, ParameterError, UniquenessViolation, ValidationFailed
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import HEAD_OFFICE_ID, Office

OFFICE_AUDIT_FIELDS = ["name", "parent_id", "opening_date", "external_id"]

OFFICE_UNIQUE = [
    UniqueCheck(
        ("name",),
        lambda o: UniquenessViolation(
            "error.msg.office.duplicate.name",
            f"An office named `{o.name}` already exists.",
            param="name",
            value=o.name,
        ),
    ),
    UniqueCheck(
        ("external_id",),
        lambda o: UniquenessViolation(
            "error.msg.office.duplicate.externalId",
            f"An office with external id `{o.external_id}` already exists.",
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
                "An office cannot open in the future.",
                office.opening_date.isoformat(),
            )
        )
    if office.parent is not None and office.opening_date < office.parent.opening_date:
        errors.append(
            ParameterError(
                "error.msg.office.openingDate.before.parent.openingDate",
                "openingDate",
                f"An office cannot open before its parent office "
                f"`{office.parent.name}` ({office.parent.opening_date.isoformat()}).",
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
                    f"The office `{first_child.name}` below it opened on "
                    f"{first_child.opening_date.isoformat()}, before this date.",
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
    audit.record(
        actor=actor,
        action="CREATE",
        entity="OFFICE",
        resource_id=office.pk,
        office=office,
        resource_external_id=office.external_id,
        changes=audit.diff({}, audit.snapshot(office, OFFICE_AUDIT_FIELDS)),
    )
    return office


@transaction.atomic
def office_update(*, actor, office: Office, **fields) -> tuple[Office, dict]:
    """Changes any of name, parent, opening_date, external_id; returns the office and the
    `{field: [old, new]}` of what changed. Moving an office moves its whole subtree."""
    office = Office.objects.select_for_update().get(pk=office.pk)
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
            "The head office cannot be placed under another office.",
            param="parentId",
        )
    if parent is None:
        raise ValidationFailed(
            [
                ParameterError(
                    "validation.msg.office.parentId.cannot.be.blank",
                    "parentId",
                    "The parameter parentId is mandatory.",
                )
            ]
        )
    if parent.hierarchy.startswith(office.hierarchy):
        raise DomainError(
            "error.msg.office.parentId.cannot.be.self.or.descendant",
            "An office cannot be placed under itself or one of its own sub-offices.",
            param="parentId",
            value=parent.pk,
        )
    ensure_office_in_scope(actor, parent)
    office.parent = parent
    office.hierarchy = f"{parent.hierarchy}{office.pk}."
