"""Identity documents of clients: their rules, their writes and their reads.

A document's number is compared in its normalised form (upper case, without spaces, dashes,
dots or slashes), so "ab-123 456" and "AB123456" are one document. A type plus normalised
number belongs to at most one client, and a client holds at most one active document of each
type: both are database constraints (see ClientIdentifier), pre-checked here for a clear
message and mapped back to the same 403s when a concurrent request wins the race.

Client creation reuses `resolve_document_type`, `check_identifier`, `find_owner` and
`identity_key_duplicate` to refuse a client whose document already belongs to someone else
before anything is written.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mteja.clients.kyc import check_digits
from mteja.clients.models import (
    CheckDigit,
    Client,
    ClientIdentifier,
    IdentifierFormat,
    IdentifierStatus,
)
from mteja.clients.validation import resolve_code_values
from mteja.core import audit, clock, regexes
from mteja.core.errors import NotFound, ParameterError, Problems, UniquenessViolation
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import CodeValue

IDENTIFIER_CODE = "Customer Identifier"
COUNTRY_CODE = "COUNTRY"
RESOURCE = "clientIdentifier"
ENTITY = "CLIENTIDENTIFIER"
FORMAT_ENTITY = "IDENTIFIERFORMAT"

KEY_MAX_LENGTH = ClientIdentifier._meta.get_field("document_key").max_length
NORMALISED_MAX_LENGTH = ClientIdentifier._meta.get_field("document_key_normalized").max_length
DESCRIPTION_MAX_LENGTH = ClientIdentifier._meta.get_field("description").max_length
FORMAT_TEXT_MAX_LENGTH = IdentifierFormat._meta.get_field("pattern").max_length

AUDIT_FIELDS = [
    "document_type_id", "document_key", "status", "description", "issue_date", "expiry_date",
    "issuing_country_id",
]  # fmt: skip
FORMAT_AUDIT_FIELDS = [
    "pattern", "message", "check_digit", "expiry_required", "required_for_activation",
]  # fmt: skip
UPDATABLE_FIELDS = frozenset(AUDIT_FIELDS)

STATUS_CODES = {
    IdentifierStatus.ACTIVE: "clientIdentifierStatusType.active",
    IdentifierStatus.INACTIVE: "clientIdentifierStatusType.inactive",
}
_STATUS_BY_NAME = {
    **{status.name.lower(): status for status in IdentifierStatus},
    **{code.lower(): status for status, code in STATUS_CODES.items()},
}

# Whitespace (any script), ASCII and typographic dashes, dots and both slashes.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.\u00b7/\\]+")


def normalise_key(key: str | None) -> str:
    """The form in which document numbers are compared: "ab-123 456" → "AB123456"."""
    return _SEPARATORS.sub("", key or "").upper()


def parse_status(value: Any) -> IdentifierStatus | None:
    """ "Active"/"Inactive" in any case, Fineract's status codes, or 100/200; None if not one."""
    if isinstance(value, IdentifierStatus):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return IdentifierStatus(value) if value in IdentifierStatus.values else None
    if isinstance(value, str):
        return _STATUS_BY_NAME.get(value.strip().lower())
    return None


def status_code(status: int) -> str:
    return STATUS_CODES[IdentifierStatus(status)]


# --- reads ----------------------------------------------------------------------------------


def client_identifiers(client: Client) -> QuerySet:
    """A client's documents, oldest first, with what their output shows (one query)."""
    return (
        ClientIdentifier.objects.filter(client=client)
        .select_related("document_type", "issuing_country")
        .order_by("id")
    )


def identifier_not_found(identifier_id, client_id) -> NotFound:
    return NotFound(
        "error.msg.clientIdentifier.id.invalid",
        _("Client identifier with id %(identifier_id)s does not exist for client %(client_id)s.")
        % {
            "identifier_id": identifier_id,
            "client_id": client_id,
        },
        value=identifier_id,
    )


def client_identifier(client: Client, identifier_id: int) -> ClientIdentifier:
    """One document of `client`; 404 when it is not one of theirs."""
    identifier = client_identifiers(client).filter(pk=identifier_id).first()
    if identifier is None:
        raise identifier_not_found(identifier_id, client.pk)
    return identifier


