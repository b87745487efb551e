"""Every write to a client: create, update, delete and the lifecycle commands.

Each function locks the client row, checks the version the caller saw (stale → 409), applies
the rule of its command, bumps the version and records one audit event — all in one
transaction, so a refused request leaves nothing behind.

The institution's rules (ClientPolicy: required fields, formats, ages, the duplicate policy
per rule) apply to creation and to what an update changes. A new client may bring its
addresses, identity documents and custom fields, written in the same transaction; activation
needs every document type the institution requires and every mandatory custom field.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest

from mteja.clients import lifecycle, validation
from mteja.clients.kyc import addresses, custom_fields
from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.clients.models import (
    Client,
    ClientIdentifier,
    ClientNonPerson,
    ClientPolicy,
    ClientStatus,
    ClientTransfer,
    DuplicatePolicy,
    IdentifierFormat,
    IdentifierStatus,
    LegalForm,
    StaffAssignment,
    TransferType,
)
from mteja.clients.validation import Problems
from mteja.core import audit, clock, wire
from mteja.core.errors import (
    DomainError,
    NotAuthorized,
    ParameterError,
    StaleVersion,
    UniquenessViolation,
)
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import CodeValue, Office, Staff

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


# --- possible duplicates: the institution's policy per rule ----------------------------------

MOBILE_RULE = "mobileNo"
NAME_RULE = "dateOfBirth"  # same name and date of birth; reported beside the date of birth
SHOWN_MATCHES = 5


@dataclass
class DuplicateFinding:
    """Other clients matching one rule: those the actor may see (at most SHOWN_MATCHES
    named), how many more of those, and how many the actor may not see (only counted)."""

    rule: str
    shown: list[Client]
    more_visible: int
    hidden: int


def _duplicate_condition(client: Client, rule: str) -> Q | None:
    if rule == MOBILE_RULE and client.mobile_no:
        return Q(mobile_no=client.mobile_no)
    if rule == NAME_RULE and client.date_of_birth and client.display_name:
        return Q(display_name__iexact=client.display_name, date_of_birth=client.date_of_birth)
    return None


def find_duplicates(
    client: Client, actor=None, rules: tuple[str, ...] = (MOBILE_RULE, NAME_RULE)
) -> list[DuplicateFinding]:
    """Other clients that may be the same person, per rule. Without an actor (the system),
    every match is shown; with one, only the clients of the actor's offices are."""
    findings = []
    others = Client.objects.exclude(pk=client.pk) if client.pk else Client.objects.all()
    others = others.only("id", "account_no", "display_name")
    for rule in rules:
        condition = _duplicate_condition(client, rule)
        if condition is None:
            continue
        matching = others.filter(condition)
        total = matching.count()  # the common case, no match, costs this one query
        if not total:
            continue
        visible = matching.restrict(actor) if actor is not None else matching
        shown = list(visible.order_by("id")[:SHOWN_MATCHES])
        visible_total = len(shown) if len(shown) < SHOWN_MATCHES else visible.count()
        findings.append(
            DuplicateFinding(rule, shown, visible_total - len(shown), total - visible_total)
        )
    return findings


def _others_text(finding: DuplicateFinding) -> str:
    parts = [f"{c.display_name} ({c.account_no})" for c in finding.shown]
    if finding.more_visible:
        parts.append(f"{finding.more_visible} more")
    if finding.hidden:
        parts.append(
            "1 client of another office"
            if finding.hidden == 1
            else f"{finding.hidden} clients of other offices"
        )
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _warning(client: Client, finding: DuplicateFinding) -> dict:
    if finding.rule == MOBILE_RULE:
        code = "warning.msg.client.mobileNo.shared"
        message = f"The mobile number {client.mobile_no} is also recorded for "
    else:
        code = "warning.msg.client.name.and.dateOfBirth.match"
        message = "A client with the same name and date of birth exists: "
    return {
        "code": code,
        "parameterName": finding.rule,
        "message": message + _others_text(finding) + ".",
        # Only clients the user may open: the others are counted, never named.
        "clientIds": [c.pk for c in finding.shown],
        "otherOfficesCount": finding.hidden,
    }


def duplicate_warnings(
    client: Client, actor=None, *, rules: tuple[str, ...] = (MOBILE_RULE, NAME_RULE)
) -> list[dict]:
    """Possible duplicates of `client` as the `warnings` of a write result (whatever the
    policy says: the caller decides which rules warn). Clients outside `actor`'s offices are
    counted in `otherOfficesCount`, not named; without an actor every match is listed."""
    return [_warning(client, finding) for finding in find_duplicates(client, actor, rules)]


