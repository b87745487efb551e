"""Identity documents and custom fields given with a new client, checked before it is saved
and written in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.clients.kyc.identifiers import IdentifierInput
from mteja.clients.models import Client, ClientIdentifier, IdentifierStatus
from mteja.core.errors import Problems, UniquenessViolation
from mteja.core.instances import new_instance
from mteja.organisation.models import CodeValue

IDENTIFIERS_PARAM = "identifiers"
# (Enum members read once: decision 261.)
_ACTIVE = IdentifierStatus.ACTIVE


@dataclass
class InlineIdentifier:
    """One checked item of a new client's `identifiers` array."""

    index: int
    data: IdentifierInput
    document_type: CodeValue | None
    normalised: str
    status: IdentifierStatus
    row: ClientIdentifier  # the document as it will be saved, its client not set yet

    @property
    def param(self) -> str:
        return f"{IDENTIFIERS_PARAM}[{self.index}]"


def read_inline_identifiers(
    items: Any, problems: Problems, *, date_format=None, locale=None
) -> list[InlineIdentifier]:
    """Checks a new client's identity documents — `IdentifierInput`s, or the JSON objects of
    Mteja's `identifiers` array of POST /clients — the way the identifiers service
    checks one document (format, check digit, dates), adding problems as
    `identifiers[i].<field>` under the codes of /clients/{id}/identifiers, and the code
    values of every item in one query. Numbers already taken are checked later (403)."""
    if items is None or items == []:
        return []
    if not isinstance(items, list):
        problems.add(IDENTIFIERS_PARAM, "is.invalid", _("The identifiers must be a list."))
        return []
    read: list[tuple[int, IdentifierInput]] = []
    wanted: dict[str, tuple[str, str, int | None]] = {}
    for index, item in enumerate(items):
        prefix = f"{IDENTIFIERS_PARAM}[{index}]"
        if isinstance(item, IdentifierInput):  # typed already (a form, an import row)
            data = item
        elif isinstance(item, dict):  # Fineract's JSON, read by the one identifier reader
            data = kyc_identifiers.read_identifier(
                item, problems, prefix=f"{prefix}.", date_format=date_format, locale=locale
            )
        else:
            problems.add(prefix, "is.invalid", _("An identifier must be an object."))
            continue
        for name, spec in kyc_identifiers.wanted_codes(data, problems, prefix=f"{prefix}.").items():
            wanted[f"{index}:{name}"] = spec
        read.append((index, data))
    resolved = validation.resolve_code_values(wanted, problems)

    checked: list[InlineIdentifier] = []
    keys_seen: dict[tuple[int, str], int] = {}
    active_types: dict[int, int] = {}
    for index, data in read:
        prefix = f"{IDENTIFIERS_PARAM}[{index}]"
        codes = {
            key.split(":", 1)[1]: value
            for key, value in resolved.items()
            if key.startswith(f"{index}:")
        }
        probe = new_instance(ClientIdentifier, document_key="", description="", status=_ACTIVE)
        kyc_identifiers.apply_identifier(
            probe, data, codes, problems, creating=True, prefix=f"{prefix}."
        )
        document_type = codes.get("document_type")
        normalised = kyc_identifiers.normalise_key(probe.document_key)
        if document_type is not None and normalised:
            earlier = keys_seen.setdefault((document_type.pk, normalised), index)
            if earlier != index:
                problems.add(
                    f"{prefix}.documentKey",
                    "error.msg.clientIdentifier.identityKey.duplicate",
                    _("Identifier %(value)s of this request has the same number.")
                    % {"value": earlier + 1},
                    probe.document_key,
                )
            if probe.status == _ACTIVE:
                first = active_types.setdefault(document_type.pk, index)
                if first != index:
                    problems.add(
                        f"{prefix}.documentTypeId",
                        "error.msg.clientIdentifier.type.duplicate",
                        _(
                            "Identifier %(value)s of this request already is the active %(name)s; "
                            "a client has one active document per type."
                        )
                        % {"value": first + 1, "name": document_type.name},
                        document_type.pk,
                    )
        probe.document_key_normalized = normalised
        checked.append(
            InlineIdentifier(index, data, document_type, normalised, probe.status, probe)
        )
    return checked


def refuse_taken_identifiers(actor, inline: list[InlineIdentifier]) -> None:
    """403 error.msg.clientIdentifier.identityKey.duplicate when a document of the request
    already belongs to a client: the message names that client's account number, `value`
    and args[0] carry its id (the UI links to it), when `actor` may see that client."""
    for item in inline:
        owner = kyc_identifiers.find_owner(item.document_type, item.normalised)
        if owner is not None:
            error = kyc_identifiers.identity_key_duplicate(owner, actor=actor)
            error.errors = [replace(e, param=f"{item.param}.documentKey") for e in error.errors]
            raise error


def create_identifiers(actor, client: Client, inline: list[InlineIdentifier]) -> None:
    """Each document through the identifiers service: the same rules and constraints, and
    its own CLIENTIDENTIFIER CREATE event."""
    for item in inline:
        try:
            kyc_identifiers.identifier_create(actor=actor, client=client, data=item.data)
        except UniquenessViolation as error:  # a concurrent request took the number
            error.errors = [
                replace(e, param=f"{item.param}.{e.param}") if e.param else e for e in error.errors
            ]
            raise
