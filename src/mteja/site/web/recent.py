"""The dashboard's recent changes: the audit journal's latest events of the user's offices,
each record named and linked to its page (core/web/journal.py: a client by name, a part of a
client to the client), names read once for the whole list."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mteja.core.models import AuditEvent
from mteja.core.web.journal import AuditEventTable

RECENT_EVENTS = 8


def recent_changes(user) -> AuditEventTable:
    events = list(AuditEvent.objects.restrict(user).select_related("office")[:RECENT_EVENTS])
    return AuditEventTable(
        events, user=user, exclude=("changes",), empty_text=_("Nothing has changed yet.")
    )