def document_types(*, active_only: bool = True) -> QuerySet:
    """The values of the "Customer Identifier" list with their format rules (one query)."""
    values = CodeValue.objects.filter(code__name=IDENTIFIER_CODE)
    if active_only:
        values = values.filter(is_active=True)
    return values.select_related("identifier_format").order_by("position", "id")


def format_of(document_type: CodeValue | None) -> IdentifierFormat | None:
    """The format rule of a document type, or None when it has none."""
    if document_type is None:
        return None
    try:
        return document_type.identifier_format
    except IdentifierFormat.DoesNotExist:
        return None


def find_owner(
    document_type: CodeValue | int, normalised_key: str, *, exclude_pk: int | None = None
) -> ClientIdentifier | None:
    """The document of this type and normalised number, whoever's it is (not scoped: the
    number is unique across all clients), with its client; None when it is free."""
    type_id = getattr(document_type, "pk", document_type)
    found = ClientIdentifier.objects.select_related("client", "document_type").filter(
        document_type_id=type_id, document_key_normalized=normalised_key
    )
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.first()


# --- rules ----------------------------------------------------------------------------------


def _error(param: str, rule: str, message: str, value=None, args: tuple = ()) -> ParameterError:
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return ParameterError(f"validation.msg.{RESOURCE}.{param}.{rule}", param, message, value, args)


def key_problems(document_type: CodeValue | None, key: str | None) -> list[ParameterError]:
    """The document number against its type's format rule: pattern, then check digit."""
    normalised = normalise_key(key)
    if not normalised:
        return [_error("documentKey", "cannot.be.blank", _("The document number is required."))]
    if len(key) > KEY_MAX_LENGTH:
        return [
            _error(
                "documentKey",
                "exceeds.max.length",
                _("The document number can be at most %(key_max_length)s characters long.")
                % {
                    "key_max_length": KEY_MAX_LENGTH,
                },
                args=(KEY_MAX_LENGTH,),
            )
        ]
    if len(normalised) > NORMALISED_MAX_LENGTH:
        return [
            _error(
                "documentKey",
                "exceeds.max.length",
                _(
                    "The document number can have at most "
                    "%(normalised_max_length)s characters besides spaces, "
                    "dashes, dots and slashes."
                )
                % {
                    "normalised_max_length": NORMALISED_MAX_LENGTH,
                },
                args=(NORMALISED_MAX_LENGTH,),
            )
        ]
    rule = format_of(document_type)
    if rule is None:
        return []
    type_name = document_type.name
    if not regexes.conforms(rule.pattern, normalised):
        return [
            _error(
                "documentKey",
                "invalid.format",
                rule.message
                or _("The number does not have the format of a %(type_name)s.")
                % {"type_name": type_name},
                key,
            )
        ]
    algorithm = check_digits.by_name(rule.check_digit)
    if algorithm is not None and not algorithm.validate(normalised):
        return [
            _error(
                "documentKey",
                "invalid.check.digit",
                _(
                    "The check digit of this %(type_name)s number is wrong: the number has "
                    "probably been mistyped."
                )
                % {
                    "type_name": type_name,
                },
                key,
                (algorithm.name,),
            )
        ]
    return []


def date_problems(
    document_type: CodeValue | None,
    issue_date: datetime.date | None,
    expiry_date: datetime.date | None,
    today: datetime.date | None = None,
) -> list[ParameterError]:
    """Issue date not in the future, expiry not before issue, expiry given where required."""
    today = today or clock.today()
    problems = []
    rule = format_of(document_type)
    if rule is not None and rule.expiry_required and expiry_date is None:
        problems.append(
            _error(
                "expiryDate",
                "cannot.be.blank",
                _("A %(name)s needs its expiry date.")
                % {
                    "name": document_type.name,
                },
            )
        )
    if issue_date is not None and issue_date > today:
        problems.append(
            _error(
                "issueDate",
                "is.greater.than.date",
                _("The issue date cannot be in the future."),
                issue_date,
            )
        )
    if issue_date is not None and expiry_date is not None and expiry_date < issue_date:
        problems.append(
            _error(
                "expiryDate",
                "is.before.issue.date",
                _("The expiry date cannot be before the issue date."),
                expiry_date,
            )
        )
    return problems


