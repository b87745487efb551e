"""The address fields, and the institution's configuration of them.

Which address fields exist, which must be filled and what format they follow is data
(FieldConfiguration rows of entity ADDRESS, keyed by Fineract's parameter names — `street`,
`addressLine1`, `stateProvinceId`, `latitude`, `isActive`, …). Callers give an `AddressInput`
by model field name, whether from the API, a form or the `address` array of a new client; the
services check it against the configuration and name problems as the API does.

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
from decimal import Decimal
from functools import cached_property

from django.db.models.signals import post_delete, post_save

from mteja.clients.models import (
    ADDRESS,
    ClientPolicy,
    FieldConfiguration,
    LegalForm,
)
from mteja.core import context, regexes

ENTITY = ADDRESS.entity
SUBENTITY = "CLIENT"
RESOURCE = ADDRESS.resource
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

    @cached_property
    def key(self) -> str:
        """The field's name in an AddressInput and in the audit (codes as `<attr>_id`); made
        once (a bulk import's addresses ask it a few times each)."""
        return f"{self.attr}_id" if self.kind == CODE else self.attr


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
# Other names a body may give a field by: the Mifos X web-app's address forms send the
# county or district as `countryDistrict`.
FIELD_ALIASES = {"countryDistrict": FIELD_BY_PARAM["countyDistrict"]}
FIELD_BY_KEY = {field.key: field for field in FIELDS}
CONFIGURABLE = frozenset({ADDRESS_TYPE_FIELD, *FIELD_BY_PARAM})
DECLARATION = ADDRESS  # beside the model
AUDIT_FIELDS = DECLARATION.audited_fields()
# Audited field → API parameter, for Fineract's `changes`.
API_NAMES = {"address_type_id": TYPE_PARAM, **{f.key: f.param for f in FIELDS}}
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
    """The rule of every address field (one query, once per request or import batch); a
    field without a row is optional."""
    return dict(context.remembered(FieldConfiguration, _read_rules))


def _read_rules() -> dict[str, FieldRule]:
    rows = FieldConfiguration.objects.filter(entity=ENTITY, subentity=SUBENTITY)
    rules = {param: FieldRule() for param in CONFIGURABLE}
    for row in rows:
        if row.field in rules:
            rules[row.field] = FieldRule(row.is_enabled, row.is_mandatory, row.validation_regex)
    return rules


def _forget_rules(**_signal) -> None:
    context.forget(FieldConfiguration)


post_save.connect(_forget_rules, sender=FieldConfiguration, weak=False)
post_delete.connect(_forget_rules, sender=FieldConfiguration, weak=False)


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
