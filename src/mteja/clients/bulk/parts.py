"""The columns of a client file beyond the client's own: one identity document and one
address, as `POST /clients` takes them (`identifiers`, Fineract's `address`). Declared from
the address fields the institution has enabled (kyc/addresses/fields.py) and the identifier
input's parameters; code values by name, as every other column. The export writes the same
columns: a client's first active identity document and first active address."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mteja.clients.bulk.columns import Column
from mteja.clients.bulk.related import RelatedRows
from mteja.clients.kyc.addresses.fields import (
    ADDRESS_TYPE_CODE,
    CODE,
    FIELDS,
    INLINE_PARAM,
    TEXT,
    TYPE_PARAM,
    address_rules,
)
from mteja.clients.kyc.identifiers import COUNTRY_CODE
from mteja.clients.kyc.identifiers.rules import IDENTIFIER_CODE
from mteja.clients.models import ClientAddress, ClientIdentifier, IdentifierStatus
from mteja.clients.models.kyc import ADDRESS, IDENTIFIER
from mteja.organisation.models import CodeValue

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
    attr: str = ""  # the model's attribute that holds the value (a code value's id)
    kind: str = "text"  # or "date": read as the client's date columns are


def part_columns() -> list[PartColumn]:
    """The identifier's columns (its type, number and dates: a type's format rule may
    require them; its issuing country and description, as `POST /clients` takes them),
    then the address type and each enabled address field that holds text or
    a code value (coordinates and the active flag are left to the API)."""
    columns = [
        PartColumn(
            "documentType", IDENTIFIERS, "documentTypeId", IDENTIFIER_CODE, "document_type_id"
        ),
        PartColumn(DOCUMENT_KEY, IDENTIFIERS, DOCUMENT_KEY, attr="document_key"),
        PartColumn("documentIssueDate", IDENTIFIERS, "issueDate", attr="issue_date", kind="date"),
        PartColumn(
            "documentExpiryDate", IDENTIFIERS, "expiryDate", attr="expiry_date", kind="date"
        ),
        PartColumn(
            "documentIssuingCountry",
            IDENTIFIERS,
            "issuingCountryId",
            COUNTRY_CODE,
            "issuing_country_id",
        ),
        PartColumn("documentDescription", IDENTIFIERS, "description", attr="description"),
        PartColumn("addressType", INLINE_PARAM, TYPE_PARAM, ADDRESS_TYPE_CODE, "address_type_id"),
    ]
    rules = address_rules()
    for field in FIELDS:
        if field.kind in (TEXT, CODE) and rules[field.param].enabled:
            name = ADDRESS_PREFIX + field.param.removesuffix("Id")  # address.country
            columns.append(PartColumn(name, INLINE_PARAM, field.param, field.code, field.key))
    return columns


# --- exporting ------------------------------------------------------------------------------

# A part's rows, the one a client's file row shows first: the active ones, the oldest first.
_ROWS = {
    IDENTIFIERS: lambda: ClientIdentifier.objects.filter(status=IdentifierStatus.ACTIVE),
    INLINE_PARAM: lambda: ClientAddress.objects.filter(is_active=True),
}
# Who may read a part's columns: whoever may read the part itself (its API and the client
# page's tab ask it), by the part's declaration.
_READ = {IDENTIFIERS: f"READ_{IDENTIFIER.entity}", INLINE_PARAM: f"READ_{ADDRESS.entity}"}


def part_export_columns() -> list[Column]:
    """The export's identifier and address columns: the path is the part's field, read from
    the client's row of the part, a code value by its name; each asks the part's read
    permission."""
    related = {part: RelatedRows(rows) for part, rows in _ROWS.items()}
    return [
        Column(
            part.name,
            part.attr,
            "text",
            lookup=code_names(part.code) if part.code else None,
            related=related[part.part],
            permission=_READ[part.part],
        )
        for part in part_columns()
    ]


def code_names(code: str) -> Callable[[], dict]:
    """Reads the names of the list's values once per file."""
    return lambda: dict(CodeValue.objects.filter(code__name=code).values_list("pk", "name"))