def check_identifier(
    document_type: CodeValue | None,
    key: str | None,
    expiry_date: datetime.date | None = None,
    *,
    issue_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[ParameterError]:
    """Every problem of one document against its type's rule (400s), none written anywhere.

    Parameters are named as on /clients/{id}/identifiers (documentKey, expiryDate,
    issueDate); a caller with another body shape renames them.
    """
    return [
        *key_problems(document_type, key),
        *date_problems(document_type, issue_date, expiry_date, today),
    ]


def resolve_document_type(
    document_type_id: int | None, problems: Problems, *, param: str = "documentTypeId"
) -> CodeValue | None:
    """An active value of the "Customer Identifier" list; otherwise a problem is added
    (blank → 400, another list's or unknown value → Fineract's 404 code)."""
    if not document_type_id:
        problems.add(
            param,
            f"validation.msg.{RESOURCE}.documentTypeId.cannot.be.blank",
            _("The document type is required."),
        )
        return None
    wanted = {"document_type": (IDENTIFIER_CODE, param, document_type_id)}
    return resolve_code_values(wanted, problems).get("document_type")


def identity_key_duplicate(
    owner: ClientIdentifier | None, *, client: Client | None = None
) -> UniquenessViolation:
    """403 error.msg.clientIdentifier.identityKey.duplicate naming the holder's account
    number; `value` and args[0] are the holder's client id, args[1] its account number."""
    code = "error.msg.clientIdentifier.identityKey.duplicate"
    if owner is None:  # the holder went away between the refusal and this message
        return UniquenessViolation(
            code, _("This document number is already recorded for a client."), param="documentKey"
        )
    holder = owner.client
    type_name = owner.document_type.name
    if client is not None and client.pk == holder.pk:
        message = _("This client already has this %(type_name)s number recorded.") % {
            "type_name": type_name
        }
    else:
        message = _(
            "This %(type_name)s number is already recorded for the client with account number "
            "%(account_no)s."
        ) % {"type_name": type_name, "account_no": holder.account_no}
    error = UniquenessViolation(code, message, param="documentKey", value=holder.pk)
    error.errors = [replace(error.first, args=(holder.pk, holder.account_no))]
    return error


def type_duplicate(identifier: ClientIdentifier) -> UniquenessViolation:
    type_name = identifier.document_type.name
    return UniquenessViolation(
        "error.msg.clientIdentifier.type.duplicate",
        _(
            "The client already has an active %(type_name)s; make it inactive before "
            "adding another one."
        )
        % {
            "type_name": type_name,
        },
        param="documentTypeId",
        value=identifier.document_type_id,
    )


@dataclass(frozen=True)
class _OneActivePerType(UniqueCheck):
    """The partial unique constraint: only active documents count."""

    def conflict(self, instance: ClientIdentifier) -> bool:
        if instance.status != IdentifierStatus.ACTIVE:
            return False
        others = ClientIdentifier.objects.filter(
            client_id=instance.client_id,
            document_type_id=instance.document_type_id,
            status=IdentifierStatus.ACTIVE,
        )
        if instance.pk is not None:
            others = others.exclude(pk=instance.pk)
        return others.exists()


UNIQUE_CHECKS = [
    UniqueCheck(
        ("document_type_id", "document_key_normalized"),
        lambda i: identity_key_duplicate(
            find_owner(i.document_type_id, i.document_key_normalized, exclude_pk=i.pk),
            client=i.client,
        ),
    ),
    _OneActivePerType(("client_id", "document_type_id"), type_duplicate),
]


# --- writes ---------------------------------------------------------------------------------


def _status_or_problem(value, problems: Problems) -> IdentifierStatus | None:
    status = parse_status(value)
    if status is None:
        problems.add(
            "status",
            f"validation.msg.{RESOURCE}.status.is.not.within.expected.range",
            _("The status is either Active or Inactive."),
            value if isinstance(value, str | int) else None,
        )
    return status


def _check_description(description: str, problems: Problems) -> None:
    if len(description) > DESCRIPTION_MAX_LENGTH:
        problems.add(
            "description",
            f"validation.msg.{RESOURCE}.description.exceeds.max.length",
            _("The description can be at most %(description_max_length)s characters long.")
            % {
                "description_max_length": DESCRIPTION_MAX_LENGTH,
            },
            args=(DESCRIPTION_MAX_LENGTH,),
        )


def _resolve_country(country_id: int | None, problems: Problems) -> CodeValue | None:
    if not country_id:
        return None
    wanted = {"issuing_country": (COUNTRY_CODE, "issuingCountryId", country_id)}
    return resolve_code_values(wanted, problems).get("issuing_country")


def _record(actor, action: str, identifier_id: int, client: Client, changes: dict) -> None:
    audit.record(
        actor=actor,
        action=action,
        entity=ENTITY,
        resource_id=identifier_id,
        office=client.office,
        client_id=client.pk,
        changes=changes,
    )


@transaction.atomic
def identifier_create(
    *,
    actor,
    client: Client,
    document_type_id: int | None,
    document_key: str | None,
    status: Any = "Active",
    description: str | None = "",
    issue_date: datetime.date | None = None,
    expiry_date: datetime.date | None = None,
    issuing_country_id: int | None = None,
) -> ClientIdentifier:
    """Records an identity document of `client`. 400 for a key or date that breaks the
    type's rule, 404 for a type outside "Customer Identifier", 403 when the number belongs to
    a client already or the client has an active document of the type."""
    ensure_office_in_scope(actor, client.office)
    problems = Problems(resource=RESOURCE)
    identifier = ClientIdentifier(
        client=client,
        document_key=(document_key or "").strip(),
        description=(description or "").strip(),
        issue_date=issue_date,
        expiry_date=expiry_date,
        status=IdentifierStatus.ACTIVE,
    )
    if status not in (None, ""):
        identifier.status = _status_or_problem(status, problems) or IdentifierStatus.ACTIVE
    document_type = resolve_document_type(document_type_id, problems)
    identifier.issuing_country = _resolve_country(issuing_country_id, problems)
    problems.invalid.extend(
        check_identifier(document_type, identifier.document_key, expiry_date, issue_date=issue_date)
    )
    _check_description(identifier.description, problems)
    problems.raise_if_any()

    identifier.document_type = document_type
    identifier.document_key_normalized = normalise_key(identifier.document_key)
    save_unique(identifier, UNIQUE_CHECKS)
    _record(actor, "CREATE", identifier.pk, client, audit.diff({}, _snapshot(identifier)))
    return identifier


def _snapshot(identifier: ClientIdentifier) -> dict:
    return audit.snapshot(identifier, AUDIT_FIELDS)


@transaction.atomic
def identifier_update(
    *, actor, identifier: ClientIdentifier, **fields
) -> tuple[ClientIdentifier, dict[str, list]]:
    """Changes a document; `fields` are model names (document_type_id, document_key, status,
    description, issue_date, expiry_date, issuing_country_id). Returns the changes.

    The format rule is checked again only for what changes: a rule tightened after a document
    was recorded does not block editing its description.
    """
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"identifier_update() got unknown fields: {sorted(unknown)}")
    identifier = (
        ClientIdentifier.objects.select_for_update(of=("self",))
        .select_related("client__office", "document_type__identifier_format")
        .get(pk=identifier.pk)
    )
    client = identifier.client
    ensure_office_in_scope(actor, client.office)
    before = _snapshot(identifier)
    problems = Problems(resource=RESOURCE)

    type_id = fields.get("document_type_id", identifier.document_type_id)
    if type_id != identifier.document_type_id:
        document_type = resolve_document_type(type_id, problems)
        if document_type is not None:
            identifier.document_type = document_type
    if "document_key" in fields:
        identifier.document_key = (fields["document_key"] or "").strip()
    if fields.get("status") not in (None, ""):
        identifier.status = _status_or_problem(fields["status"], problems) or identifier.status
    if "description" in fields:
        identifier.description = (fields["description"] or "").strip()
        _check_description(identifier.description, problems)
    for name in ("issue_date", "expiry_date"):
        if name in fields:
            setattr(identifier, name, fields[name])
    if "issuing_country_id" in fields and (
        fields["issuing_country_id"] != identifier.issuing_country_id
    ):
        identifier.issuing_country = _resolve_country(fields["issuing_country_id"], problems)

    after = _snapshot(identifier)
    type_changed = after["document_type_id"] != before["document_type_id"]
    if type_changed or after["document_key"] != before["document_key"]:
        problems.invalid.extend(key_problems(identifier.document_type, identifier.document_key))
    if type_changed or any(after[n] != before[n] for n in ("issue_date", "expiry_date")):
        problems.invalid.extend(
            date_problems(identifier.document_type, identifier.issue_date, identifier.expiry_date)
        )
    problems.raise_if_any()

    changes = audit.diff(before, after)
    if not changes:
        return identifier, {}
    identifier.document_key_normalized = normalise_key(identifier.document_key)
    save_unique(identifier, UNIQUE_CHECKS)
    _record(actor, "UPDATE", identifier.pk, client, changes)
    return identifier, changes


