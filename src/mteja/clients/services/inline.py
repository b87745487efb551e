"""Identity documents and custom fields given with a new client, checked before it is saved
and written in the same transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.clients.models import (
    Client,
    IdentifierStatus,
)
from mteja.clients.validation import Problems
from mteja.core import wire
from mteja.core.errors import UniquenessViolation
from mteja.organisation.models import CodeValue

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
        _identifier_problem(
            problems, param, "is.invalid", _("An id is a positive whole number."), raw
        )
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


def read_inline_identifiers(
    items: Any, problems: Problems, *, date_format=None, locale=None
) -> list[InlineIdentifier]:
    """Checks Mteja's `identifiers` array of POST /clients with the identifier module's
    rules (format, check digit, dates), adding problems as `identifiers[i].<field>` under
    the codes of /clients/{id}/identifiers. Numbers already taken are checked later (403)."""
    if items is None or items == []:
        return []
    if not isinstance(items, list):
        problems.add(IDENTIFIERS_PARAM, "is.invalid", _("The identifiers must be a list."))
        return []
    read: list[tuple[int, dict, int | None, int | None]] = []
    wanted: dict[str, tuple[str, str, int | None]] = {}
    for index, item in enumerate(items):
        prefix = f"{IDENTIFIERS_PARAM}[{index}]"
        if not isinstance(item, dict):
            problems.add(prefix, "is.invalid", _("An identifier must be an object."))
            continue
        for key in item:
            if key not in IDENTIFIER_KEYS:
                problems.add(
                    f"{prefix}.{key}",
                    "error.msg.parameter.unsupported",
                    _("The parameter %(key)s is not supported.")
                    % {
                        "key": key,
                    },
                    None,
                    (key,),
                )
        type_id = _read_id(item.get("documentTypeId"), f"{prefix}.documentTypeId", problems)
        if type_id is None and not problems.has(f"{prefix}.documentTypeId"):
            _identifier_problem(
                problems, f"{prefix}.documentTypeId", "cannot.be.blank", _("The type is required.")
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
                problems, f"{prefix}.documentKey", "is.invalid", _("The number must be text.")
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
                    _("The status is either Active or Inactive."),
                    raw_status if isinstance(raw_status, str | int) else None,
                )
                status = IdentifierStatus.ACTIVE
        description = item.get("description")
        if description is not None and not isinstance(description, str):
            _identifier_problem(
                problems, f"{prefix}.description", "is.invalid", _("The description is text.")
            )
            description = ""
        description = (description or "").strip()
        if len(description) > kyc_identifiers.DESCRIPTION_MAX_LENGTH:
            _identifier_problem(
                problems,
                f"{prefix}.description",
                "exceeds.max.length",
                _("The description can be at most %(description_max_length)s characters long.")
                % {
                    "description_max_length": kyc_identifiers.DESCRIPTION_MAX_LENGTH,
                },
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
                    _("Identifier %(value)s of this request has the same number.")
                    % {
                        "value": earlier + 1,
                    },
                    key,
                )
            if status == IdentifierStatus.ACTIVE:
                first = active_types.setdefault(document_type.pk, index)
                if first != index:
                    problems.add(
                        f"{prefix}.documentTypeId",
                        "error.msg.clientIdentifier.type.duplicate",
                        _(
                            "Identifier %(value)s of this request already is the active %(name)s; "
                            "a client has one active document per type."
                        )
                        % {
                            "value": first + 1,
                            "name": document_type.name,
                        },
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


def refuse_taken_identifiers(inline: list[InlineIdentifier]) -> None:
    """403 error.msg.clientIdentifier.identityKey.duplicate when a document of the request
    already belongs to a client: the message names that client's account number, `value`
    and args[0] carry its id (the UI links to it)."""
    for item in inline:
        owner = kyc_identifiers.find_owner(item.document_type, item.normalised)
        if owner is not None:
            error = kyc_identifiers.identity_key_duplicate(owner)
            error.errors = [replace(e, param=f"{item.param}.documentKey") for e in error.errors]
            raise error


def create_identifiers(actor, client: Client, inline: list[InlineIdentifier]) -> None:
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
