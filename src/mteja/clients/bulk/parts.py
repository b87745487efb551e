"""The columns of a client file beyond the client's own: one identity document and one
address, as `POST /clients` takes them (`identifiers`, Fineract's `address`). Declared from
the address fields the institution has enabled (kyc/addresses/fields.py) and the identifier
input's parameters; code values by name, as every other column."""

from __future__ import annotations

from dataclasses import dataclass

from mteja.clients.kyc.addresses.fields import (
    ADDRESS_TYPE_CODE,
    CODE,
    FIELDS,
    INLINE_PARAM,
    TEXT,
    TYPE_PARAM,
    address_rules,
)
from mteja.clients.kyc.identifiers.rules import IDENTIFIER_CODE

IDENTIFIERS = "identifiers"
ADDRESS_PREFIX = "address."
DOCUMENT_KEY = "documentKey"  # the document's number: a key of the row's client


@dataclass(frozen=True)
class PartColumn:
    """A column that fills one value of the row's identifier or address."""

    name: str  # the file's column
    part: str  # the body's list: "identifiers" or "address"
    param: str  # the value's parameter in the list's object
    code: str = ""  # the code list whose values the cells name
    kind: str = "text"  # or "date": read as the client's date columns are


def part_columns() -> list[PartColumn]:
    """The identifier's columns (its type, number and dates: a type's format rule may
    require them), then the address type and each enabled address field that holds text or
    a code value (coordinates and the active flag are left to the API)."""
    columns = [
        PartColumn("documentType", IDENTIFIERS, "documentTypeId", IDENTIFIER_CODE),
        PartColumn(DOCUMENT_KEY, IDENTIFIERS, DOCUMENT_KEY),
        PartColumn("documentIssueDate", IDENTIFIERS, "issueDate", kind="date"),
        PartColumn("documentExpiryDate", IDENTIFIERS, "expiryDate", kind="date"),
        PartColumn("addressType", INLINE_PARAM, TYPE_PARAM, ADDRESS_TYPE_CODE),
    ]
    rules = address_rules()
    for field in FIELDS:
        if field.kind in (TEXT, CODE) and rules[field.param].enabled:
            name = ADDRESS_PREFIX + field.param.removesuffix("Id")  # address.country
            columns.append(PartColumn(name, INLINE_PARAM, field.param, field.code))
    return columns