def _duplicate_refusal(client: Client, findings: list[DuplicateFinding]) -> UniquenessViolation:
    """403 for the rules the policy blocks; the message names the other clients' account
    numbers when the actor may see them."""
    errors = []
    for finding in findings:
        if finding.rule == MOBILE_RULE:
            code = "error.msg.client.duplicate.mobileNo"
            subject = f"The mobile number {client.mobile_no} is already recorded for "
        else:
            code = "error.msg.client.duplicate.name.and.dateOfBirth"
            subject = "A client with the same name and date of birth exists: "
        numbers = [c.account_no for c in finding.shown]
        parts = []
        if numbers:
            label = (
                "the client with account number"
                if len(numbers) == 1
                else ("the clients with account numbers")
            )
            parts.append(f"{label} {', '.join(numbers)}")
        if finding.more_visible:
            parts.append(f"{finding.more_visible} more")
        if finding.hidden:
            parts.append(
                "a client of another office"
                if finding.hidden == 1
                else f"{finding.hidden} clients of other offices"
            )
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        first = finding.shown[0] if finding.shown else None
        errors.append(
            ParameterError(
                code,
                finding.rule,
                subject + text + ". The institution does not accept duplicates of this kind.",
                first.pk if first else None,
                (first.pk, first.account_no) if first else (),
            )
        )
    error = UniquenessViolation(
        errors[0].code, errors[0].message, param=errors[0].param, value=errors[0].value
    )
    error.errors = errors
    return error


def _apply_duplicate_policy(
    client: Client, actor, policy: ClientPolicy, rules: tuple[str, ...]
) -> list[dict]:
    """Refuses (403) what the policy blocks; returns the warnings of what it warns about."""
    settings = {
        MOBILE_RULE: policy.duplicate_mobile,
        NAME_RULE: policy.duplicate_name_and_birth_date,
    }
    checked = tuple(rule for rule in rules if settings[rule] != DuplicatePolicy.OFF)
    findings = find_duplicates(client, actor, checked) if checked else []
    blocked = [f for f in findings if settings[f.rule] == DuplicatePolicy.BLOCK]
    if blocked:
        raise _duplicate_refusal(client, blocked)
    return [_warning(client, f) for f in findings if settings[f.rule] == DuplicatePolicy.WARN]


# --- identity documents and custom fields given with a new client ---------------------------

IDENTIFIERS_PARAM = "identifiers"
IDENTIFIER_KEYS = frozenset({
    "documentTypeId", "documentKey", "status", "description", "issueDate", "expiryDate",
    "issuingCountryId",
})  # fmt: skip


@dataclass
class InlineIdentifier:
    """One checked item of a new client's `identifiers` array."""

    index: int
    document_type: CodeValue | None
    document_key: str
    normalised: str
    status: IdentifierStatus
    description: str
    issue_date: datetime.date | None
    expiry_date: datetime.date | None
    issuing_country_id: int | None

    @property
    def param(self) -> str:
        return f"{IDENTIFIERS_PARAM}[{self.index}]"


def _identifier_problem(problems: Problems, param: str, rule: str, message: str, value=None):
    field_name = param.rsplit(".", 1)[-1]
    problems.add(
        param, f"validation.msg.{kyc_identifiers.RESOURCE}.{field_name}.{rule}", message, value
    )


def _read_id(raw, param: str, problems: Problems) -> int | None:
    if raw is None or raw == "":
        return None
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 2**63 - 1:
        _identifier_problem(problems, param, "is.invalid", "An id is a positive whole number.", raw)
        return None
    return int(text)


def _read_identifier_date(raw, param, problems, date_format, locale) -> datetime.date | None:
    if raw is None or raw == "":
        return None
    try:
        return wire.parse_date(raw, date_format, locale)
    except wire.DateFormatError as exc:
        value = raw if isinstance(raw, str) else None
        _identifier_problem(problems, param, exc.rule, str(exc), value)
        return None


