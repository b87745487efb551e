"""A client's addresses, and the institution's configuration of address fields.

Which address fields exist, which must be filled and what format they follow is data
(FieldConfiguration rows of entity ADDRESS, keyed by Fineract's parameter names), so the
services here read addresses by those API names — `street`, `addressLine1`,
`stateProvinceId`, `latitude`, `isActive`, … — with values as received (text, numbers,
booleans), whether from the API, a form or the `address` array of a new client.

The rules, in one place:
- a field the configuration disables may not be sent (400 error.msg.parameter.unsupported);
- a mandatory field must be filled when an address is created, and cannot be blanked later
  (an administrator tightening the rules never makes old addresses uneditable);
- a field with a regular expression must match it in full;
- a client has any number of typed addresses but at most one active address per type
  (403 error.msg.address.type.duplicate, held by a database constraint too).

Mandatory fields apply to the addresses a request sends; they never make an address itself
required. A new client must come with an address only when ClientPolicy.address_enabled is on
and the administrator listed `address` among the required fields of the client's legal form
(`addresses_required`) — so switching addresses on never breaks an app that sends none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientPolicy,
    FieldConfiguration,
    LegalForm,
)
from mteja.core import audit, regexes
from mteja.core.errors import NotFound, Problems, UniquenessViolation
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import CodeValue

ENTITY = "ADDRESS"
SUBENTITY = "CLIENT"
RESOURCE = "address"
CONFIGURATION_ENTITY = "FIELDCONFIGURATION"
ADDRESS_TYPE_CODE = "ADDRESS_TYPE"
# The configuration row of the address type: every address has one, so it stays on and
# mandatory whatever an administrator asks.
ADDRESS_TYPE_FIELD = "addressType"
TYPE_PARAM = "addressTypeId"
# The parameter that names the list of addresses on client creation, in the policy's
# required-fields lists and in error parameters (`address[0].street`).
INLINE_PARAM = "address"

TEXT, CODE, COORDINATE, FLAG = "text", "code", "coordinate", "flag"


@dataclass(frozen=True)
class AddressField:
    param: str  # Fineract's parameter name, also FieldConfiguration.field
    attr: str  # the model attribute (for codes, the foreign key's name)
    kind: str
    code: str = ""  # the code list of a CODE field
    bound: int = 0  # the absolute limit of a COORDINATE


FIELDS = (
    AddressField("street", "street", TEXT),
    AddressField("addressLine1", "address_line_1", TEXT),
    AddressField("addressLine2", "address_line_2", TEXT),
    AddressField("addressLine3", "address_line_3", TEXT),
    AddressField("townVillage", "town_village", TEXT),
    AddressField("city", "city", TEXT),
    AddressField("countyDistrict", "county_district", TEXT),
    AddressField("stateProvinceId", "state_province", CODE, code="STATE"),
    AddressField("countryId", "country", CODE, code="COUNTRY"),
    AddressField("postalCode", "postal_code", TEXT),
    AddressField("latitude", "latitude", COORDINATE, bound=90),
    AddressField("longitude", "longitude", COORDINATE, bound=180),
    AddressField("isActive", "is_active", FLAG),
)
FIELD_BY_PARAM = {field.param: field for field in FIELDS}
CONFIGURABLE = frozenset({ADDRESS_TYPE_FIELD, *FIELD_BY_PARAM})
AUDIT_FIELDS = [
    "address_type_id",
    *(f"{f.attr}_id" if f.kind == CODE else f.attr for f in FIELDS),
]
# Audited field → API parameter, for Fineract's `changes`.
API_NAMES = {
    "address_type_id": TYPE_PARAM,
    **{(f"{f.attr}_id" if f.kind == CODE else f.attr): f.param for f in FIELDS},
}
RELATED = ("address_type", "state_province", "country")
COORDINATE_STEP = Decimal("0.0000001")  # the column keeps 7 decimal places (about 1 cm)
MAX_ID = 2**63 - 1


# --- configuration --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRule:
    enabled: bool = True
    mandatory: bool = False
    regex: str = ""

    def matches(self, text: str) -> bool:
        return regexes.conforms(self.regex, text)


def address_rules() -> dict[str, FieldRule]:
    """The rule of every address field (one query); a field without a row is optional."""
    rows = FieldConfiguration.objects.filter(entity=ENTITY, subentity=SUBENTITY)
    rules = {param: FieldRule() for param in CONFIGURABLE}
    for row in rows:
        if row.field in rules:
            rules[row.field] = FieldRule(row.is_enabled, row.is_mandatory, row.validation_regex)
    return rules


def addresses_required(legal_form: int = LegalForm.PERSON) -> bool:
    """Must a new client of `legal_form` come with at least one address?"""
    policy = ClientPolicy.current()
    if not policy.address_enabled:
        return False
    required = (
        policy.required_fields_entity
        if legal_form == LegalForm.ENTITY
        else policy.required_fields_person
    )
    return INLINE_PARAM in (required or [])


# --- reading values -------------------------------------------------------------------------


def _unsupported(problems: Problems, param: str, name: str, message: str) -> None:
    problems.add(param, "error.msg.parameter.unsupported", message, None, (name,))


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text_of(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _read_code_id(raw, param: str, problems: Problems) -> int | None:
    if _is_blank(raw):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        problems.add(param, "is.invalid", _("The value must be the id of a code value."), raw)
        return None
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
        problems.add(param, "is.invalid", _("The value must be the id of a code value."), raw)
        return None
    return int(text)


def _read_value(field: AddressField, raw, param: str, problems: Problems):
    """The typed value of one field, or None (with a problem added) when it is malformed."""
    if field.kind == TEXT:
        if raw is None:
            return ""
        if isinstance(raw, bool | dict | list):
            problems.add(
                param,
                "is.invalid",
                _("The %(param)s must be text.")
                % {
                    "param": field.param,
                },
                None,
            )
            return None
        text = " ".join(str(raw).split())
        limit = ClientAddress._meta.get_field(field.attr).max_length
        if len(text) > limit:
            problems.add(
                param,
                "exceeds.max.length",
                _("The %(param)s can have at most %(limit)s characters.")
                % {
                    "param": field.param,
                    "limit": limit,
                },
                text,
                (limit,),
            )
            return None
        return text
    if field.kind == CODE:
        return _read_code_id(raw, param, problems)
    if field.kind == COORDINATE:
        if _is_blank(raw):
            return None
        try:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
                raise InvalidOperation
            number = Decimal(str(raw).strip())
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.add(
                param,
                "is.invalid",
                _("The %(param)s must be a number.")
                % {
                    "param": field.param,
                },
                raw,
            )
            return None
        if not -field.bound <= number <= field.bound:
            problems.add(
                param,
                "is.not.within.expected.range",
                _("The %(param)s must be between -%(bound)s and %(bound)s.")
                % {
                    "param": field.param,
                    "bound": field.bound,
                },
                str(raw),
                (-field.bound, field.bound),
            )
            return None
        return number.quantize(COORDINATE_STEP, rounding=ROUND_HALF_EVEN)
    # FLAG
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    problems.add(
        param,
        "is.invalid",
        _("The %(param)s must be true or false.")
        % {
            "param": field.param,
        },
        raw,
    )
    return None


def read_address_fields(
    raw: dict[str, Any],
    problems: Problems,
    *,
    rules: dict[str, FieldRule],
    creating: bool,
    prefix: str = "",
    ignore: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Checks `raw` (API names) against the field configuration.

    Returns `{attribute: value}` for the fields given and well formed — code fields as
    `<attribute>_id` ids still to be resolved. Keys in `ignore` are left to the caller.
    """
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name in ignore:
            continue
        param = f"{prefix}{name}"
        field = FIELD_BY_PARAM.get(name)
        if field is None:
            _unsupported(
                problems,
                param,
                name,
                _("The parameter %(name)s is not supported.")
                % {
                    "name": name,
                },
            )
            continue
        rule = rules[name]
        if not rule.enabled:
            _unsupported(
                problems,
                param,
                name,
                _("The address field %(name)s is switched off by the institution.")
                % {
                    "name": name,
                },
            )
            continue
        if _is_blank(value):
            if rule.mandatory:
                problems.add(
                    param,
                    "cannot.be.blank",
                    _("The %(name)s is required.")
                    % {
                        "name": name,
                    },
                )
                continue
            if field.kind == FLAG:
                continue  # no answer: the default stands
        errors_before = len(problems.invalid)
        typed = _read_value(field, value, param, problems)
        if len(problems.invalid) > errors_before:
            continue
        if rule.regex and not _is_blank(value):
            text = typed if field.kind == TEXT else _text_of(value)
            if not rule.matches(text):
                problems.add(
                    param,
                    "does.not.match.regex",
                    _("The %(name)s does not have the format the institution requires.")
                    % {
                        "name": name,
                    },
                    text,
                    (rule.regex,),
                )
                continue
        values[f"{field.attr}_id" if field.kind == CODE else field.attr] = typed
    if creating:
        for field in FIELDS:
            rule = rules[field.param]
            if rule.enabled and rule.mandatory and field.param not in raw:
                problems.add(
                    f"{prefix}{field.param}",
                    "cannot.be.blank",
                    _("The %(param)s is required.")
                    % {
                        "param": field.param,
                    },
                )
    return values