@transaction.atomic
def identifier_delete(*, actor, identifier: ClientIdentifier) -> None:
    identifier = (
        ClientIdentifier.objects.select_for_update(of=("self",))
        .select_related("client__office")
        .get(pk=identifier.pk)
    )
    client = identifier.client
    ensure_office_in_scope(actor, client.office)
    before = _snapshot(identifier)
    identifier_id = identifier.pk
    identifier.delete()
    changes = {name: [old, None] for name, old in before.items() if old not in (None, "")}
    _record(actor, "DELETE", identifier_id, client, changes)


# --- format rules ---------------------------------------------------------------------------


def identifier_format_for(document_type: CodeValue) -> IdentifierFormat:
    """The rule of a type, or an unsaved rule without constraints when it has none."""
    return format_of(document_type) or IdentifierFormat(document_type=document_type)


def format_not_found(document_type_id) -> NotFound:
    return NotFound(
        "error.msg.identifierformat.id.invalid",
        _("There is no document type %(document_type_id)s in the list `%(identifier_code)s`.")
        % {
            "document_type_id": document_type_id,
            "identifier_code": IDENTIFIER_CODE,
        },
        value=document_type_id,
    )


def document_type_for_format(document_type_id: int) -> CodeValue:
    """A value of "Customer Identifier" (active or not) with its rule; 404 otherwise."""
    document_type = document_types(active_only=False).filter(pk=document_type_id).first()
    if document_type is None:
        raise format_not_found(document_type_id)
    return document_type


