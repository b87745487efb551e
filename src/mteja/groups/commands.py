"""The commands of `POST /groups/{id}?command=…` and `POST /centers/{id}?command=…`: each one's
audit action (which is also its permission code, `<ACTION>_GROUP`) and its name in History.
The API (groups/api/commands.py) dispatches by these names; the apps' ready() registers the
permission codes and labels from here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Fineract's command name → the audit action and permission action.
GROUP_COMMANDS = {
    "activate": "ACTIVATE",
    "close": "CLOSE",
    "associateClients": "ASSOCIATECLIENTS",
    "disassociateClients": "DISASSOCIATECLIENTS",
    "transferClients": "TRANSFERCLIENTS",
    "assignStaff": "ASSIGNSTAFF",
    "unassignStaff": "UNASSIGNSTAFF",
}
CENTER_COMMANDS = {
    "activate": "ACTIVATE",
    "close": "CLOSE",
    "associateGroups": "ASSOCIATEGROUPS",
    "disassociateGroups": "DISASSOCIATEGROUPS",
    "assignStaff": "ASSIGNSTAFF",
    "unassignStaff": "UNASSIGNSTAFF",
}
GROUP_ACTIONS = list(GROUP_COMMANDS.values())
CENTER_ACTIONS = list(CENTER_COMMANDS.values())

ACTION_LABELS = {
    "ASSOCIATECLIENTS": _("Members added"),
    "DISASSOCIATECLIENTS": _("Members removed"),
    "TRANSFERCLIENTS": _("Members moved"),
    "ASSOCIATEGROUPS": _("Groups added"),
    "DISASSOCIATEGROUPS": _("Groups removed"),
}
