"""The dashboard's recent changes: the audit journal's latest events of the user's offices,
each linked to the record it changed (a client by name)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.core.models import AuditEvent
from mteja.core.web.tables import AuditEventTable

RECENT_EVENTS = 8

# The page of a record of each journal entity that has one.
RECORD_PAGES = {
    "CLIENT": "client_detail",
    "STAFF": "staff_detail",
    "USER": "user_detail",
    "ROLE": "role_detail",
    "GROUP": "group_detail",
    "CENTER": "center_detail",
    "CODE": "code_detail",
    "LOAN": "loan_detail",
    "SAVINGSACCOUNT": "savings_detail",
}


class RecentChangesTable(AuditEventTable):
    """The journal's table without the changes, its records linked."""

    def __init__(self, *args, client_names: dict[int, str], **kwargs):
        super().__init__(*args, exclude=("changes",), **kwargs)
        self.client_names = client_names

    def render_resource_id(self, value, record):
        url_name = RECORD_PAGES.get(record.entity_name)
        pk = value
        if record.action_name == "DELETE":
            url_name = None  # the record is gone; its client may not be
        if url_name is None and record.client_id:
            url_name, pk = "client_detail", record.client_id  # a part of a client
        if url_name is None or pk is None:
            return value
        try:
            url = reverse(url_name, args=[pk])
        except NoReverseMatch:
            return value
        if url_name == "client_detail" and pk in self.client_names:
            text = self.client_names[pk]
        else:
            text = f"#{pk}"
        return format_html('<a href="{}">{}</a>', url, text)


def recent_changes(user) -> RecentChangesTable:
    events = list(AuditEvent.objects.restrict(user).select_related("office")[:RECENT_EVENTS])
    client_ids = {e.client_id for e in events if e.client_id}
    client_ids |= {e.resource_id for e in events if e.entity_name == "CLIENT" and e.resource_id}
    names = {}
    if client_ids:
        clients = Client.objects.restrict(user).filter(pk__in=client_ids)
        names = dict(clients.values_list("pk", "display_name"))
    return RecentChangesTable(events, client_names=names, empty_text=_("Nothing has changed yet."))