def _code_wanted(values: dict[str, Any], prefix: str) -> dict[str, tuple[str, str, int | None]]:
    return {
        field.attr: (field.code, f"{prefix}{field.param}", values[f"{field.attr}_id"])
        for field in FIELDS
        if field.kind == CODE and f"{field.attr}_id" in values
    }


def _assign(address: ClientAddress, values: dict[str, Any], resolved: dict) -> None:
    for key, value in values.items():
        if not key.endswith("_id"):
            setattr(address, key, value)
    for attr, value in resolved.items():
        setattr(address, attr, value)


def _read_type_id(raw, problems: Problems, param: str = TYPE_PARAM) -> int | None:
    if _is_blank(raw):
        problems.add(param, "cannot.be.blank", _("The address type is required."))
        return None
    return _read_code_id(raw, param, problems)


# --- reads ----------------------------------------------------------------------------------


def address_not_found(address_id) -> NotFound:
    return NotFound(
        "error.msg.address.id.invalid",
        _("Address with identifier %(address_id)s does not exist for this client")
        % {
            "address_id": address_id,
        },
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


# --- writes ---------------------------------------------------------------------------------


def _type_taken(address: ClientAddress) -> UniquenessViolation:
    kind = address.address_type.name if address.address_type_id else "this type"
    return UniquenessViolation(
        "error.msg.address.type.duplicate",
        _("The client already has an active %(kind)s address; make that one inactive first.")
        % {
            "kind": kind,
        },
        param=TYPE_PARAM,
        value=address.address_type_id,
    )


ONE_ACTIVE_PER_TYPE = [UniqueCheck(("client", "address_type", "is_active"), _type_taken)]


def _save(address: ClientAddress) -> None:
    # An inactive address never conflicts; the partial unique index agrees.
    save_unique(address, ONE_ACTIVE_PER_TYPE if address.is_active else [])


def _record(actor, action: str, address_id: int, client: Client, changes: dict) -> None:
    audit.record(
        actor=actor,
        action=action,
        entity=ENTITY,
        resource_id=address_id,
        office=client.office,
        client_id=client.pk,
        changes=changes,
    )


def address_snapshot(address: ClientAddress) -> dict[str, Any]:
    return audit.snapshot(address, AUDIT_FIELDS)


@transaction.atomic
def address_create(
    *, actor, client: Client, address_type_id: int | None, fields: dict[str, Any]
) -> ClientAddress:
    """Adds an address of type `address_type_id` (a value of ADDRESS_TYPE); `fields` by API
    name, as received."""
    ensure_office_in_scope(actor, client.office)
    problems = Problems(resource=RESOURCE)
    type_id = _read_type_id(address_type_id, problems)
    values = read_address_fields(fields, problems, rules=address_rules(), creating=True)
    wanted = _code_wanted(values, "")
    if type_id:
        wanted["address_type"] = (ADDRESS_TYPE_CODE, TYPE_PARAM, type_id)
    resolved = validation.resolve_code_values(wanted, problems)
    problems.raise_if_any()

    address = ClientAddress(client=client)
    _assign(address, values, resolved)
    _save(address)
    _record(actor, "CREATE", address.pk, client, audit.diff({}, address_snapshot(address)))
    return address


@transaction.atomic
def address_update(
    *, actor, address: ClientAddress, fields: dict[str, Any]
) -> tuple[ClientAddress, dict[str, list]]:
    """Changes the fields given (API names; `addressTypeId` moves it to another type).
    Returns the address and `{field: [old, new]}` (nothing changed: no event)."""
    address = (
        ClientAddress.objects.select_for_update(of=("self",))
        .select_related("client__office", *RELATED)
        .get(pk=address.pk)
    )
    client = address.client
    ensure_office_in_scope(actor, client.office)
    before = address_snapshot(address)
    problems = Problems(resource=RESOURCE)
    values = read_address_fields(
        fields, problems, rules=address_rules(), creating=False, ignore=frozenset({TYPE_PARAM})
    )
    wanted = {
        attr: spec
        for attr, spec in _code_wanted(values, "").items()
        # A value kept as it was needs no re-check (it may have been retired since).
        if spec[2] != getattr(address, f"{attr}_id")
    }
    if TYPE_PARAM in fields:
        type_id = _read_type_id(fields[TYPE_PARAM], problems)
        if type_id and type_id != address.address_type_id:
            wanted["address_type"] = (ADDRESS_TYPE_CODE, TYPE_PARAM, type_id)
    resolved = validation.resolve_code_values(wanted, problems)
    problems.raise_if_any()

    _assign(address, values, resolved)
    changes = audit.diff(before, address_snapshot(address))
    if changes:
        _save(address)
        _record(actor, "UPDATE", address.pk, client, changes)
    return address, changes


# --- addresses given with a new client ------------------------------------------------------


@dataclass
class InlineAddress:
    """One checked item of a new client's `address` array, ready to be saved."""

    index: int
    values: dict[str, Any]
    resolved: dict[str, CodeValue | None]


def validate_inline_addresses(
    addresses: list[dict] | None, problems: Problems, *, legal_form: int = LegalForm.PERSON
) -> list[InlineAddress]:
    """Checks Fineract's `address` array of POST /clients, adding every problem to
    `problems` (parameters `address[i].field`); returns the items to pass to
    `create_inline_addresses` once the client is saved.

    Each item carries `addressTypeId` and the address fields by API name. With no address,
    nothing is wrong unless `addresses_required(legal_form)`.
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
        type_id = _read_type_id(item.get(TYPE_PARAM), problems, f"{prefix}{TYPE_PARAM}")
        values = read_address_fields(
            item,
            problems,
            rules=rules,
            creating=True,
            prefix=prefix,
            ignore=frozenset({TYPE_PARAM}),
        )
        for attr, spec in _code_wanted(values, prefix).items():
            wanted[f"{index}:{attr}"] = spec
        if type_id:
            wanted[f"{index}:address_type"] = (
                ADDRESS_TYPE_CODE,
                f"{prefix}{TYPE_PARAM}",
                type_id,
            )
        items.append((index, values, type_id))
    # Every code value of every item in one query.
    found = validation.resolve_code_values(wanted, problems)
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
                    % {
                        "value": active_types[type_id] + 1,
                    },
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
    ensure_office_in_scope(actor, client.office)
    created = []
    with transaction.atomic():
        for item in addresses:
            address = ClientAddress(client=client)
            _assign(address, item.values, item.resolved)
            _save(address)
            created.append(address)
    if not created:
        return [], {}
    return created, {INLINE_PARAM: [None, [address_snapshot(a) for a in created]]}


# --- field configuration --------------------------------------------------------------------

CONFIGURATION_FIELDS = {
    "is_enabled": "isEnabled",
    "is_mandatory": "isMandatory",
    "validation_regex": "validationRegex",
}


def _configuration_not_found(entity: str) -> NotFound:
    return NotFound(
        "error.msg.fieldconfiguration.entity.invalid",
        _("There is no field configuration for the entity `%(entity)s`.")
        % {
            "entity": entity,
        },
        param="entity",
        value=entity,
    )


@transaction.atomic
def field_configuration_update(
    *, actor, entity: str, updates: list[dict[str, Any]]
) -> dict[str, list]:
    """Applies `[{field, is_enabled?, is_mandatory?, validation_regex?}]` to the rows of
    `entity`; every problem at once. Returns `{"<field>.<attribute>": [old, new]}`."""
    entity = entity.upper()
    rows = {
        row.field: row
        for row in FieldConfiguration.objects.select_for_update(of=("self",)).filter(
            entity=entity, subentity=SUBENTITY
        )
    }
    if not rows:
        raise _configuration_not_found(entity)
    before = {name: audit.snapshot(row, list(CONFIGURATION_FIELDS)) for name, row in rows.items()}
    problems = Problems(resource="fieldconfiguration")
    seen: set[str] = set()
    for index, update in enumerate(updates):
        prefix = f"fields[{index}]."
        name = update.get("field")
        row = rows.get(name)
        if row is None:
            problems.add(
                f"{prefix}field",
                "is.not.within.expected.range",
                _("`%(name)s` is not a field of %(entity)s: one of %(values)s.")
                % {
                    "name": name,
                    "entity": entity,
                    "values": ", ".join(sorted(rows)),
                },
                name,
            )
            continue
        if name in seen:
            problems.add(
                f"{prefix}field",
                "is.duplicated",
                _("`%(name)s` is given twice.")
                % {
                    "name": name,
                },
                name,
            )
            continue
        seen.add(name)
        for attr in CONFIGURATION_FIELDS:
            if update.get(attr) is not None:
                setattr(row, attr, update[attr])
        row.validation_regex = (row.validation_regex or "").strip()
        if row.validation_regex:
            reason = regexes.problem(row.validation_regex)
            if reason is not None:
                problems.add(f"{prefix}validationRegex", "is.invalid", reason, row.validation_regex)
        if (
            entity == ENTITY
            and name == ADDRESS_TYPE_FIELD
            and not (row.is_enabled and row.is_mandatory)
        ):
            problems.add(
                f"{prefix}field",
                "cannot.be.optional",
                _("Every address has a type: the address type stays enabled and mandatory."),
                name,
            )
        elif row.is_mandatory and not row.is_enabled:
            problems.add(
                f"{prefix}isMandatory",
                "requires.enabled",
                _("`%(name)s` cannot be mandatory while it is switched off.")
                % {
                    "name": name,
                },
                True,
            )
    problems.raise_if_any()

    changes: dict[str, list] = {}
    for name in sorted(seen):
        row = rows[name]
        row_changes = audit.diff(before[name], audit.snapshot(row, list(CONFIGURATION_FIELDS)))
        if row_changes:
            row.save(update_fields=[*row_changes, "last_modified_on"])
            changes.update({f"{name}.{attr}": pair for attr, pair in row_changes.items()})
    if changes:
        audit.record(
            actor=actor,
            action="UPDATE",
            entity=CONFIGURATION_ENTITY,
            resource_id=None,
            resource_external_id=entity,
            changes=changes,
        )
    return changes
