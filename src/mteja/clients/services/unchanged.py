"""What an update may carry only as it is: the client's status and its activation date,
which change through their own commands (activate, reactivate, …).

Edit forms send back every value they show, so the Mifos X web-app's edit sends `active`,
`activationDate` and `staffId` on every save; as Fineract does, a value that matches the
client's is accepted and changes nothing, and a real change is refused. The loan officer
(`staffId`) is the exception: Fineract's update changes it, and so does Mteja's, through the
assign and unassign services (records.py), so that the assignment history stays whole.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from mteja.clients.models import Client, ClientStatus
from mteja.core.errors import Problems

# The service's field → the API parameter, of the values an update may only repeat.
KEPT_AS_THEY_ARE = {"active": "active", "activation_date": "activationDate"}


def _current(client: Client, name: str) -> Any:
    if name == "active":
        return client.status == ClientStatus.ACTIVE
    return getattr(client, name)


def without_unchanged(client: Client, fields: dict[str, Any], problems: Problems) -> dict:
    """`fields` without the values an update may only repeat: those equal to the client's
    (or empty: not given) are dropped, a change is a problem."""
    kept = dict(fields)
    for name, param in KEPT_AS_THEY_ARE.items():
        if name not in kept:
            continue
        value = kept.pop(name)
        if value is None:
            continue  # an empty status or date says nothing
        if (bool(value) if name == "active" else value) == _current(client, name):
            continue
        problems.add(
            param,
            "error.msg.parameter.unsupported",
            _("The parameter %(key)s cannot change the client: use its lifecycle commands.")
            % {"key": param},
            None,
            (param,),
        )
    return kept
