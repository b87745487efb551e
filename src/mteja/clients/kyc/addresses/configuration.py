"""The institution's configuration of a form's fields (Fineract's /fieldconfiguration):
which are on, which are mandatory, and their format."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.kyc.addresses.fields import (
    ADDRESS_TYPE_FIELD,
    CONFIGURATION_ENTITY,
    ENTITY,
    SUBENTITY,
)
from mteja.clients.kyc.inputs import UNSET, GivenFields, first_time
from mteja.clients.models import FieldConfiguration
from mteja.core import audit, regexes
from mteja.core.errors import NotFound, Problems


@dataclass(frozen=True)
class FieldSetting(GivenFields):
    """The new setting of one configured field; UNSET attributes stay as they are."""

    field: str
    is_enabled: bool = UNSET
    is_mandatory: bool = UNSET
    validation_regex: str = UNSET


CONFIGURATION_FIELDS = {
    "is_enabled": "isEnabled",
    "is_mandatory": "isMandatory",
    "validation_regex": "validationRegex",
}


def _configuration_not_found(entity: str) -> NotFound:
    return NotFound(
        "error.msg.fieldconfiguration.entity.invalid",
        _("There is no field configuration for the entity “%(entity)s”.") % {"entity": entity},
        param="entity",
        value=entity,
    )


@transaction.atomic
def field_configuration_update(
    *, actor, entity: str, updates: list[FieldSetting]
) -> dict[str, list]:
    """Applies the settings to the rows of `entity`; every problem at once.
    Returns `{"<field>.<attribute>": [old, new]}`."""
    entity = entity.upper()
    rows = {
        row.field: row
        for row in FieldConfiguration.objects.select_for_update(of=("self",)).filter(
            entity=entity, subentity=SUBENTITY
        )
    }
    if not rows:
        raise _configuration_not_found(entity)
    before = {name: audit.snapshot(row, list(CONFIGURATION_FIELDS)) for name, row in rows.items()}
    problems = Problems(resource="fieldconfiguration")
    seen: set[str] = set()
    for index, update in enumerate(updates):
        prefix = f"fields[{index}]."
        name = update.field
        row = rows.get(name)
        if row is None:
            problems.add(
                f"{prefix}field",
                "is.not.within.expected.range",
                _("“%(name)s” is not a field of %(entity)s: one of %(values)s.")
                % {"name": name, "entity": entity, "values": ", ".join(sorted(rows))},
                name,
            )
            continue
        if not first_time(problems, seen, f"{prefix}field", name, name):
            continue
        for attr, value in update.given().items():
            if attr != "field" and value is not None:
                setattr(row, attr, value)
        row.validation_regex = (row.validation_regex or "").strip()
        if row.validation_regex:
            reason = regexes.problem(row.validation_regex)
            if reason is not None:
                problems.add(f"{prefix}validationRegex", "is.invalid", reason, row.validation_regex)
        if (
            entity == ENTITY
            and name == ADDRESS_TYPE_FIELD
            and not (row.is_enabled and row.is_mandatory)
        ):
            problems.add(
                f"{prefix}field",
                "cannot.be.optional",
                _("Every address has a type: the address type stays enabled and mandatory."),
                name,
            )
        elif row.is_mandatory and not row.is_enabled:
            problems.add(
                f"{prefix}isMandatory",
                "requires.enabled",
                _("“%(name)s” cannot be mandatory while it is switched off.") % {"name": name},
                True,
            )
    problems.raise_if_any()

    changes: dict[str, list] = {}
    for name in sorted(seen):
        row = rows[name]
        row_changes = audit.diff(before[name], audit.snapshot(row, list(CONFIGURATION_FIELDS)))
        if row_changes:
            row.save(update_fields=[*row_changes, "last_modified_on"])
            changes.update({f"{name}.{attr}": pair for attr, pair in row_changes.items()})
    if changes:
        audit.record(
            actor=actor,
            action="UPDATE",
            entity=CONFIGURATION_ENTITY,
            resource_id=None,
            resource_external_id=entity,
            changes=changes,
        )
    return changes
