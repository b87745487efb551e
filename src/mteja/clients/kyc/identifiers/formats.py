"""The format rule of each document type (pattern, check digit, expiry, needed for
activation), which administrators edit."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.kyc.identifiers.reads import document_types
from mteja.clients.kyc.identifiers.rules import (
    FORMAT_AUDIT_FIELDS,
    FORMAT_DECLARATION,
    FORMAT_TEXT_MAX_LENGTH,
    IDENTIFIER_CODE,
    format_of,
)
from mteja.clients.models import CheckDigit, IdentifierFormat
from mteja.core import regexes, writes
from mteja.core.errors import NotFound, Problems
from mteja.organisation.models import CodeValue


def identifier_format_for(document_type: CodeValue) -> IdentifierFormat:
    """The rule of a type, or an unsaved rule without constraints when it has none."""
    return format_of(document_type) or IdentifierFormat(document_type=document_type)


def format_not_found(document_type_id) -> NotFound:
    return NotFound(
        "error.msg.identifierformat.id.invalid",
        _("There is no document type %(document_type_id)s in the list “%(identifier_code)s”.")
        % {"document_type_id": document_type_id, "identifier_code": IDENTIFIER_CODE},
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
    before = writes.snapshot(rule, FORMAT_DECLARATION)
    errors = Problems(FORMAT_DECLARATION.resource)
    too_long = {
        "pattern": _("The pattern can be at most %(limit)s characters long."),
        "message": _("The message can be at most %(limit)s characters long."),
    }
    for name, message in too_long.items():
        if name in fields:
            value = (fields[name] or "").strip()
            if len(value) > FORMAT_TEXT_MAX_LENGTH:
                errors.add(
                    name,
                    "exceeds.max.length",
                    message % {"limit": FORMAT_TEXT_MAX_LENGTH},
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

    changes = writes.commit_write(
        rule, actor=actor, action="UPDATE", before=before, resource_id=rule.document_type_id
    )
    return rule, changes
