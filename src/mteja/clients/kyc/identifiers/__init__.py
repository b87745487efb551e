"""Identity documents of clients: their rules (`rules`), what callers give (`inputs`), the
writes (`services`), the reads (`reads`) and the format rule of each type (`formats`).

Client creation reuses `wanted_codes`, `apply_identifier`, `find_owner` and
`identity_key_duplicate` to refuse a client whose document already belongs to someone else
before anything is written.
"""

from mteja.clients.kyc.identifiers.formats import (
    FORMAT_FIELDS,
    document_type_for_format,
    format_not_found,
    identifier_format_for,
    identifier_format_update,
)
from mteja.clients.kyc.identifiers.inputs import (
    UNSET,
    IdentifierInput,
    apply_identifier,
    read_identifier,
    wanted_codes,
)
from mteja.clients.kyc.identifiers.reads import (
    client_identifier,
    client_identifiers,
    document_types,
    find_owner,
    identifier_not_found,
)
from mteja.clients.kyc.identifiers.rules import (
    AUDIT_FIELDS,
    COUNTRY_CODE,
    DECLARATION,
    DESCRIPTION_MAX_LENGTH,
    ENTITY,
    FORMAT_AUDIT_FIELDS,
    FORMAT_ENTITY,
    FORMAT_TEXT_MAX_LENGTH,
    IDENTIFIER_CODE,
    KEY_MAX_LENGTH,
    NORMALISED_MAX_LENGTH,
    RESOURCE,
    STATUS_CODES,
    check_identifier,
    date_problems,
    format_of,
    key_problems,
    normalise_key,
    parse_status,
    status_code,
)
from mteja.clients.kyc.identifiers.services import (
    PART,
    identifier_create,
    identifier_delete,
    identifier_update,
    identity_key_duplicate,
    type_duplicate,
)

__all__ = [
    "AUDIT_FIELDS",
    "COUNTRY_CODE",
    "DECLARATION",
    "DESCRIPTION_MAX_LENGTH",
    "ENTITY",
    "FORMAT_AUDIT_FIELDS",
    "FORMAT_ENTITY",
    "FORMAT_FIELDS",
    "FORMAT_TEXT_MAX_LENGTH",
    "IDENTIFIER_CODE",
    "KEY_MAX_LENGTH",
    "NORMALISED_MAX_LENGTH",
    "PART",
    "RESOURCE",
    "STATUS_CODES",
    "UNSET",
    "IdentifierInput",
    "apply_identifier",
    "check_identifier",
    "client_identifier",
    "client_identifiers",
    "date_problems",
    "document_type_for_format",
    "document_types",
    "find_owner",
    "format_not_found",
    "format_of",
    "identifier_create",
    "identifier_delete",
    "identifier_format_for",
    "identifier_format_update",
    "identifier_not_found",
    "identifier_update",
    "identity_key_duplicate",
    "key_problems",
    "normalise_key",
    "parse_status",
    "read_identifier",
    "status_code",
    "type_duplicate",
    "wanted_codes",
]