def _read_inline_identifiers(
    items: Any, problems: Problems, *, date_format=None, locale=None
) -> list[InlineIdentifier]:
    """Checks Mteja's `identifiers` array of POST /clients with the identifier module's
    rules (format, check digit, dates), adding problems as `identifiers[i].<field>` under
    the codes of /clients/{id}/identifiers. Numbers already taken are checked later (403)."""
    if items is None or items == []:
        return []
    if not isinstance(items, list):
        problems.add(IDENTIFIERS_PARAM, "is.invalid", "The identifiers must be a list.")
        return []
    read: list[tuple[int, dict, int | None, int | None]] = []
    wanted: dict[str, tuple[str, str, int | None]] = {}
    for index, item in enumerate(items):
        prefix = f"{IDENTIFIERS_PARAM}[{index}]"
        if not isinstance(item, dict):
            problems.add(prefix, "is.invalid", "An identifier must be an object.")
            continue
        for key in item:
            if key not in IDENTIFIER_KEYS:
                problems.add(
                    f"{prefix}.{key}",
                    "error.msg.parameter.unsupported",
                    f"The parameter {key} is not supported.",
                    None,
                    (key,),
                )
        type_id = _read_id(item.get("documentTypeId"), f"{prefix}.documentTypeId", problems)
        if type_id is None and not problems.has(f"{prefix}.documentTypeId"):
            _identifier_problem(
                problems, f"{prefix}.documentTypeId", "cannot.be.blank", "The type is required."
            )
        elif type_id is not None:
            wanted[f"{index}:type"] = (
                kyc_identifiers.IDENTIFIER_CODE,
                f"{prefix}.documentTypeId",
                type_id,
            )
        country_id = _read_id(item.get("issuingCountryId"), f"{prefix}.issuingCountryId", problems)
        if country_id is not None:
            wanted[f"{index}:country"] = (
                kyc_identifiers.COUNTRY_CODE,
                f"{prefix}.issuingCountryId",
                country_id,
            )
        read.append((index, item, type_id, country_id))
    resolved = validation.resolve_code_values(wanted, problems)  # one query for all

    checked: list[InlineIdentifier] = []
    keys_seen: dict[tuple[int, str], int] = {}
    active_types: dict[int, int] = {}
    for index, item, _type_id, country_id in read:
        prefix = f"{IDENTIFIERS_PARAM}[{index}]"
        key = item.get("documentKey")
        if isinstance(key, int | float) and not isinstance(key, bool):
            key = str(key)
        if key is not None and not isinstance(key, str):
            _identifier_problem(
                problems, f"{prefix}.documentKey", "is.invalid", "The number must be text."
            )
            key = None
        status = IdentifierStatus.ACTIVE
        if item.get("status") not in (None, ""):
            status = kyc_identifiers.parse_status(item.get("status"))
            if status is None:
                raw_status = item.get("status")
                _identifier_problem(
                    problems,
                    f"{prefix}.status",
                    "is.not.within.expected.range",
                    "The status is either Active or Inactive.",
                    raw_status if isinstance(raw_status, str | int) else None,
                )
                status = IdentifierStatus.ACTIVE
        description = item.get("description")
        if description is not None and not isinstance(description, str):
            _identifier_problem(
                problems, f"{prefix}.description", "is.invalid", "The description is text."
            )
            description = ""
        description = (description or "").strip()
        if len(description) > kyc_identifiers.DESCRIPTION_MAX_LENGTH:
            _identifier_problem(
                problems,
                f"{prefix}.description",
                "exceeds.max.length",
                f"The description can be at most {kyc_identifiers.DESCRIPTION_MAX_LENGTH} "
                "characters long.",
            )
        issue_date = _read_identifier_date(
            item.get("issueDate"), f"{prefix}.issueDate", problems, date_format, locale
        )
        expiry_date = _read_identifier_date(
            item.get("expiryDate"), f"{prefix}.expiryDate", problems, date_format, locale
        )
        document_type = resolved.get(f"{index}:type")
        if key is not None or not problems.has(f"{prefix}.documentKey"):
            for error in kyc_identifiers.check_identifier(
                document_type, (key or "").strip(), expiry_date, issue_date=issue_date
            ):
                param = f"{prefix}.{error.param}"
                if not problems.has(param):
                    problems.invalid.append(replace(error, param=param))
        normalised = kyc_identifiers.normalise_key(key)
        if document_type is not None and normalised:
            earlier = keys_seen.setdefault((document_type.pk, normalised), index)
            if earlier != index:
                problems.add(
                    f"{prefix}.documentKey",
                    "error.msg.clientIdentifier.identityKey.duplicate",
                    f"Identifier {earlier + 1} of this request has the same number.",
                    key,
                )
            if status == IdentifierStatus.ACTIVE:
                first = active_types.setdefault(document_type.pk, index)
                if first != index:
                    problems.add(
                        f"{prefix}.documentTypeId",
                        "error.msg.clientIdentifier.type.duplicate",
                        f"Identifier {first + 1} of this request already is the active "
                        f"{document_type.name}; a client has one active document per type.",
                        document_type.pk,
                    )
        checked.append(
            InlineIdentifier(
                index,
                document_type,
                (key or "").strip(),
                normalised,
                status,
                description,
                issue_date,
                expiry_date,
                country_id if f"{index}:country" in resolved else None,
            )
        )
    return checked


