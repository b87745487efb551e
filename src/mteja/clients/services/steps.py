"""What every client write shares: the audited fields, locking with the version check, the
scope check, the audit event, and small date and presence checks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients import lifecycle
from mteja.clients.models import Client
from mteja.clients.validation import Problems
from mteja.core import audit, clock
from mteja.core.errors import (
    NotAuthorized,
    StaleVersion,
    UniquenessViolation,
)
from mteja.core.uniqueness import UniqueCheck

CLIENT_AUDIT_FIELDS = [
    "account_no", "external_id", "status", "legal_form", "office_id", "transfer_to_office_id",
    "staff_id", "firstname", "middlename", "lastname", "fullname", "display_name", "mobile_no",
    "email_address", "date_of_birth", "gender_id", "client_type_id", "client_classification_id",
    "is_staff", "marital_status_id", "number_of_dependents", "profession_id",
    "education_level_id", "monthly_income", "submitted_on", "activation_date", "closed_on",
    "closure_reason_id", "rejected_on", "rejection_reason_id", "withdrawn_on",
    "withdrawal_reason_id", "reactivated_on", "reopened_on", "proposed_transfer_date",
]  # fmt: skip
NON_PERSON_AUDIT_FIELDS = [
    "constitution_id", "incorp_no", "incorp_validity_till", "main_business_line_id", "remarks",
]  # fmt: skip

# Plain fields a create or update may set, and their types after parsing.
TEXT_FIELDS = ["firstname", "middlename", "lastname", "fullname", "mobile_no", "email_address"]
OPTIONAL_UNIQUE_FIELDS = ["account_no", "external_id"]
PLAIN_FIELDS = ["date_of_birth", "is_staff", "number_of_dependents", "monthly_income",
                "legal_form"]  # fmt: skip
NON_PERSON_FIELDS = ["incorp_no", "incorp_validity_till", "remarks"]

CLIENT_UNIQUE = [
    UniqueCheck(
        ("external_id",),
        lambda c: UniquenessViolation(
            "error.msg.client.duplicate.externalId",
            _("A client with external id `%(external_id)s` already exists.")
            % {
                "external_id": c.external_id,
            },
            param="externalId",
            value=c.external_id,
        ),
    ),
    UniqueCheck(
        ("account_no",),
        lambda c: UniquenessViolation(
            "error.msg.client.duplicate.accountNo",
            _("A client with account number `%(account_no)s` already exists.")
            % {
                "account_no": c.account_no,
            },
            param="accountNo",
            value=c.account_no,
        ),
    ),
]


@dataclass
class ClientWrite:
    """The outcome of a create or update: the client, what changed, and duplicate warnings."""

    client: Client
    changes: dict[str, list] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)


# --- shared steps ---------------------------------------------------------------------------


def lock_client(client: Client, expected_version: int | None) -> Client:
    locked = (
        # of=("self",): lock the client row only. PostgreSQL refuses FOR UPDATE on the
        # nullable side of the outer joins that select_related needs for transfer_to_office
        # and staff (and the offices and officers need no lock).
        Client.objects.select_for_update(of=("self",))
        .select_related("office", "transfer_to_office", "staff")
        .get(pk=client.pk)
    )
    if expected_version is not None and expected_version != locked.version:
        raise StaleVersion("client", locked.version)
    return locked


def snapshot(client: Client) -> dict[str, Any]:
    data = audit.snapshot(client, CLIENT_AUDIT_FIELDS)
    non_person = getattr(client, "non_person", None) if client.pk else None
    if non_person is not None and non_person.pk:
        data.update(
            {
                f"non_person.{k}": v
                for k, v in audit.snapshot(non_person, NON_PERSON_AUDIT_FIELDS).items()
            }
        )
    return data


def finish(client: Client, actor, action: str, before: dict, **event) -> dict:
    client.version += 1
    client.last_modified_by = actor if getattr(actor, "pk", None) else None
    client.save()
    changes = audit.diff(before, snapshot(client))
    audit.record(
        actor=actor,
        action=action,
        entity="CLIENT",
        resource_id=client.pk,
        office=client.office,
        client_id=client.pk,
        resource_external_id=client.external_id,
        changes=changes,
        **event,
    )
    return changes


def actor_user(actor):
    return actor if getattr(actor, "pk", None) else None


def ensure_client_in_scope(actor, client: Client, *, destination_side: bool = False) -> None:
    """Writes belong to the client's own office. A client awaiting transfer is visible to the
    destination too, but that side may only accept or reject the transfer (destination_side);
    everything else, withdrawing the transfer included, stays with the source."""
    office = client.office
    if destination_side and client.transfer_to_office is not None:
        office = client.transfer_to_office
    if actor is not None and not office.hierarchy.startswith(actor.office.hierarchy):
        raise NotAuthorized(
            _("The client belongs to an office outside your part of the organisation.")
        )


# Whole sentences for the `what` the services pass, so translators see no glued noun phrases.
_FUTURE = {
    "date": gettext_lazy("The date cannot be in the future."),
    "transfer date": gettext_lazy("The transfer date cannot be in the future."),
}
_REQUIRED = {
    "activation date": gettext_lazy("The activation date is required."),
    "reason": gettext_lazy("The reason is required."),
    "date": gettext_lazy("The date is required."),
    "loan officer": gettext_lazy("The loan officer is required."),
}


def not_future(day: datetime.date, param: str, problems: Problems, what: str) -> None:
    if day > clock.today():
        problems.add(
            param,
            "is.greater.than.date",
            str(_FUTURE[what])
            if what in _FUTURE
            else _("The %(what)s cannot be in the future.") % {"what": what},
            day,
        )


def not_before(
    day: datetime.date,
    floor: datetime.date | None,
    param: str,
    problems: Problems,
    message: str,
    code: str = "is.before.allowed.date",
) -> None:
    if floor is not None and day < floor:
        problems.add(param, code, message, day)


def required(value, param: str, problems: Problems, what: str) -> bool:
    if value in (None, ""):
        problems.add(
            param,
            "cannot.be.blank",
            str(_REQUIRED[what])
            if what in _REQUIRED
            else _("The %(what)s is required.") % {"what": what},
        )
        return False
    return True


def begin_command(
    client: Client,
    expected_version: int | None,
    actor,
    name: str,
    *,
    destination_side: bool = False,
):
    client = lock_client(client, expected_version)
    ensure_client_in_scope(actor, client, destination_side=destination_side)
    lifecycle.ensure_allowed(lifecycle.COMMANDS[name.lower()], client.status)
    return client, snapshot(client), Problems()
