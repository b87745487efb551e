"""Every write to a client: create, update, delete and the lifecycle commands.

Each function locks the client row, checks the version the caller saw (stale → 409), applies
the rule of its command, bumps the version and records one audit event — all in one
transaction, so a refused request leaves nothing behind.

The institution's rules (ClientPolicy: required fields, formats, ages, the duplicate policy
per rule) apply to creation and to what an update changes. A new client may bring its
addresses, identity documents and custom fields, written in the same transaction; activation
needs every document type the institution requires and every mandatory custom field.
"""

from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.clients.services.activation import missing_for_activation
from mteja.clients.services.commands import (
    client_activate,
    client_close,
    client_reactivate,
    client_reject,
    client_undo_rejection,
    client_undo_withdrawal,
    client_withdraw,
)
from mteja.clients.services.creating import client_create
from mteja.clients.services.duplicates import (
    MOBILE_RULE,
    NAME_RULE,
    DuplicateFinding,
    duplicate_warnings,
    find_duplicates,
)
from mteja.clients.services.officers import client_assign_staff, client_unassign_staff
from mteja.clients.services.records import client_delete, client_update
from mteja.clients.services.steps import ClientWrite
from mteja.clients.services.transfers import (
    client_accept_transfer,
    client_propose_and_accept_transfer,
    client_propose_transfer,
    client_reject_transfer,
    client_withdraw_transfer,
)

__all__ = [
    "ClientWrite",
    "DuplicateFinding",
    "MOBILE_RULE",
    "NAME_RULE",
    "client_accept_transfer",
    "client_activate",
    "client_assign_staff",
    "client_close",
    "client_create",
    "client_delete",
    "client_propose_and_accept_transfer",
    "client_propose_transfer",
    "client_reactivate",
    "client_reject",
    "client_reject_transfer",
    "client_unassign_staff",
    "client_undo_rejection",
    "client_undo_withdrawal",
    "client_update",
    "client_withdraw",
    "client_withdraw_transfer",
    "duplicate_warnings",
    "find_duplicates",
    "kyc_identifiers",
    "missing_for_activation",
]