FORMAT_FIELDS = frozenset(FORMAT_AUDIT_FIELDS)


@transaction.atomic
def identifier_format_update(
    *, actor, format: IdentifierFormat, **fields
) -> tuple[IdentifierFormat, dict[str, list]]:
    """Edits the format rule of a document type (creating it when the type has none).
    `fields`: pattern (a regular expression the whole normalised number must match), message,
    check_digit (a CheckDigit value or ""), expiry_required, required_for_activation."""
    unknown = set(fields) - FORMAT_FIELDS
    if unknown:
        raise TypeError(f"identifier_format_update() got unknown fields: {sorted(unknown)}")
    rule = (
        IdentifierFormat.objects.select_for_update()
        .filter(document_type_id=format.document_type_id)
        .first()
    ) or IdentifierFormat(document_type_id=format.document_type_id)
    before = audit.snapshot(rule, FORMAT_AUDIT_FIELDS)
    errors = Problems("identifierformat")
    for name, param in (("pattern", "pattern"), ("message", "message")):
        if name in fields:
            value = (fields[name] or "").strip()
            if len(value) > FORMAT_TEXT_MAX_LENGTH:
                errors.add(
                    param,
                    "exceeds.max.length",
                    _("The %(param)s can be at most %(format_text_max_length)s characters long.")
                    % {
                        "param": param,
                        "format_text_max_length": FORMAT_TEXT_MAX_LENGTH,
                    },
                    args=(FORMAT_TEXT_MAX_LENGTH,),
                )
            setattr(rule, name, value)
    if rule.pattern and not errors.has("pattern"):
        reason = regexes.problem(rule.pattern)
        if reason is not None:
            errors.add("pattern", "invalid", reason, rule.pattern)
    if "check_digit" in fields:
        value = (fields["check_digit"] or "").strip().lower()
        if value not in CheckDigit.values:
            errors.add(
                "checkDigit",
                "is.not.within.expected.range",
                _("The check digit is one of: %(values)s (or none).")
                % {"values": ", ".join(v for v in CheckDigit.values if v)},
                fields["check_digit"],
            )
        else:
            rule.check_digit = value
    for name in ("expiry_required", "required_for_activation"):
        if name in fields:
            setattr(rule, name, bool(fields[name]))
    errors.raise_if_any()

    changes = audit.diff(before, audit.snapshot(rule, FORMAT_AUDIT_FIELDS))
    if not changes:
        return rule, {}
    rule.save()
    audit.record(
        actor=actor,
        action="UPDATE",
        entity=FORMAT_ENTITY,
        resource_id=rule.document_type_id,
        changes=changes,
    )
    return rule, changes
