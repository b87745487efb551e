"""Permission codes as people read them on the role pages: "Client: Activate" under
"Portfolio", in the user's language. The codes themselves (ACTIVATE_CLIENT) stay what the API
and Fineract's apps use; the pages show them beside the labels for administrators who know
them. An action no label names shows as its code.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mteja.core.web.labels import entity_label

GROUPING_LABELS = {
    "special": _("Special"),
    "organisation": _("Organisation"),
    "configuration": _("Configuration"),
    "authorisation": _("Authorisation"),
    "portfolio": _("Portfolio"),
    "report": _("Reports"),
}

SPECIAL_LABELS = {
    "ALL_FUNCTIONS": _("Every function"),
    "ALL_FUNCTIONS_READ": _("Read everything"),
    "CHECKER_SUPER_USER": _("Approve any pending change"),
}

# Entities the journal never names, and so has no label for.
ENTITY_LABELS = {"AUDIT": _("Audit log")}

# What each action lets one do; apps add theirs (the clients app its lifecycle commands).
ACTION_LABELS = {
    "READ": _("View"),
    "CREATE": _("Create"),
    "UPDATE": _("Edit"),
    "DELETE": _("Delete"),
    "PERMISSIONS": _("Change permissions"),
    "ENABLE": _("Enable"),
    "DISABLE": _("Disable"),
    "EXPORT": _("Export"),
    "ACTIVATE": _("Activate"),
    "CLOSE": _("Close"),
    "APPROVE": _("Approve"),
    "DISBURSE": _("Disburse"),
    "REPAYMENT": _("Record repayments"),
    "ADJUST": _("Adjust transactions"),
    "DEPOSIT": _("Record deposits"),
    "WITHDRAWAL": _("Record withdrawals"),
    "UNDOTRANSACTION": _("Undo transactions"),
    "ASSIGNSTAFF": _("Assign loan officer"),
    "UNASSIGNSTAFF": _("Unassign loan officer"),
    "ASSOCIATECLIENTS": _("Add members"),
    "DISASSOCIATECLIENTS": _("Remove members"),
    "TRANSFERCLIENTS": _("Move members"),
    "ASSOCIATEGROUPS": _("Add groups"),
    "DISASSOCIATEGROUPS": _("Remove groups"),
}


# Codes an action's word alone would not explain; apps add theirs (the clients app, those on
# others' import jobs).
CODE_LABELS: dict = {}


def permission_label(code: str, entity: str, action: str) -> str:
    """ACTIVATE_CLIENT → "Client: Activate"; a special code by its own label."""
    if not entity:
        return str(SPECIAL_LABELS.get(code, code))
    if code in CODE_LABELS:
        return str(CODE_LABELS[code])
    entity_name = ENTITY_LABELS.get(entity) or entity_label(entity)
    return gettext("%(entity)s: %(action)s") % {
        "entity": entity_name,
        "action": ACTION_LABELS.get(action, action),
    }


def grouped(permissions: Iterable) -> list[tuple[str, list[tuple[str, str]]]]:
    """`Permission` rows as [(grouping label, [(code, label)…])…], labels in alphabetical
    order within each grouping, groupings in the catalogue's order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for permission in permissions:
        label = permission_label(permission.code, permission.entity_name, permission.action_name)
        groups.setdefault(permission.grouping, []).append((permission.code, label))
    order = list(GROUPING_LABELS)
    return [
        (str(GROUPING_LABELS.get(grouping, grouping)), sorted(items, key=lambda i: i[1].casefold()))
        for grouping, items in sorted(
            groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else len(order)
        )
    ]
