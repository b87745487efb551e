"""Writing a client's row of custom field values (create, change, delete), each audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.kyc.custom_fields.reads import ENTITY, entry_not_found
from mteja.clients.kyc.custom_fields.values import read_values
from mteja.clients.models import Client, CustomRow, CustomTable
from mteja.clients.scope import lock_client_in_scope
from mteja.core import audit, created_changes_text, json_text
from mteja.core.batch_journal import BatchJournal
from mteja.core.errors import DomainError, Problems, UniquenessViolation
from mteja.core.uniqueness import UniqueCheck, save_unique


def _entry_duplicate(table: CustomTable, client: Client) -> UniquenessViolation:
    return UniquenessViolation(
        "error.msg.datatable.entry.duplicate",
        _("Client %(pk)s already has an entry in the datatable “%(name)s”; change it with PUT.")
        % {"pk": client.pk, "name": table.name},
        param="id",
        value=client.pk,
    )


def _record_entry(actor, action: str, table: CustomTable, row_id: int, client: Client, changes):
    entry_event(actor, action, table, row_id, client, changes).save(force_insert=True)


def entry_event(actor, action: str, table: CustomTable, row_id: int, client: Client, changes):
    """The event of a change to a client's entry in `table`, not saved yet."""
    return audit.event(
        actor=actor, action=action, **_entry_event_fields(table, row_id, client), changes=changes
    )


def journal_created_row(journal: BatchJournal, actor, row: CustomRow) -> None:
    """The CREATE event `insert_row` records of a new entry `row`, in a bulk write's
    `journal` (which inserts its events at once)."""
    journal.record(
        actor=actor,
        action="CREATE",
        **_entry_event_fields(row.table, row.pk, row.client),
        changes=json_text.Written(created_changes_text.created(row.values.items())),
    )


def _entry_event_fields(table: CustomTable, row_id: int, client: Client) -> dict:
    return {
        "entity": ENTITY,
        "resource_id": table.pk,
        "subresource_id": row_id,
        "resource_external_id": table.name,
        "office": client.office,
        "client_id": client.pk,
    }


def _body_problems(raw) -> None:
    if not isinstance(raw, dict):
        raise DomainError(
            "validation.msg.datatable.entry.is.invalid",
            _("The values must be a JSON object of column names and values."),
            param="body",
            status=400,
        )


def insert_row(actor, table: CustomTable, client: Client, values: dict[str, Any]) -> CustomRow:
    row = new_row(table, client, values)
    save_unique(
        row, [UniqueCheck(("table_id", "client_id"), lambda r: _entry_duplicate(table, client))]
    )
    _record_entry(actor, "CREATE", table, row.pk, client, created_changes(row))
    return row


def new_row(table: CustomTable, client: Client, values: dict[str, Any]) -> CustomRow:
    """A client's entry in `table` with checked `values`, not saved yet."""
    values = {name: value for name, value in values.items() if value is not None}
    return CustomRow(table=table, client=client, values=values)


def created_changes(row: CustomRow) -> dict[str, list]:
    return {name: [None, value] for name, value in row.values.items()}


def _read(table: CustomTable, values, *, creating: bool, **wire_format):
    """The row's values as stored, or every problem (400) at once."""
    problems = Problems(resource=table.name)
    typed = read_values(table, values, problems, creating=creating, **wire_format)
    if not creating and not typed and not problems.errors:
        problems.add(
            "id",
            f"validation.msg.{table.name}.no.parameters.for.update",
            _("No parameters passed for update."),
        )
    problems.raise_if_any()
    return typed


@transaction.atomic
def custom_row_create(
    *, actor, table: CustomTable, client: Client, values: dict[str, Any], **wire_format
) -> tuple[CustomRow, dict[str, list]]:
    """Creates the client's row of `table` (403 error.msg.datatable.entry.duplicate when it
    has one). `wire_format`: the request's date_format and locale. Returns the row and
    `{column: [None, value]}`."""
    lock_client_in_scope(actor, client)
    _body_problems(values)
    if CustomRow.objects.filter(table=table, client=client).exists():
        raise _entry_duplicate(table, client)
    typed = _read(table, values, creating=True, **wire_format)
    row = insert_row(actor, table, client, typed)
    return row, {name: [None, value] for name, value in row.values.items()}


@transaction.atomic
def custom_row_update(
    *, actor, table: CustomTable, client: Client, values: dict[str, Any], **wire_format
) -> tuple[CustomRow, dict[str, list]]:
    """Changes the columns given (null or "" clears one); 404 when the client has no row.
    Returns the row and `{column: [old, new]}` (nothing changed: no event)."""
    lock_client_in_scope(actor, client)
    _body_problems(values)
    row = CustomRow.objects.select_for_update().filter(table=table, client=client).first()
    if row is None:
        raise entry_not_found(table, client.pk)
    typed = _read(table, values, creating=False, **wire_format)
    before = dict(row.values or {})
    after = dict(before)
    for name, value in typed.items():
        if value is None:
            after.pop(name, None)
        else:
            after[name] = value
    changes = {
        name: [before.get(name), after.get(name)]
        for name in typed
        if before.get(name) != after.get(name)
    }
    if changes:
        row.values = after
        row.save(update_fields=["values", "last_modified_on"])
        _record_entry(actor, "UPDATE", table, row.pk, client, changes)
    return row, changes


@transaction.atomic
def custom_row_delete(*, actor, table: CustomTable, client: Client) -> None:
    lock_client_in_scope(actor, client)
    row = CustomRow.objects.select_for_update().filter(table=table, client=client).first()
    if row is None:
        raise entry_not_found(table, client.pk)
    row_id, before = row.pk, dict(row.values or {})
    row.delete()
    _record_entry(
        actor,
        "DELETE",
        table,
        row_id,
        client,
        {name: [value, None] for name, value in before.items()},
    )
