"""Defining custom tables and their columns (Fineract's datatables for clients): the
services take a TableDefinition or a TableChange (clients.kyc.custom_fields.inputs), built
by the API from Fineract's JSON or by the web forms from their fields."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.kyc.custom_fields.columns import (
    apply_change,
    check_label,
    codes_named,
    define_column,
    is_name,
)
from mteja.clients.kyc.custom_fields.inputs import TableChange, TableDefinition, bad, column_code
from mteja.clients.kyc.custom_fields.reads import (
    APPTABLE,
    COLUMN_AUDIT_FIELDS,
    ENTITY,
    NAME_MAX_LENGTH,
    RESOURCE,
    is_blank,
)
from mteja.clients.kyc.inputs import given_twice
from mteja.clients.models import CLIENT_RULES, CustomField, CustomRow, CustomTable
from mteja.core import audit, stamps
from mteja.core.echoed_values import echoed
from mteja.core.errors import DataIntegrityViolation, Problems, UniquenessViolation
from mteja.core.uniqueness import UniqueCheck, save_unique


def _column_snapshot(column: CustomField) -> dict[str, Any]:
    return audit.snapshot(column, COLUMN_AUDIT_FIELDS)


def _clear_key(table: CustomTable, name: str, rename_to: str | None = None) -> None:
    """Removes (or renames) the key `name` in every row of `table`, in batches."""
    batch: list[CustomRow] = []
    rows = CustomRow.objects.filter(table=table, values__has_key=name).only("pk", "values")
    for row in rows.iterator(chunk_size=500):
        value = row.values.pop(name, None)
        if rename_to is not None and value is not None:
            row.values[rename_to] = value
        batch.append(row)
        if len(batch) >= 500:
            CustomRow.objects.bulk_update(batch, ["values"])
            batch = []
    if batch:
        CustomRow.objects.bulk_update(batch, ["values"])


def _table_taken(name: str) -> UniquenessViolation:
    return UniquenessViolation(
        "error.msg.datatable.registered",
        _("Datatable “%(name)s” is already registered.") % {"name": name},
        param="datatableName",
        value=name,
    )


def _record_definition(actor, action: str, table_id: int, name: str, changes: dict) -> None:
    audit.record(
        actor=actor,
        action=action,
        entity=ENTITY,
        resource_id=table_id,
        resource_external_id=name,
        changes=changes,
    )


def _check_table_name(name, problems: Problems) -> None:
    if is_blank(name):
        problems.add("datatableName", "cannot.be.blank", _("The datatable needs a name."))
    elif not is_name(name, NAME_MAX_LENGTH):
        problems.add(
            "datatableName",
            "is.invalid",
            _(
                "A datatable name starts with a letter, ends with a letter or digit, and "
                "holds letters, digits, spaces, dashes and underscores (at most "
                "%(name_max_length)s)."
            )
            % {"name_max_length": NAME_MAX_LENGTH},
            name if isinstance(name, str) else None,
        )
    elif name.lower().startswith("m_"):
        problems.add(
            "datatableName",
            "not.allowed.to.start.with.m_",
            _("Names starting with m_ are kept for the system's own tables."),
            name,
        )


def _check_label(label, problems: Problems) -> str:
    return check_label(label or "", "label", problems)


@transaction.atomic
def custom_table_create(*, actor, definition: TableDefinition) -> CustomTable:
    """Defines a client table and its columns. 400 for every problem at once, 404 for an
    unknown code list, 403 when the name is taken."""
    problems = Problems(resource=RESOURCE)
    problems.invalid.extend(definition.read_problems)
    name = definition.name
    _check_table_name(name, problems)
    if definition.apptable_name != APPTABLE:
        apptable_name = definition.apptable_name
        problems.add(
            "apptableName",
            "is.not.within.expected.range",
            _("Custom fields exist for clients only: the apptableName is “%(apptable)s”.")
            % {"apptable": APPTABLE},
            apptable_name if isinstance(apptable_name, str) else None,
            (APPTABLE,),
        )
    if definition.multi_row:
        problems.add(
            "multiRow",
            "not.supported",
            _("A client has one row of custom fields per table: multiRow must be false."),
            True,
        )
    table_label = _check_label(definition.label, problems)
    read: list[CustomField] = []
    if not definition.columns:
        problems.add("columns", "cannot.be.blank", _("A datatable needs at least one column."))
    else:
        codes = codes_named(c.code for c in definition.columns if c is not None)
        taken: set[str] = set()
        for item in definition.columns:
            column = define_column(item, problems, codes, taken) if item is not None else None
            if column is not None:
                read.append(column)
    problems.raise_if_any()

    table = CustomTable(name=name, apptable_name=APPTABLE, multi_row=False, label=table_label)
    save_unique(table, [UniqueCheck(("name",), lambda t: _table_taken(t.name))])
    for position, column in enumerate(read):
        column.table = table
        column.position = position
    CustomField.objects.bulk_create(read)
    stamps.bump(CLIENT_RULES)  # a bulk insert sends no signal
    _record_definition(
        actor,
        "CREATE",
        table.pk,
        table.name,
        {
            "datatableName": [None, table.name],
            "apptableName": [None, APPTABLE],
            "multiRow": [None, False],
            **({"label": [None, table.label]} if table.label else {}),
            **{f"columns.{c.name}": [None, _column_snapshot(c)] for c in read},
        },
    )
    return table


def _lock_table(table: CustomTable) -> CustomTable:
    return CustomTable.objects.select_for_update().get(pk=table.pk)


def _no_column(problems: Problems, prefix: str, name) -> None:
    message = _("No column “%(name)s”.") % {"name": echoed(name)}
    bad(problems, f"{prefix}name", "name", "does.not.exist", message, name)


def _given_twice(problems: Problems, prefix: str, name) -> None:
    given_twice(problems, f"{prefix}name", name, code=column_code("name", "is.duplicated"))


@transaction.atomic
def custom_table_update(*, actor, table: CustomTable, change: TableChange) -> dict[str, list]:
    """Fineract's PUT /datatables/{name}: columns added (as on creation), changed (the type
    cannot change) and dropped (deleting their values), and the label.
    Returns `{"columns.<name>": [old, new]}` (and `label`); nothing changed: no event."""
    table = _lock_table(table)
    columns = {c.name: c for c in CustomField.objects.filter(table=table).select_related("code")}
    before = {name: _column_snapshot(c) for name, c in columns.items()}
    problems = Problems(resource=RESOURCE)
    problems.invalid.extend(change.read_problems)
    taken = {name.lower() for name in columns}
    changes: dict[str, list] = {}

    drops: list[str] = []
    for index, name in enumerate(change.drop_columns):
        prefix = f"dropColumns[{index}]."
        if not isinstance(name, str) or name not in columns:
            _no_column(problems, prefix, name)
        elif name in drops:
            _given_twice(problems, prefix, name)
        else:
            drops.append(name)
            taken.discard(name.lower())

    renames: dict[str, str] = {}
    changed: list[str] = []
    codes = codes_named(
        [item.code for item in change.change_columns]
        + [item.code for item in change.add_columns if item is not None]
    )
    for item in change.change_columns:
        name = item.name
        if not isinstance(name, str) or name not in columns or name in drops:
            _no_column(problems, item.prefix, name)
            continue
        if name in changed:
            _given_twice(problems, item.prefix, name)
            continue
        changed.append(name)
        renamed = apply_change(columns[name], item, problems, codes, taken)
        if renamed:
            renames[name] = renamed

    added: list[CustomField] = []
    for item in change.add_columns:
        column = define_column(item, problems, codes, taken) if item is not None else None
        if column is not None:
            added.append(column)
    if change.label is not None:
        new_label = _check_label(change.label, problems)
        if new_label != table.label:
            changes["label"] = [table.label, new_label]
            table.label = new_label
    if len(columns) - len(drops) + len(added) < 1:
        problems.add("dropColumns", "would.leave.no.columns", _("A datatable keeps one column."))
    problems.raise_if_any()
    _write_changes(table, columns, before, drops, changed, renames, added, changes)
    if changes:
        _record_definition(actor, "UPDATE", table.pk, table.name, changes)
    return changes


def _write_changes(table, columns, before, drops, changed, renames, added, changes) -> None:
    for name in drops:
        columns[name].delete()
        _clear_key(table, name)
        changes[f"columns.{name}"] = [before[name], None]
    for name in changed:
        column = columns[name]
        new_name = renames.get(name, name)
        if new_name != name:
            _clear_key(table, new_name)  # a stale key of a dropped column must not resurface
            _clear_key(table, name, rename_to=new_name)
            column.name = new_name
            changes[f"columns.{name}.name"] = [name, new_name]
        for attr, pair in audit.diff(before[name], _column_snapshot(column)).items():
            changes[f"columns.{new_name}.{attr}"] = pair
        if new_name != name or audit.diff(before[name], _column_snapshot(column)):
            column.save()
    position = max((c.position for c in columns.values()), default=-1) + 1
    for offset, column in enumerate(added):
        _clear_key(table, column.name)
        column.table = table
        column.position = position + offset
        column.save()
        changes[f"columns.{column.name}"] = [None, _column_snapshot(column)]
    if "label" in changes:
        table.save(update_fields=["label", "last_modified_on"])


@transaction.atomic
def custom_table_delete(*, actor, table: CustomTable) -> None:
    """Deletes a table definition; refused (403 error.msg.datatable.not.empty, as Fineract)
    while any client has a row in it, so no client's values disappear with a definition:
    delete the entries first (each one audited)."""
    table = _lock_table(table)
    if CustomRow.objects.filter(table=table).exists():
        raise DataIntegrityViolation(
            "error.msg.datatable.not.empty",
            _("Datatable “%(name)s” still holds the values of clients; delete those entries first.")
            % {"name": table.name},
            param="datatableName",
            value=table.name,
        )
    columns = list(CustomField.objects.filter(table=table))
    table_id, name = table.pk, table.name
    changes = {
        "datatableName": [name, None],
        **{f"columns.{c.name}": [_column_snapshot(c), None] for c in columns},
    }
    table.delete()
    _record_definition(actor, "DELETE", table_id, name, changes)
