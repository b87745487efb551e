"""Readable, translatable names of the audit journal's action and entity codes.

The journal stores Fineract's codes (CREATE, ACTIVATE, CLIENT, OFFICE…) and the API returns
them unchanged; pages show these labels instead. A code without a label shows as itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "CREATE": _("Created"),
    "UPDATE": _("Edited"),
    "DELETE": _("Deleted"),
    # Apps add their own actions when ready (the clients' lifecycle commands: ACTIVATE, …).
    "ENABLE": _("Enabled"),
    "DISABLE": _("Disabled"),
    "PERMISSIONS": _("Permissions changed"),
}

ENTITY_LABELS = {
    "CLIENT": _("Client"),
    "CLIENTIDENTIFIER": _("Identity document"),
    "FAMILYMEMBERS": _("Family member"),
    "ADDRESS": _("Address"),
    "DATATABLE": _("Custom fields"),
    "CLIENTPOLICY": _("Client settings"),
    "IDENTIFIERFORMAT": _("Identity document format"),
    "FIELDCONFIGURATION": _("Address fields"),
    "OFFICE": _("Office"),
    "STAFF": _("Staff member"),
    "CODE": _("Code"),
    "CODEVALUE": _("Code value"),
    "USER": _("User"),
    "ROLE": _("Role"),
    "PERMISSION": _("Permission"),
}


def action_label(code: str) -> str:
    """`ACTIVATE` → "Activated" in the active language; an unknown code as it is."""
    return str(ACTION_LABELS.get(code, code))


def entity_label(code: str) -> str:
    """`OFFICE` → "Office" in the active language; an unknown code as it is."""
    return str(ENTITY_LABELS.get(code, code))


# The keys of the journal's changes that name no model field (an export's filters and row
# count, an import's options and outcomes), as the apps that write them register them.
KEY_LABELS: dict[str, object] = {}


def key_label(key: str) -> str | None:
    """`dryRun` → "Check only" in the active language; None for a key not registered."""
    label = KEY_LABELS.get(key)
    return None if label is None else str(label)


def key_order(key: str) -> tuple:
    """Where a key stands among its dict's shown keys: as registered (an import's outcomes
    in the order its page gives them), then the others alphabetically — not as the database
    kept them (PostgreSQL's jsonb orders keys by their length)."""
    position = _positions().get(key)
    return (1, 0, key) if position is None else (0, position, "")


_POSITIONS: dict[str, int] = {}


def _positions() -> dict[str, int]:
    """Each registered key's place, counted again only when keys were registered since."""
    if len(_POSITIONS) != len(KEY_LABELS):
        _POSITIONS.clear()
        _POSITIONS.update((key, place) for place, key in enumerate(KEY_LABELS))
    return _POSITIONS