def _refuse_taken_identifiers(inline: list[InlineIdentifier]) -> None:
    """403 error.msg.clientIdentifier.identityKey.duplicate when a document of the request
    already belongs to a client: the message names that client's account number, `value`
    and args[0] carry its id (the UI links to it)."""
    for item in inline:
        owner = kyc_identifiers.find_owner(item.document_type, item.normalised)
        if owner is not None:
            error = kyc_identifiers.identity_key_duplicate(owner)
            error.errors = [replace(e, param=f"{item.param}.documentKey") for e in error.errors]
            raise error


def _create_identifiers(actor, client: Client, inline: list[InlineIdentifier]) -> None:
    """Each document through the identifiers service: the same rules and constraints, and
    its own CLIENTIDENTIFIER CREATE event."""
    for item in inline:
        try:
            kyc_identifiers.identifier_create(
                actor=actor,
                client=client,
                document_type_id=item.document_type.pk,
                document_key=item.document_key,
                status=item.status,
                description=item.description,
                issue_date=item.issue_date,
                expiry_date=item.expiry_date,
                issuing_country_id=item.issuing_country_id,
            )
        except UniquenessViolation as error:  # a concurrent request took the number
            error.errors = [
                replace(e, param=f"{item.param}.{e.param}") if e.param else e for e in error.errors
            ]
            raise


# --- what activation needs ------------------------------------------------------------------


def missing_for_activation(
    client: Client,
    *,
    identifier_type_ids: set[int] | None = None,
    custom_values: dict[int, dict] | None = None,
) -> list[ParameterError]:
    """What the client lacks before it may be activated: an active document of every type
    whose format rule is `required_for_activation`, and a value in every mandatory custom
    field. For a client being created, `identifier_type_ids` (its active document types) and
    `custom_values` ({table id: values}) stand in for what is stored. Three queries at most."""
    rules = (
        IdentifierFormat.objects.filter(required_for_activation=True, document_type__is_active=True)
        .select_related("document_type")
        .order_by("document_type__position", "document_type_id")
    )
    errors = []
    rules = list(rules)
    if rules:
        if identifier_type_ids is None:
            identifier_type_ids = set(
                ClientIdentifier.objects.filter(
                    client_id=client.pk, status=IdentifierStatus.ACTIVE
                ).values_list("document_type_id", flat=True)
            )
        for rule in rules:
            if rule.document_type_id not in identifier_type_ids:
                name = rule.document_type.name
                errors.append(
                    ParameterError(
                        "error.msg.client.activation.missing.required.identifier",
                        IDENTIFIERS_PARAM,
                        f"An active {name} is required before the client can be activated.",
                        rule.document_type_id,
                        (rule.document_type_id, name),
                    )
                )
    missing = custom_fields.missing_mandatory(
        None if custom_values is not None else client, given=custom_values
    )
    errors.extend(custom_fields.entry_required_errors(missing))
    return errors


def _ensure_ready_for_activation(client: Client, **given) -> None:
    errors = missing_for_activation(client, **given)
    if errors:
        raise DomainError.from_errors(errors)


def _display_name(client: Client) -> str:
    if client.fullname:
        return client.fullname
    return " ".join(part for part in (client.firstname, client.middlename, client.lastname) if part)


