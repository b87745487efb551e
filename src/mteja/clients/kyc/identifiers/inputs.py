"""What a caller gives to record or change an identity document, and the one path every
caller's input takes: the API's serializer, the web form, the `identifiers` array of a new
client and (soon) an import row each build an `IdentifierInput`; `wanted_codes` and
`apply_identifier` then check and apply it the same way for all of them.

Problems are reported under the parameters of /clients/{id}/identifiers (`documentKey`,
`expiryDate`, …), after `prefix` (`identifiers[0].` for the items of a new client).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields, replace
from typing import Any

from django.utils.translation import gettext as _

from mteja.clients.kyc.identifiers.rules import (
    COUNTRY_CODE,
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_TOO_LONG,
    IDENTIFIER_CODE,
    RESOURCE,
    date_problems,
    key_problems,
    parse_status,
)
from mteja.clients.kyc.inputs import UNSET, GivenFields, refuse_unknown
from mteja.clients.models import ClientIdentifier, IdentifierStatus
from mteja.core import audit, storable_text, wire
from mteja.core.errors import Problems
from mteja.core.instances import set_values


@dataclass(frozen=True)
class IdentifierInput(GivenFields):
    """A document as a caller gives it, by model field name; UNSET fields are not given.

    `status` is an IdentifierStatus or a name/code still to be read ("Active", "inactive",
    Fineract's status codes), so that a wrong one is reported with the other problems.
    """

    document_type_id: int | None = UNSET
    document_key: str | None = UNSET
    status: IdentifierStatus | str | int | None = UNSET
    description: str | None = UNSET
    issue_date: datetime.date | None = UNSET
    expiry_date: datetime.date | None = UNSET
    issuing_country_id: int | None = UNSET


FIELD_NAMES = tuple(f.name for f in fields(IdentifierInput))


def _code(param: str, rule: str) -> str:
    return f"validation.msg.{RESOURCE}.{param}.{rule}"


def wanted_codes(
    data: IdentifierInput,
    problems: Problems,
    *,
    current: ClientIdentifier | None = None,
    prefix: str = "",
) -> dict[str, tuple[str, str, int | None]]:
    """The code values `data` names that need resolving (a kept value needs no re-check: it
    may have been retired since), for `validation.resolve_code_values`. A new document
    without a type is a problem."""
    given = data.given()
    wanted: dict[str, tuple[str, str, int | None]] = {}
    type_id = given.get("document_type_id", current.document_type_id if current else None)
    if current is None or type_id != current.document_type_id:
        param = f"{prefix}documentTypeId"
        if type_id:
            wanted["document_type"] = (IDENTIFIER_CODE, param, type_id)
        elif not problems.has(param):  # one given that is not an id was reported already
            problems.add(
                param,
                _code("documentTypeId", "cannot.be.blank"),
                _("The document type is required."),
            )
    country_id = given.get("issuing_country_id")
    if country_id and (current is None or country_id != current.issuing_country_id):
        wanted["issuing_country"] = (COUNTRY_CODE, f"{prefix}issuingCountryId", country_id)
    elif "issuing_country_id" in given and not country_id:
        wanted["issuing_country"] = (COUNTRY_CODE, f"{prefix}issuingCountryId", None)
    return wanted


def _add_new(problems: Problems, errors, prefix: str) -> None:
    """The rule's problems, each under its prefixed parameter unless that one already has
    one (a date that could not be read is not also missing)."""
    for error in errors:
        param = f"{prefix}{error.param}"
        if not problems.has(param):
            problems.invalid.append(replace(error, param=param))


def apply_identifier(
    identifier: ClientIdentifier,
    data: IdentifierInput,
    resolved: dict[str, Any],
    problems: Problems,
    *,
    creating: bool,
    prefix: str = "",
) -> None:
    """Applies `data` (with the code values `resolved` from `wanted_codes`) to `identifier`,
    adding every problem. The type's format rule is checked again only for what changes: a
    rule tightened after a document was recorded does not block editing its description."""
    before = {} if creating else audit.snapshot(identifier, list(FIELD_NAMES))
    given = data.given()
    if "document_key" in given:
        identifier.document_key = (given["document_key"] or "").strip()
    if given.get("status") not in (None, ""):
        status = parse_status(given["status"])
        if status is None:
            raw = given["status"]
            problems.add(
                f"{prefix}status",
                _code("status", "is.not.within.expected.range"),
                _("The status is either Active or Inactive."),
                raw if isinstance(raw, str | int) else None,
            )
        else:
            identifier.status = status
    if "description" in given:
        identifier.description = (given["description"] or "").strip()
        if len(identifier.description) > DESCRIPTION_MAX_LENGTH:
            problems.add(
                f"{prefix}description",
                _code("description", "exceeds.max.length"),
                DESCRIPTION_TOO_LONG % {"description_max_length": DESCRIPTION_MAX_LENGTH},
                args=(DESCRIPTION_MAX_LENGTH,),
            )
    for name, param in (("document_key", "documentKey"), ("description", "description")):
        refused = storable_text.refusal(getattr(identifier, name) or "") if name in given else None
        if refused is not None:
            problems.add(f"{prefix}{param}", _code(param, refused[0]), refused[1])
    for name in ("issue_date", "expiry_date"):
        if name in given:
            setattr(identifier, name, given[name])
    # The references set as Django's descriptor sets them, without its checks for routed
    # databases (instances.set_values: an imported row's document, a client each).
    references = {}
    if resolved.get("document_type") is not None:
        references["document_type"] = resolved["document_type"]
    if "issuing_country" in resolved:
        references["issuing_country"] = resolved["issuing_country"]
    set_values(identifier, references)

    document_type = identifier.document_type if identifier.document_type_id else None
    # (A new document is checked whole: no after-image to compare, one an imported row.)
    after = {} if creating else audit.snapshot(identifier, list(FIELD_NAMES))
    type_changed = creating or after["document_type_id"] != before["document_type_id"]
    if type_changed or after["document_key"] != before["document_key"]:
        _add_new(problems, key_problems(document_type, identifier.document_key), prefix)
    if type_changed or any(after[n] != before[n] for n in ("issue_date", "expiry_date")):
        dates = date_problems(document_type, identifier.issue_date, identifier.expiry_date)
        _add_new(problems, dates, prefix)


# --- an identifier given as JSON outside the API's serializer (client creation, imports) ----

KEYS = {
    "documentTypeId": "document_type_id", "documentKey": "document_key", "status": "status",
    "description": "description", "issueDate": "issue_date", "expiryDate": "expiry_date",
    "issuingCountryId": "issuing_country_id",
}  # fmt: skip


def _read_id(raw, param: str, field: str, problems: Problems) -> int | None:
    if raw is None or raw == "":
        return None
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 2**63 - 1:
        problems.add(param, _code(field, "is.invalid"), _("An id is a positive whole number."), raw)
        return None
    return int(text)


def _read_date(raw, param: str, field: str, problems: Problems, date_format, locale):
    if raw is None or raw == "":
        return None
    try:
        return wire.parse_date(raw, date_format, locale)
    except wire.DateFormatError as exc:
        problems.add(param, _code(field, exc.rule), str(exc), raw if isinstance(raw, str) else None)
        return None


def read_identifier(
    item: dict, problems: Problems, *, prefix: str, date_format=None, locale=None
) -> IdentifierInput:
    """An `IdentifierInput` from a JSON object by API name, with a problem for each key it
    does not know and each value of the wrong shape (left out of the input)."""
    refuse_unknown(problems, item, KEYS, prefix=prefix)
    type_param = f"{prefix}documentTypeId"
    type_id = _read_id(item.get("documentTypeId"), type_param, "documentTypeId", problems)
    country_id = _read_id(
        item.get("issuingCountryId"), f"{prefix}issuingCountryId", "issuingCountryId", problems
    )
    key = item.get("documentKey")
    if isinstance(key, int | float) and not isinstance(key, bool):
        key = str(key)
    if key is not None and not isinstance(key, str):
        problems.add(
            f"{prefix}documentKey",
            _code("documentKey", "is.invalid"),
            _("The number must be text."),
        )
        key = None
    description = item.get("description")
    if description is not None and not isinstance(description, str):
        problems.add(
            f"{prefix}description",
            _code("description", "is.invalid"),
            _("The description is text."),
        )
        description = ""
    dates = {
        field: _read_date(item.get(param), f"{prefix}{param}", param, problems, date_format, locale)
        for param, field in (("issueDate", "issue_date"), ("expiryDate", "expiry_date"))
    }
    return IdentifierInput(
        document_type_id=None if problems.has(type_param) else type_id,
        document_key=key or "",
        status=item.get("status"),
        description=description or "",
        issuing_country_id=country_id,
        **dates,
    )
