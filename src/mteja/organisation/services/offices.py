"""Writes to the office tree."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.core import clock, dates, reference_cache, values, writes
from mteja.core.errors import DomainError, ParameterError, ValidationFailed
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import save_unique, unique_field
from mteja.organisation.models import HEAD_OFFICE_ID, Office

OFFICE_UNIQUE = [
    unique_field(
        Office,
        "name",
        "error.msg.office.duplicate.name",
        gettext_lazy("An office named `%(name)s` already exists."),
    ),
    unique_field(
        Office,
        "external_id",
        "error.msg.office.duplicate.externalId",
        gettext_lazy("An office with external id `%(external_id)s` already exists."),
    ),
]


def _opening_date_error(office: Office, code: str, message: str) -> ParameterError:
    return ParameterError(
        f"error.msg.office.openingDate.{code}",
        "openingDate",
        message,
        office.opening_date.isoformat(),
    )


def _check_office_dates(office: Office) -> None:
    errors = []
    if office.opening_date > clock.today():
        errors.append(
            _opening_date_error(office, "in.the.future", _("An office cannot open in the future."))
        )
    parent = office.parent
    if parent is not None and office.opening_date < parent.opening_date:
        errors.append(
            _opening_date_error(
                office,
                "before.parent.openingDate",
                _("An office cannot open before its parent office `%(name)s` (%(opening_date)s).")
                % {"name": parent.name, "opening_date": dates.shown(parent.opening_date)},
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
                _opening_date_error(
                    office,
                    "after.child.openingDate",
                    _(
                        "The office `%(name)s` below it opened on %(opening_date)s, before this "
                        "date."
                    )
                    % {
                        "name": first_child.name,
                        "opening_date": dates.shown(first_child.opening_date),
                    },
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
    office = Office(parent=parent, opening_date=opening_date, hierarchy=".")
    values.assign(office, {"name": name, "external_id": external_id})
    writes.validate(office)
    _check_office_dates(office)
    save_unique(office, OFFICE_UNIQUE)
    office.hierarchy = f"{parent.hierarchy}{office.pk}."
    office.save(update_fields=["hierarchy"])
    writes.record_created(office, actor=actor, office=office)
    return office


OFFICE_UPDATABLE = values.updatable(Office)


@transaction.atomic
def office_update(*, actor, office: Office, **fields) -> tuple[Office, dict]:
    """Changes any of name, parent, opening_date, external_id; returns the office and the
    `{field: [old, new]}` of what changed. Moving an office moves its whole subtree."""
    values.refuse_unknown("office_update", fields, OFFICE_UPDATABLE)
    office, before = writes.open_write(office, actor=actor, scope=ensure_office_in_scope)
    old_hierarchy = office.hierarchy
    parent = fields.pop("parent", office.parent)
    values.assign(office, fields)
    if parent != office.parent:
        _move(actor, office, parent)
    writes.validate(office)
    _check_office_dates(office)
    changes = writes.commit_write(
        office, actor=actor, action="UPDATE", before=before, unique=OFFICE_UNIQUE, office=office
    )
    if office.hierarchy != old_hierarchy:
        Office.objects.filter(hierarchy__startswith=old_hierarchy).exclude(pk=office.pk).update(
            hierarchy=Concat(Value(office.hierarchy), Substr("hierarchy", len(old_hierarchy) + 1))
        )
        reference_cache.changed()  # a queryset update sends no signal
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