@transaction.atomic
def client_create(*, actor, office: Office, fields: dict[str, Any]) -> ClientWrite:
    """Creates a client; with `active` and `activation_date` in `fields` it is activated too
    (which needs the ACTIVATE_CLIENT permission besides CREATE_CLIENT).

    `fields` uses model names with `_id` for references (`gender_id`, `staff_id`, …) and
    `non_person` for the entity details. Parts of the client may come along, as received
    from the API: `address` (Fineract's address array), `identifiers` (Mteja's
    [{documentTypeId, documentKey, …}]), `datatables` (Fineract's [{registeredTableName,
    data}]), with `date_format` and `locale` to read their dates. All is written in this one
    transaction, or nothing is.

    Checks, in order: every 400 (and 404) of the request at once; then the 403s — a
    document number that belongs to another client, what activation needs, and the
    duplicates the institution's policy refuses. Duplicates it only warns about come back
    in `warnings`.
    """
    ensure_office_in_scope(actor, office)
    active = bool(fields.get("active"))
    if active and actor is not None and not actor.has_fineract_permission("ACTIVATE_CLIENT"):
        raise NotAuthorized("Creating an active client needs the ACTIVATE_CLIENT permission.")
    policy = ClientPolicy.current()
    problems = Problems()
    today = clock.today()
    client = Client(
        office=office,
        status=ClientStatus.PENDING,
        legal_form=fields.get("legal_form") or LegalForm.PERSON,
    )
    non_person_details = _apply_fields(client, fields, problems)
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
    validation.check_policy_formats(client, policy, problems)
    validation.check_dates(client, today, problems)
    validation.check_age(client, client.submitted_on, problems)
    if fields.get("staff_id"):
        client.staff = validation.resolve_loan_officer(fields["staff_id"], office, problems)
    non_person = _apply_non_person(client, non_person_details, problems)
    validation.check_required(client, non_person, policy, problems)
    date_format, locale = fields.get("date_format"), fields.get("locale")
    inline_addresses = addresses.validate_inline_addresses(
        fields.get("address"), problems, legal_form=client.legal_form
    )
    inline_identifiers = _read_inline_identifiers(
        fields.get("identifiers"), problems, date_format=date_format, locale=locale
    )
    inline_rows = custom_fields.validate_inline_rows(
        fields.get("datatables"), problems, date_format=date_format, locale=locale
    )
    if active and activation_date:
        _check_activation(client, activation_date, problems)
    problems.raise_if_any()

    client.display_name = _display_name(client)
    _refuse_taken_identifiers(inline_identifiers)
    if active:
        _ensure_ready_for_activation(
            client,
            identifier_type_ids={
                item.document_type.pk
                for item in inline_identifiers
                if item.status == IdentifierStatus.ACTIVE
            },
            custom_values={row.table.pk: row.values for row in inline_rows},
        )
    warnings = _apply_duplicate_policy(client, actor, policy, (MOBILE_RULE, NAME_RULE))

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
    _, address_changes = addresses.create_inline_addresses(
        actor=actor, client=client, addresses=inline_addresses
    )
    audit.record(
        actor=actor,
        action="CREATE",
        entity="CLIENT",
        resource_id=client.pk,
        office=office,
        client_id=client.pk,
        resource_external_id=client.external_id,
        changes={**changes, **address_changes},
    )
    _create_identifiers(actor, client, inline_identifiers)
    custom_fields.create_inline_rows(actor=actor, client=client, rows=inline_rows)
    return ClientWrite(client, changes, warnings)


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
    policy = ClientPolicy.current()
    given = _given_params(fields)
    validation.check_policy_formats(client, policy, problems, given=given)
    validation.check_dates(client, clock.today(), problems)
    # The institution's rules run on what the request changes, so a client admitted under an
    # older policy can still have a phone number corrected (the staff date rules work the
    # same way): a newly required field cannot be blanked, but need not be filled first.
    if fields.keys() & {"date_of_birth", "submitted_on", "legal_form"}:
        validation.check_age(client, client.submitted_on, problems)
        if client.activation_date:
            validation.check_age(client, client.activation_date, problems)
    if "account_no" in fields and not client.account_no:
        # Optional at creation (then generated), but a client never loses its number.
        problems.add("accountNo", "cannot.be.blank", "The account number cannot be removed.")
    non_person = _apply_non_person(client, non_person_details, problems)
    validation.check_required(client, non_person, policy, problems, given=given)
    problems.raise_if_any()

    client.display_name = _display_name(client)
    now = audit.snapshot(client, ["mobile_no", "display_name", "date_of_birth"])
    rule_fields = {MOBILE_RULE: ("mobile_no",), NAME_RULE: ("display_name", "date_of_birth")}
    rules = tuple(
        rule
        for rule, names in rule_fields.items()
        if any(now[name] != before.get(name) for name in names)
    )
    warnings = _apply_duplicate_policy(client, actor, policy, rules) if rules else []
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
    return ClientWrite(client, changes, warnings if changes else [])


# The API parameters of the service's field names, for the rules that check only what a
# request sends.
_PARAMS_OF_FIELDS = {
    path.removeprefix("non_person."): param for param, path in validation.REQUIRABLE_VALUES.items()
}


def _given_params(fields: dict[str, Any]) -> set[str]:
    given = {_PARAMS_OF_FIELDS[name] for name in fields if name in _PARAMS_OF_FIELDS}
    details = fields.get("non_person") or {}
    given |= {_PARAMS_OF_FIELDS[name] for name in details if name in _PARAMS_OF_FIELDS}
    return given


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
    _ensure_ready_for_activation(client)
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
