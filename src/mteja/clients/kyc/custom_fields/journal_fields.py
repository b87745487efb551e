"""How a custom table's entry reads in the journal pages (core/web/journal.DEFINED_FIELDS):
an entry's event changes the table's columns, each shown by its label and a drop-down's
value — a code value's id — by the value's name, as the client's "More details" tab shows
them. The columns of every table are read once and kept by the worker until a table or a
column changes (their stamp group, CLIENT_RULES)."""

from __future__ import annotations

from mteja.clients.kyc.custom_fields.reads import APPTABLE, ENTITY
from mteja.clients.models import CLIENT_RULES, CustomField, CustomFieldType
from mteja.core import stamps
from mteja.core.models import AuditEvent
from mteja.core.web.journal import DEFINED_FIELDS, DefinedFields
from mteja.organisation.models import CodeValue

_KEPT = "custom_fields.journal_fields"


def entry_fields(events: list[AuditEvent]) -> dict[int, DefinedFields]:
    """{event id: its table's columns} of the events of an entry (a table's own definition
    events, which name no entry, read as they did)."""
    entries = [event for event in events if event.subresource_id is not None]
    if not entries:
        return {}
    tables = stamps.kept(CLIENT_RULES, _KEPT, _columns_by_table)
    return {event.pk: tables[event.resource_id] for event in entries if event.resource_id in tables}


def _columns_by_table() -> dict[int, DefinedFields]:
    found: dict[int, DefinedFields] = {}
    columns = CustomField.objects.filter(table__apptable_name=APPTABLE)
    for table_id, name, label, kind in columns.values_list("table_id", "name", "label", "type"):
        fields = found.setdefault(table_id, DefinedFields({}, {}))
        if label:
            fields.labels[name] = label
        if kind == CustomFieldType.DROPDOWN:
            fields.references[name] = CodeValue
    return found


def register() -> None:
    """Declares the entries' fields to the journal pages (the clients app's `ready()`)."""
    DEFINED_FIELDS[ENTITY] = entry_fields
