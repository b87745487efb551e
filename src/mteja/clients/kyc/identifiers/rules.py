"""The rules of identity documents: normalised numbers, statuses, and the checks of a
number and its dates against its type's format rule (pattern, check digit, expiry).

A document's number is compared in its normalised form (upper case, without spaces, dashes,
dots or slashes), so "ab-123 456" and "AB123456" are one document.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.kyc import check_digits
from mteja.clients.models import (
    IDENTIFIER,
    IDENTIFIER_FORMAT,
    ClientIdentifier,
    IdentifierFormat,
    IdentifierStatus,
)
from mteja.core import clock, context, regexes
from mteja.core.errors import ParameterError
from mteja.organisation.models import CodeValue

IDENTIFIER_CODE = "Customer Identifier"
COUNTRY_CODE = "COUNTRY"
RESOURCE = IDENTIFIER.resource
ENTITY = IDENTIFIER.entity
FORMAT_ENTITY = IDENTIFIER_FORMAT.entity

KEY_MAX_LENGTH = ClientIdentifier._meta.get_field("document_key").max_length
NORMALISED_MAX_LENGTH = ClientIdentifier._meta.get_field("document_key_normalized").max_length
DESCRIPTION_MAX_LENGTH = ClientIdentifier._meta.get_field("description").max_length
# The refusal of a document number longer than KEY_MAX_LENGTH (an import's long cell too).
KEY_TOO_LONG = gettext_lazy(
    "The document number can be at most %(key_max_length)s characters long."
)
# The refusal of a description longer than DESCRIPTION_MAX_LENGTH (an import's long cell too).
DESCRIPTION_TOO_LONG = gettext_lazy(
    "The description can be at most %(description_max_length)s characters long."
)
FORMAT_TEXT_MAX_LENGTH = IdentifierFormat._meta.get_field("pattern").max_length

DECLARATION = IDENTIFIER  # beside the models
AUDIT_FIELDS = DECLARATION.audited_fields()
FORMAT_DECLARATION = IDENTIFIER_FORMAT
FORMAT_AUDIT_FIELDS = FORMAT_DECLARATION.audited_fields()

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


def format_of(document_type: CodeValue | None) -> IdentifierFormat | None:
    """The format rule of a document type, or None when it has none."""
    if document_type is None:
        return None
    loaded = document_type._state.fields_cache  # select_related("identifier_format")
    if "identifier_format" in loaded:
        return loaded["identifier_format"]
    return context.remembered(IdentifierFormat, _formats).get(document_type.pk)


def _formats() -> dict[int, IdentifierFormat]:
    """Every type's rule (a row per type that has one), read once per request or batch."""
    return {rule.document_type_id: rule for rule in IdentifierFormat.objects.all()}


def _forget_formats(**_signal) -> None:
    context.forget(IdentifierFormat)


post_save.connect(_forget_formats, sender=IdentifierFormat, weak=False)
post_delete.connect(_forget_formats, sender=IdentifierFormat, weak=False)


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
                KEY_TOO_LONG % {"key_max_length": KEY_MAX_LENGTH},
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
                % {"normalised_max_length": NORMALISED_MAX_LENGTH},
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
                % {"type_name": type_name},
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
                _("A %(name)s needs its expiry date.") % {"name": document_type.name},
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
