"""Every write to a client: create, update, delete and the lifecycle commands.

Each function locks the client row, checks the version the caller saw (stale → 409), applies
the rule of its command, bumps the version and records one audit event — all in one
transaction, so a refused request leaves nothing behind.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from mteja.clients import lifecycle, validation
from mteja.clients.models import (
    Client,
    ClientNonPerson,
    ClientStatus,
    ClientTransfer,
    LegalForm,
    StaffAssignment,
    TransferType,
)
from mteja.clients.validation import Problems
from mteja.core import audit, clock
from mteja.core.errors import DomainError, NotAuthorized, StaleVersion, UniquenessViolation
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import Office, Staff

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
            f"A client with external id `{c.external_id}` already exists.",
            param="externalId",
            value=c.external_id,
        ),
    ),
    UniqueCheck(
        ("account_no",),
        lambda c: UniquenessViolation(
            "error.msg.client.duplicate.accountNo",
            f"A client with account number `{c.account_no}` already exists.",
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


def _lock(client: Client, expected_version: int | None) -> Client:
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


def _snapshot(client: Client) -> dict[str, Any]:
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


def _finish(client: Client, actor, action: str, before: dict, **event) -> dict:
    client.version += 1
    client.last_modified_by = actor if getattr(actor, "pk", None) else None
    client.save()
    changes = audit.diff(before, _snapshot(client))
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


def _actor_user(actor):
    return actor if getattr(actor, "pk", None) else None


def _ensure_client_in_scope(actor, client: Client, *, destination_side: bool = False) -> None:
    """Writes belong to the client's own office. A client awaiting transfer is visible to the
    destination too, but that side may only accept or reject the transfer (destination_side);
    everything else, withdrawing the transfer included, stays with the source."""
    office = client.office
    if destination_side and client.transfer_to_office is not None:
        office = client.transfer_to_office
    if actor is not None and not office.hierarchy.startswith(actor.office.hierarchy):
        raise NotAuthorized(
            "The client belongs to an office outside your part of the organisation."
        )


def _not_future(day: datetime.date, param: str, problems: Problems, what: str) -> None:
    if day > clock.today():
        problems.add(param, "is.greater.than.date", f"The {what} cannot be in the future.", day)


def _not_before(
    day: datetime.date,
    floor: datetime.date | None,
    param: str,
    problems: Problems,
    message: str,
    code: str = "is.before.allowed.date",
) -> None:
    if floor is not None and day < floor:
        problems.add(param, code, message, day)


def _required(value, param: str, problems: Problems, what: str) -> bool:
    if value in (None, ""):
        problems.add(param, "cannot.be.blank", f"The {what} is required.")
        return False
    return True


# --- create and update ----------------------------------------------------------------------


def _apply_fields(client: Client, fields: dict[str, Any], problems: Problems) -> dict:
    """Copies `fields` onto `client`, resolving references; returns non-person details."""
    for name in TEXT_FIELDS:
        if name in fields:
            setattr(client, name, " ".join((fields[name] or "").split()))
    for name in OPTIONAL_UNIQUE_FIELDS:
        if name in fields:
            setattr(client, name, (fields[name] or "").strip() or None)
    for name in PLAIN_FIELDS:
        if name in fields:
            setattr(client, name, fields[name])
    if client.monthly_income is not None and Decimal(client.monthly_income) < 0:
        problems.add(
            "monthlyIncome",
            "cannot.be.negative",
            "Income cannot be negative.",
            str(client.monthly_income),
        )
    wanted = {
        name: (code, param, fields[f"{name}_id"])
        for name, (code, param) in validation.CODE_FIELDS.items()
        if f"{name}_id" in fields
    }
    for name, value in validation.resolve_code_values(wanted, problems).items():
        setattr(client, name, value)
    return fields.get("non_person") or {}


def _apply_non_person(client: Client, details: dict, problems: Problems):
    """The entity details to save (or None), after resolving their code values."""
    if client.legal_form != LegalForm.ENTITY:
        return None
    existing = ClientNonPerson.objects.filter(client=client).first() if client.pk else None
    non_person = existing or ClientNonPerson(client=client)
    for name in NON_PERSON_FIELDS:
        if name in details:
            value = details[name]
            setattr(
                non_person,
                name,
                value if name == "incorp_validity_till" else " ".join((value or "").split()),
            )
    wanted = {
        name: (code, param, details[f"{name}_id"])
        for name, (code, param) in validation.NON_PERSON_CODE_FIELDS.items()
        if f"{name}_id" in details
    }
    for name, value in validation.resolve_code_values(wanted, problems).items():
        setattr(non_person, name, value)
    return non_person


def _generate_account_no(client: Client) -> str:
    candidate = f"{client.pk:09d}"
    suffix = 0
    # A number given by hand may already hold the generated one; never reuse it.
    while Client.objects.filter(account_no=candidate).exclude(pk=client.pk).exists():
        suffix += 1
        candidate = f"{client.pk:09d}-{suffix}"
    return candidate


def duplicate_warnings(client: Client) -> list[dict]:
    """Other clients that may be the same person: shared mobile, or same name and birth date.

    Households share phones, so these are warnings for the user to judge, not refusals.
    """
    warnings = []
    others = Client.objects.exclude(pk=client.pk).only("id", "account_no", "display_name")
    if client.mobile_no:
        shared = list(others.filter(mobile_no=client.mobile_no)[:5])
        if shared:
            warnings.append(
                {
                    "code": "warning.msg.client.mobileNo.shared",
                    "parameterName": "mobileNo",
                    "message": f"The mobile number {client.mobile_no} is also recorded for "
                    + ", ".join(f"{c.display_name} ({c.account_no})" for c in shared)
                    + ".",
                    "clientIds": [c.pk for c in shared],
                }
            )
    if client.date_of_birth and client.display_name:
        same = list(
            others.filter(
                display_name__iexact=client.display_name, date_of_birth=client.date_of_birth
            )[:5]
        )
        if same:
            warnings.append(
                {
                    "code": "warning.msg.client.name.and.dateOfBirth.match",
                    "parameterName": "dateOfBirth",
                    "message": "A client with the same name and date of birth exists: "
                    + ", ".join(f"{c.display_name} ({c.account_no})" for c in same)
                    + ".",
                    "clientIds": [c.pk for c in same],
                }
            )
    return warnings


def _display_name(client: Client) -> str:
    if client.fullname:
        return client.fullname
    return " ".join(part for part in (client.firstname, client.middlename, client.lastname) if part)


@transaction.atomic
def client_create(*, actor, office: Office, fields: dict[str, Any]) -> ClientWrite:
    """Creates a client; with `active` and `activation_date` in `fields` it is activated too.

    `fields` uses model names with `_id` for references (`gender_id`, `staff_id`, …) and
    `non_person` for the entity details.
    """
    ensure_office_in_scope(actor, office)
    problems = Problems()
    today = clock.today()
    client = Client(
        office=office,
        status=ClientStatus.PENDING,
        legal_form=fields.get("legal_form") or LegalForm.PERSON,
    )
    non_person_details = _apply_fields(client, fields, problems)
    active = bool(fields.get("active"))
    activation_date = fields.get("activation_date")
    if active and not activation_date:
        problems.add(
            "activationDate",
            "cannot.be.blank",
            "An activation date is required to create an active client.",
        )
    # Fineract's default: submitted today, or on the activation date when that is earlier.
    submitted_on = fields.get("submitted_on") or (
        min(today, activation_date) if active and activation_date else today
    )
    client.submitted_on = submitted_on
    if active and activation_date and fields.get("submitted_on") and submitted_on > activation_date:
        problems.add(
            "submittedOnDate",
            "error.msg.clients.submittedOnDate.after.activation.date",
            "The submission date cannot be after the activation date.",
            submitted_on,
        )
    validation.check_names(client, problems)
    validation.check_contact(client, problems)
    validation.check_dates(client, today, problems)
    validation.check_age(client, client.submitted_on, problems)
    if fields.get("staff_id"):
        client.staff = validation.resolve_loan_officer(fields["staff_id"], office, problems)
    non_person = _apply_non_person(client, non_person_details, problems)
    if active and activation_date:
        _check_activation(client, activation_date, problems)
    problems.raise_if_any()

    client.display_name = _display_name(client)
    user = _actor_user(actor)
    client.submitted_by = client.created_by = client.last_modified_by = user
    save_unique(client, CLIENT_UNIQUE)
    if not client.account_no:
        client.account_no = _generate_account_no(client)
        client.save(update_fields=["account_no"])
    if non_person is not None:
        non_person.save()
    if client.staff_id:
        StaffAssignment.objects.create(
            client=client, staff=client.staff, start_date=client.submitted_on, assigned_by=user
        )
    if active and activation_date:
        _activate(client, user, activation_date)
        client.save()
    changes = audit.diff({}, _snapshot(client))
    audit.record(
        actor=actor,
        action="CREATE",
        entity="CLIENT",
        resource_id=client.pk,
        office=office,
        client_id=client.pk,
        resource_external_id=client.external_id,
        changes=changes,
    )
    return ClientWrite(client, changes, duplicate_warnings(client))


@transaction.atomic
def client_update(
    *, actor, client: Client, fields: dict[str, Any], expected_version: int | None = None
) -> ClientWrite:
    client = _lock(client, expected_version)
    _ensure_client_in_scope(actor, client)
    before = _snapshot(client)
    problems = Problems()
    if "staff_id" in fields:
        problems.add(
            "staffId", "not.updatable", "Change the loan officer with the assignStaff command."
        )
    non_person_details = _apply_fields(client, fields, problems)
    if "submitted_on" in fields:
        client.submitted_on = fields["submitted_on"] or client.submitted_on
        if client.activation_date and client.submitted_on > client.activation_date:
            problems.add(
                "submittedOnDate",
                "error.msg.clients.submittedOnDate.after.activation.date",
                "The submission date cannot be after the activation date.",
                client.submitted_on,
            )
    validation.check_names(client, problems)
    validation.check_contact(client, problems)
    validation.check_dates(client, clock.today(), problems)
    # The age rule runs when what it depends on changes, so a client admitted under an older
    # policy can still have a phone number corrected (the staff date rules work the same way).
    if fields.keys() & {"date_of_birth", "submitted_on", "legal_form"}:
        validation.check_age(client, client.submitted_on, problems)
        if client.activation_date:
            validation.check_age(client, client.activation_date, problems)
    if "account_no" in fields and not client.account_no:
        # Optional at creation (then generated), but a client never loses its number.
        problems.add("accountNo", "cannot.be.blank", "The account number cannot be removed.")
    non_person = _apply_non_person(client, non_person_details, problems)
    problems.raise_if_any()

    client.display_name = _display_name(client)
    save_unique(client, CLIENT_UNIQUE)
    if non_person is not None:
        non_person.save()
    elif client.legal_form == LegalForm.PERSON:
        # Switching to a person drops the entity details, as Fineract does.
        ClientNonPerson.objects.filter(client=client).delete()
    client._state.fields_cache.pop("non_person", None)  # re-read for the audit snapshot
    changes = (
        _finish(client, actor, "UPDATE", before) if audit.diff(before, _snapshot(client)) else {}
    )
    return ClientWrite(client, changes, duplicate_warnings(client) if changes else [])


@transaction.atomic
def client_delete(*, actor, client: Client, expected_version: int | None = None) -> None:
    client = _lock(client, expected_version)
    _ensure_client_in_scope(actor, client)
    lifecycle.ensure_deletable(client.status)
    before = _snapshot(client)
    client_id, office, external_id = client.pk, client.office, client.external_id
    client.delete()
    audit.record(
        actor=actor,
        action="DELETE",
        entity="CLIENT",
        resource_id=client_id,
        office=office,
        client_id=client_id,
        resource_external_id=external_id,
        # What was deleted, as {field: [old, None]} (audit.diff only walks the new state).
        changes={name: [value, None] for name, value in before.items() if value not in (None, "")},
    )


# --- lifecycle commands ---------------------------------------------------------------------


def _check_activation(client: Client, day: datetime.date, problems: Problems) -> None:
    if day > clock.today():
        problems.add(
            "activationDate",
            "error.msg.clients.activationDate.in.the.future",
            "The activation date cannot be in the future.",
            day,
        )
    if day < client.office.opening_date:
        problems.add(
            "activationDate",
            "error.msg.clients.activationDate.cannot.be.before.office.activation.date",
            f"The activation date cannot be before the office opened "
            f"({client.office.opening_date.isoformat()}).",
            day,
        )
    if day < client.submitted_on:
        problems.add(
            "activationDate",
            "error.msg.clients.submittedOnDate.after.activation.date",
            f"The activation date cannot be before the submission date "
            f"({client.submitted_on.isoformat()}).",
            day,
        )
    if client.reopened_on and day < client.reopened_on:
        problems.add(
            "activationDate",
            "error.msg.clients.submittedOnDate.after.reopened.date",
            f"The activation date cannot be before the client was reopened "
            f"({client.reopened_on.isoformat()}).",
            day,
        )
    validation.check_age(client, day, problems)


def _activate(client: Client, user, day: datetime.date) -> None:
    client.status = ClientStatus.ACTIVE
    client.activation_date = day
    client.office_joining_date = day
    client.activated_by = user
    client.closed_on = client.closure_reason = client.closed_by = None


def _command(
    client: Client,
    expected_version: int | None,
    actor,
    name: str,
    *,
    destination_side: bool = False,
):
    client = _lock(client, expected_version)
    _ensure_client_in_scope(actor, client, destination_side=destination_side)
    lifecycle.ensure_allowed(lifecycle.COMMANDS[name.lower()], client.status)
    return client, _snapshot(client), Problems()


@transaction.atomic
def client_activate(
    *,
    actor,
    client: Client,
    activation_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    client, before, problems = _command(client, expected_version, actor, "activate")
    if _required(activation_date, "activationDate", problems, "activation date"):
        _check_activation(client, activation_date, problems)
    problems.raise_if_any()
    _activate(client, _actor_user(actor), activation_date)
    return _finish(client, actor, "ACTIVATE", before)


def _reason(field_name: str, reason_id: int | None, problems: Problems):
    code, param = validation.REASON_CODES[field_name]
    if not _required(reason_id, param, problems, "reason"):
        return None
    return validation.resolve_code_values({field_name: (code, param, reason_id)}, problems).get(
        field_name
    )


def _dated_step(
    *,
    actor,
    client,
    expected_version,
    command,
    date_value,
    date_param,
    after,
    after_what,
    before_code,
    reason_field=None,
    reason_id=None,
):
    """Shared shape of close/reject/withdraw/reactivate/undo: a date that is not in the
    future nor before the step it follows, and sometimes a reason from a code list.

    Shape problems (missing, future) are 400s and an unknown reason a 404, all collected;
    a date before the previous step is Fineract's 403 domain rule with its own code, checked
    once the request is otherwise valid (one response has one status).
    """
    client, before, problems = _command(client, expected_version, actor, command)
    reason = _reason(reason_field, reason_id, problems) if reason_field else None
    if _required(date_value, date_param, problems, "date"):
        _not_future(date_value, date_param, problems, "date")
    problems.raise_if_any()
    floor = after(client)
    if floor is not None and date_value < floor:
        raise DomainError(
            before_code,
            f"The date cannot be before the {after_what} ({floor.isoformat()}).",
            param=date_param,
            value=date_value.isoformat(),
        )
    return client, before, reason


@transaction.atomic
def client_close(
    *,
    actor,
    client: Client,
    closure_date: datetime.date | None,
    closure_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    client, before, reason = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="close",
        date_value=closure_date,
        date_param="closureDate",
        after=lambda c: c.activation_date,
        after_what="activation date",
        # "actvation" (sic): Fineract's code, which integrators match on.
        before_code="error.msg.client.close.date.cannot.before.client.actvation.date",
        reason_field="closure_reason",
        reason_id=closure_reason_id,
    )
    client.status = ClientStatus.CLOSED
    client.closed_on, client.closure_reason = closure_date, reason
    client.closed_by = _actor_user(actor)
    # The officer's service ends with the client's; keeping `staff` set would show an officer
    # whom the history says no longer serves (and a reactivated client starts afresh).
    _assign(client, None, closure_date, _actor_user(actor))
    return _finish(client, actor, "CLOSE", before)


@transaction.atomic
def client_reject(
    *,
    actor,
    client: Client,
    rejection_date: datetime.date | None,
    rejection_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    client, before, reason = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="reject",
        date_value=rejection_date,
        date_param="rejectionDate",
        after=lambda c: c.reopened_on or c.submitted_on,
        after_what="submission (or reopening) date",
        before_code="error.msg.client.rejection.date.cannot.before.client.submitted.date",
        reason_field="rejection_reason",
        reason_id=rejection_reason_id,
    )
    client.status = ClientStatus.REJECTED
    client.rejected_on, client.rejection_reason = rejection_date, reason
    client.rejected_by = _actor_user(actor)
    return _finish(client, actor, "REJECT", before)


@transaction.atomic
def client_withdraw(
    *,
    actor,
    client: Client,
    withdrawal_date: datetime.date | None,
    withdrawal_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    client, before, reason = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="withdraw",
        date_value=withdrawal_date,
        date_param="withdrawalDate",
        after=lambda c: c.reopened_on or c.submitted_on,
        after_what="submission (or reopening) date",
        before_code="error.msg.client.withdrawal.date.cannot.before.client.submitted.date",
        reason_field="withdrawal_reason",
        reason_id=withdrawal_reason_id,
    )
    client.status = ClientStatus.WITHDRAWN
    client.withdrawn_on, client.withdrawal_reason = withdrawal_date, reason
    client.withdrawn_by = _actor_user(actor)
    return _finish(client, actor, "WITHDRAW", before)


@transaction.atomic
def client_reactivate(
    *,
    actor,
    client: Client,
    reactivation_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    client, before, _ = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="reactivate",
        date_value=reactivation_date,
        date_param="reactivationDate",
        after=lambda c: c.closed_on,
        after_what="closure date",
        before_code="error.msg.client.reactivation.date.cannot.before.client.closed.date",
    )
    # Fineract's rule: a reactivated client goes back to pending and is activated again.
    client.status = ClientStatus.PENDING
    client.reactivated_on, client.reactivated_by = reactivation_date, _actor_user(actor)
    client.reopened_on = reactivation_date
    client.activation_date = None
    client.closed_on = client.closure_reason = client.closed_by = None
    return _finish(client, actor, "REACTIVATE", before)


@transaction.atomic
def client_undo_rejection(
    *,
    actor,
    client: Client,
    reopened_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    client, before, _ = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="undoRejection",
        date_value=reopened_date,
        date_param="reopenedDate",
        after=lambda c: c.rejected_on,
        after_what="rejection date",
        before_code="error.msg.client.reopened.date.cannot.before.client.rejected.date",
    )
    client.status = ClientStatus.PENDING
    client.reopened_on, client.reopened_by = reopened_date, _actor_user(actor)
    client.rejected_on = client.rejection_reason = client.rejected_by = None
    return _finish(client, actor, "UNDOREJECT", before)


@transaction.atomic
def client_undo_withdrawal(
    *,
    actor,
    client: Client,
    reopened_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    client, before, _ = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="undoWithdrawal",
        date_value=reopened_date,
        date_param="reopenedDate",
        after=lambda c: c.withdrawn_on,
        after_what="withdrawal date",
        before_code="error.msg.client.reopened.date.cannot.before.client.withdrawal.date",
    )
    client.status = ClientStatus.PENDING
    client.reopened_on, client.reopened_by = reopened_date, _actor_user(actor)
    client.withdrawn_on = client.withdrawal_reason = client.withdrawn_by = None
    return _finish(client, actor, "UNDOWITHDRAWAL", before)


# --- loan officer ---------------------------------------------------------------------------


def _check_assignment_day(client: Client, day: datetime.date, param: str, problems: Problems):
    """Not in the future, and not before the current officer started (no period may end
    before it began)."""
    _not_future(day, param, problems, "date")
    current = (
        StaffAssignment.objects.filter(client=client, end_date__isnull=True)
        .order_by("-start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    _not_before(
        day,
        current,
        param,
        problems,
        f"The current loan officer has served since {current}; the date cannot be earlier.",
    )


def _assign(client: Client, staff: Staff | None, day: datetime.date, user) -> None:
    # A backdated step (a closure or transfer dated before the officer was assigned) ends the
    # period on its first day rather than before it began.
    StaffAssignment.objects.filter(client=client, end_date__isnull=True).update(
        end_date=Greatest(F("start_date"), Value(day))
    )
    if staff is not None:
        StaffAssignment.objects.create(client=client, staff=staff, start_date=day, assigned_by=user)
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
    client, before, problems = _command(client, expected_version, actor, "assignStaff")
    day = assignment_date or clock.today()
    _check_assignment_day(client, day, "assignmentDate", problems)
    staff = None
    if _required(staff_id, "staffId", problems, "loan officer"):
        staff = validation.resolve_loan_officer(staff_id, client.office, problems)
    problems.raise_if_any()
    if staff is not None and staff.pk == client.staff_id:
        return {}
    _assign(client, staff, day, _actor_user(actor))
    return _finish(client, actor, "ASSIGNSTAFF", before)


@transaction.atomic
def client_unassign_staff(
    *,
    actor,
    client: Client,
    staff_id: int | None,
    unassignment_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> dict:
    client, before, problems = _command(client, expected_version, actor, "unassignStaff")
    _required(staff_id, "staffId", problems, "loan officer")
    day = unassignment_date or clock.today()
    _check_assignment_day(client, day, "unassignmentDate", problems)
    problems.raise_if_any()
    if client.staff_id is None:
        raise DomainError(
            "error.msg.client.has.no.staff", "The client has no loan officer.", status=404
        )
    if staff_id != client.staff_id:
        raise DomainError(
            "error.msg.client.staff.not.assigned",
            "That staff member is not the client's loan officer.",
            param="staffId",
            value=staff_id,
        )
    _assign(client, None, day, _actor_user(actor))
    return _finish(client, actor, "UNASSIGNSTAFF", before)


# --- office transfers -----------------------------------------------------------------------


def _record_transfer(
    client: Client, kind: int, user, note: str, to_office: Office, from_office: Office | None = None
) -> None:
    ClientTransfer.objects.create(
        client=client,
        from_office=from_office or client.office,
        to_office=to_office,
        proposed_transfer_date=client.proposed_transfer_date,
        transfer_type=kind,
        submitted_on=clock.today(),
        submitted_by=user,
        note=(note or "")[:1000],
    )


def _check_destination(client: Client, destination: Office | None, day, problems: Problems):
    if destination is None:
        problems.add(
            "destinationOfficeId", "cannot.be.blank", "The destination office is required."
        )
        return
    if destination.pk == client.office_id:
        raise DomainError(
            "error.msg.cannot.transfer.client.as.selected.office.and.current.office.are.same",
            "The client is already in that office.",
            param="destinationOfficeId",
        )
    _not_future(day, "transferDate", problems, "transfer date")
    _not_before(
        day,
        client.activation_date,
        "transferDate",
        problems,
        "The transfer date cannot be before the client's activation date.",
    )
    _not_before(
        day,
        destination.opening_date,
        "transferDate",
        problems,
        f"The destination office opened on {destination.opening_date.isoformat()}.",
    )


def _move_in(client: Client, destination: Office, staff: Staff | None, user) -> None:
    """The client joins `destination`; its officer there is `staff` (or none)."""
    day = client.proposed_transfer_date or clock.today()
    client.office = destination
    client.office_joining_date = day
    client.transfer_to_office = None
    client.proposed_transfer_date = None  # settled: nothing awaits a decision any more
    client.status = ClientStatus.ACTIVE
    _assign(client, staff, day, user)


@transaction.atomic
def client_propose_transfer(
    *,
    actor,
    client: Client,
    destination: Office | None,
    transfer_date: datetime.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> dict:
    client, before, problems = _command(client, expected_version, actor, "proposeTransfer")
    day = transfer_date or clock.today()
    _check_destination(client, destination, day, problems)
    problems.raise_if_any()
    client.status = ClientStatus.TRANSFER_IN_PROGRESS
    client.transfer_to_office = destination
    client.proposed_transfer_date = day
    _record_transfer(client, TransferType.PROPOSAL, _actor_user(actor), note, destination)
    return _finish(client, actor, "PROPOSETRANSFER", before)


@transaction.atomic
def client_withdraw_transfer(
    *, actor, client: Client, note: str = "", expected_version: int | None = None
) -> dict:
    client, before, _ = _command(client, expected_version, actor, "withdrawTransfer")
    _record_transfer(
        client, TransferType.WITHDRAWAL, _actor_user(actor), note, client.transfer_to_office
    )
    client.status = ClientStatus.ACTIVE
    client.transfer_to_office = None
    client.proposed_transfer_date = None
    return _finish(client, actor, "WITHDRAWTRANSFER", before)


@transaction.atomic
def client_accept_transfer(
    *,
    actor,
    client: Client,
    staff_id: int | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> dict:
    client, before, problems = _command(
        client, expected_version, actor, "acceptTransfer", destination_side=True
    )
    destination = client.transfer_to_office
    staff = validation.resolve_loan_officer(staff_id, destination, problems) if staff_id else None
    problems.raise_if_any()
    user = _actor_user(actor)
    _record_transfer(client, TransferType.ACCEPTANCE, user, note, destination)
    _move_in(client, destination, staff, user)
    return _finish(client, actor, "ACCEPTTRANSFER", before)


@transaction.atomic
def client_reject_transfer(
    *, actor, client: Client, note: str = "", expected_version: int | None = None
) -> dict:
    client, before, _ = _command(
        client, expected_version, actor, "rejectTransfer", destination_side=True
    )
    _record_transfer(
        client, TransferType.REJECTION, _actor_user(actor), note, client.transfer_to_office
    )
    client.status = ClientStatus.TRANSFER_ON_HOLD
    return _finish(client, actor, "REJECTTRANSFER", before)


@transaction.atomic
def client_propose_and_accept_transfer(
    *,
    actor,
    client: Client,
    destination: Office | None,
    staff_id: int | None = None,
    transfer_date: datetime.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> dict:
    client, before, problems = _command(client, expected_version, actor, "proposeAndAcceptTransfer")
    day = transfer_date or clock.today()
    _check_destination(client, destination, day, problems)
    staff = None
    if destination is not None and staff_id:
        staff = validation.resolve_loan_officer(staff_id, destination, problems)
    problems.raise_if_any()
    ensure_office_in_scope(actor, destination)
    user = _actor_user(actor)
    client.proposed_transfer_date = day
    _record_transfer(client, TransferType.PROPOSAL, user, note, destination)
    _record_transfer(client, TransferType.ACCEPTANCE, user, note, destination)
    _move_in(client, destination, staff, user)
    return _finish(client, actor, "PROPOSEANDACCEPTTRANSFER", before)
