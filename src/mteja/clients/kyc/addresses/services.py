"""A client's addresses: reading them, adding one, changing one (no address is deleted:
an old one is made inactive)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mteja.clients.kyc.addresses.fields import (
    DECLARATION,
    RELATED,
    RESOURCE,
    TYPE_PARAM,
    address_rules,
)
from mteja.clients.kyc.addresses.inputs import (
    AddressInput,
    check_address,
    code_wanted,
    type_id_of,
    type_wanted,
)
from mteja.clients.kyc.inputs import UNSET
from mteja.clients.kyc.writes import ClientPart
from mteja.clients.models import Client, ClientAddress, FieldConfiguration
from mteja.clients.validation import resolve_code_values
from mteja.core.errors import NotFound, Problems, UniquenessViolation
from mteja.core.instances import set_values
from mteja.core.uniqueness import UniqueCheck, save_unique

PART = ClientPart(DECLARATION, related=RELATED)


def address_not_found(address_id) -> NotFound:
    return NotFound(
        "error.msg.address.id.invalid",
        _("Address with identifier %(address_id)s does not exist for this client")
        % {"address_id": address_id},
        param="addressId",
        value=address_id,
    )


def addresses_of(
    client: Client, *, active: bool | None = None, address_type_id: int | None = None
) -> QuerySet:
    addresses = ClientAddress.objects.filter(client=client).select_related(*RELATED)
    if active is not None:
        addresses = addresses.filter(is_active=active)
    if address_type_id:
        addresses = addresses.filter(address_type_id=address_type_id)
    return addresses.order_by("id")


def address_of(client: Client, address_id: int) -> ClientAddress:
    address = ClientAddress.objects.filter(client=client, pk=address_id).first()
    if address is None:
        raise address_not_found(address_id)
    return address


def field_configurations(entity: str) -> QuerySet:
    return FieldConfiguration.objects.filter(entity=entity.upper()).order_by("id")


def _type_taken(address: ClientAddress) -> UniquenessViolation:
    if address.address_type_id:
        message = _(
            "The client already has an active %(kind)s address; make that one inactive first."
        ) % {"kind": address.address_type.name}
    else:
        message = _(
            "The client already has an active address of this type; make that one inactive first."
        )
    return UniquenessViolation(
        "error.msg.address.type.duplicate",
        message,
        param=TYPE_PARAM,
        value=address.address_type_id,
    )


ONE_ACTIVE_PER_TYPE = [UniqueCheck(("client", "address_type", "is_active"), _type_taken)]


def unique_checks(address: ClientAddress) -> list[UniqueCheck]:
    # An inactive address never conflicts; the partial unique index agrees.
    return ONE_ACTIVE_PER_TYPE if address.is_active else []


def save_address(address: ClientAddress) -> None:
    save_unique(address, unique_checks(address))


def assign(address: ClientAddress, values: dict[str, Any], resolved: dict) -> None:
    """Sets checked values and resolved code values on `address`."""
    for key, value in values.items():
        if not key.endswith("_id"):
            setattr(address, key, value)
    set_values(address, resolved)


def address_snapshot(address: ClientAddress) -> dict[str, Any]:
    return PART.snapshot(address)


@transaction.atomic
def address_create(*, actor, client: Client, data: AddressInput) -> ClientAddress:
    """Adds an address of the type `data` gives (a value of ADDRESS_TYPE)."""
    PART.lock_client(actor, client)
    problems = Problems(resource=RESOURCE)
    values = check_address(data, problems, rules=address_rules(), creating=True)
    type_id = type_id_of(data, problems)
    wanted = code_wanted(values)
    if type_id:
        wanted["address_type"] = type_wanted(type_id)
    resolved = resolve_code_values(wanted, problems)
    problems.raise_if_any()

    address = ClientAddress(client=client)
    assign(address, values, resolved)
    PART.create(actor, address, unique_checks(address))
    return address


@transaction.atomic
def address_update(
    *, actor, address: ClientAddress, data: AddressInput
) -> tuple[ClientAddress, dict[str, list]]:
    """Changes the fields `data` gives (a type moves it to another type). Returns the
    address and `{field: [old, new]}` (nothing changed: no event)."""
    return PART.change(actor, address, lambda row: _apply_change(row, data), unique_checks)


def _apply_change(address: ClientAddress, data: AddressInput) -> None:
    problems = Problems(resource=RESOURCE)
    values = check_address(data, problems, rules=address_rules(), creating=False)
    wanted = {
        attr: spec
        for attr, spec in code_wanted(values).items()
        # A value kept as it was needs no re-check (it may have been retired since).
        if spec[2] != getattr(address, f"{attr}_id")
    }
    if data.address_type_id is not UNSET:
        type_id = type_id_of(data, problems)
        if type_id and type_id != address.address_type_id:
            wanted["address_type"] = type_wanted(type_id)
    resolved = resolve_code_values(wanted, problems)
    problems.raise_if_any()

    assign(address, values, resolved)
