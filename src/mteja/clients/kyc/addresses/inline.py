"""The addresses given with a new client (Fineract's `address` array of POST /clients): checked
before the client is saved, written in its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.kyc.addresses.fields import (
    INLINE_PARAM,
    TYPE_PARAM,
    address_rules,
    addresses_required,
)
from mteja.clients.kyc.addresses.inputs import (
    check_address,
    code_wanted,
    read_address,
    type_id_of,
    type_wanted,
)
from mteja.clients.kyc.addresses.services import address_snapshot, assign, save_address
from mteja.clients.models import Client, ClientAddress, ClientPolicy, LegalForm
from mteja.clients.scope import ensure_client_in_scope
from mteja.clients.validation import resolve_code_values
from mteja.core.errors import Problems
from mteja.core.instances import new_instance
from mteja.organisation.models import CodeValue


@dataclass
class InlineAddress:
    """One checked item of a new client's `address` array, ready to be saved."""

    index: int
    values: dict[str, Any]
    resolved: dict[str, CodeValue | None]


def validate_inline_addresses(
    addresses: list[dict] | None, problems: Problems, *, legal_form: int = LegalForm.PERSON
) -> list[InlineAddress]:
    """Checks Fineract's `address` array of POST /clients as the address service checks one
    address, adding every problem to `problems` (parameters `address[i].field`) and the code
    values of every item in one query; returns the items to pass to
    `create_inline_addresses` once the client is saved.

    With no address, nothing is wrong unless `addresses_required(legal_form)`.
    """
    if addresses is None or addresses == []:
        if addresses_required(legal_form):
            problems.add(
                INLINE_PARAM,
                "cannot.be.blank",
                _("The institution requires at least one address for a new client."),
            )
        return []
    if not isinstance(addresses, list):
        problems.add(INLINE_PARAM, "is.invalid", _("The address must be a list of addresses."))
        return []
    if not ClientPolicy.current().address_enabled:
        problems.add(
            INLINE_PARAM,
            "not.enabled",
            _(
                "Addresses are not taken on client creation here; "
                "add them to the client afterwards."
            ),
        )
        return []
    rules = address_rules()
    items: list[tuple[int, dict[str, Any], int | None]] = []
    wanted: dict[str, tuple[str, str, int | None]] = {}
    for index, item in enumerate(addresses):
        prefix = f"{INLINE_PARAM}[{index}]."
        if not isinstance(item, dict):
            problems.add(
                f"{INLINE_PARAM}[{index}]", "is.invalid", _("An address must be an object.")
            )
            continue
        data = read_address(item, prefix=prefix, new=True)
        values = check_address(data, problems, rules=rules, creating=True, prefix=prefix)
        type_id = type_id_of(data, problems, prefix=prefix)
        for attr, spec in code_wanted(values, prefix).items():
            wanted[f"{index}:{attr}"] = spec
        if type_id:
            wanted[f"{index}:address_type"] = type_wanted(type_id, prefix)
        items.append((index, values, type_id))
    found = resolve_code_values(wanted, problems)  # every item's code values in one query
    checked: list[InlineAddress] = []
    active_types: dict[int, int] = {}
    for index, values, type_id in items:
        resolved = {
            key.split(":", 1)[1]: value
            for key, value in found.items()
            if key.startswith(f"{index}:")
        }
        if type_id and values.get("is_active", True):
            if type_id in active_types:
                problems.add(
                    f"{INLINE_PARAM}[{index}].{TYPE_PARAM}",
                    "error.msg.address.type.duplicate",
                    _(
                        "Address %(value)s already is the active address of this type; a client "
                        "has one active address per type."
                    )
                    % {"value": active_types[type_id] + 1},
                    type_id,
                )
            else:
                active_types[type_id] = index
        checked.append(InlineAddress(index, values, resolved))
    return checked


def create_inline_addresses(
    *, actor, client: Client, addresses: list[InlineAddress] | list[dict]
) -> tuple[list[ClientAddress], dict[str, list]]:
    """Saves the addresses of a client being created, inside the client's transaction.

    `addresses` is what `validate_inline_addresses` returned (or the raw array, which is
    then checked here and refused with a 400). Records no audit event of its own: the
    returned `{"address": [None, [...]]}` belongs in the client's CREATE event.
    """
    if any(isinstance(item, dict) for item in addresses):
        problems = Problems()
        addresses = validate_inline_addresses(list(addresses), problems)
        problems.raise_if_any()
    if not addresses:
        return [], {}
    ensure_client_in_scope(actor, client)
    created = built_addresses(client, addresses)
    with transaction.atomic():
        for address in created:
            save_address(address)
    return created, inline_changes(created)


def built_addresses(client: Client, addresses: list[InlineAddress]) -> list[ClientAddress]:
    """The checked addresses of a new client as rows, not saved yet."""
    built = []
    for item in addresses:
        address = new_instance(ClientAddress, client=client)
        assign(address, item.values, item.resolved)
        built.append(address)
    return built


def inline_changes(created: list[ClientAddress]) -> dict[str, list]:
    """What the client's CREATE event says of the addresses created with it."""
    if not created:
        return {}
    return {INLINE_PARAM: [None, [address_snapshot(address) for address in created]]}
