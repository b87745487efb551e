"""Reading custom tables, their columns and a client's values; what activation needs from them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from mteja.clients.models import (
    Client,
    CustomField,
    CustomFieldType,
    CustomRow,
    CustomTable,
)
from mteja.core import context
from mteja.core.echoed_values import echoed
from mteja.core.errors import (
    NotFound,
    ParameterError,
)
from mteja.organisation.models import CodeValue

APPTABLE = "m_client"
ENTITY = "DATATABLE"
RESOURCE = "datatable"

# Fineract's rule for datatable and column names: a letter first, a letter or digit last,
# letters, digits, spaces, dashes and underscores between.
NAME_PATTERN = re.compile(r"[A-Za-z](?:[A-Za-z0-9_\- ]{0,48}[A-Za-z0-9])?")
NAME_MAX_LENGTH = CustomTable._meta.get_field("name").max_length
COLUMN_MAX_LENGTH = CustomField._meta.get_field("name").max_length
LABEL_MAX_LENGTH = CustomField._meta.get_field("label").max_length
REGEX_MAX_LENGTH = CustomField._meta.get_field("regex").max_length
# Names a column cannot take: the row's key in Fineract's answers, and the request keys that
# carry the date format.
RESERVED_COLUMNS = frozenset(
    {"id", "client_id", "locale", "dateformat", "created_at", "updated_at"}
)


STRING_MAX_LENGTH = 4000
TEXT_MAX_LENGTH = 65535
NUMBER_LIMIT = 2**63 - 1
DECIMAL_PLACES = 6
DECIMAL_LIMIT = Decimal(10) ** 13  # DECIMAL(19, 6)

TYPES = {value.lower(): value for value in CustomFieldType.values}
TEXT_TYPES = frozenset({CustomFieldType.STRING, CustomFieldType.TEXT})
NUMERIC_TYPES = frozenset({CustomFieldType.NUMBER, CustomFieldType.DECIMAL})

# The keys of a column definition (Fineract's, then Mteja's min, max, regex and label).
COLUMN_KEYS = frozenset({"name", "type", "length", "mandatory", "code", "min", "max", "regex",
                         "label", "unique", "indexed"})  # fmt: skip
CHANGE_KEYS = frozenset({"name", "newName", "length", "mandatory", "newCode", "code", "min", "max",
                         "regex", "label"})  # fmt: skip
COLUMN_AUDIT_FIELDS = ["type", "length", "mandatory", "code_id", "minimum", "maximum", "regex",
                       "label"]  # fmt: skip


# --- reads ----------------------------------------------------------------------------------


def datatable_not_found(name) -> NotFound:
    return NotFound(
        "error.msg.datatable.not.found",
        _("Datatable “%(name)s” does not exist.") % {"name": echoed(name)},
        param="datatableName",
        value=name,
    )


def entry_not_found(table: CustomTable, client_id: int) -> NotFound:
    return NotFound(
        "error.msg.datatable.entry.not.found",
        _("Client %(client_id)s has no entry in the datatable “%(name)s”.")
        % {"client_id": client_id, "name": table.name},
        value=client_id,
    )


def client_tables() -> QuerySet:
    """The custom tables of clients with their columns and codes (two queries)."""
    return (
        CustomTable.objects.filter(apptable_name=APPTABLE)
        .prefetch_related(_fields_prefetch())
        .order_by("name")
    )


def tables_by_name() -> dict[str, CustomTable]:
    """The client tables by name, with their columns: read once per request, or per batch
    of an import (core.context.remembered), whose rows each may carry `datatables`."""
    return context.remembered(_TABLES_BY_NAME, lambda: {t.name: t for t in client_tables()})


_TABLES_BY_NAME = "custom_fields.tables_by_name"


def active_code_values(code_ids: set[int]) -> dict[int, set[int]]:
    """{code id: the ids of its active values} of the drop-downs' lists `code_ids`: the
    lists not read yet in this request (or import batch) in one query."""
    known = context.remembered(_ACTIVE_CODE_VALUES, dict)
    wanted = code_ids - known.keys()
    if wanted:
        for code_id in wanted:
            known[code_id] = set()
        values = CodeValue.objects.filter(code_id__in=wanted, is_active=True)
        for pk, code_id in values.values_list("pk", "code_id"):
            known[code_id].add(pk)
    return {code_id: known[code_id] for code_id in code_ids}


_ACTIVE_CODE_VALUES = "custom_fields.active_code_values"


def _fields_prefetch():
    return Prefetch(
        "fields", queryset=CustomField.objects.select_related("code").order_by("position", "id")
    )


def table_named(name: str) -> CustomTable:
    """A client table by name, with its columns; 404 when there is none."""
    table = client_tables().filter(name=name).first()
    if table is None:
        raise datatable_not_found(name)
    return table


def columns_of(table: CustomTable) -> list[CustomField]:
    return list(table.fields.all())


def code_values_of(tables: Iterable[CustomTable]) -> dict[int, list[CodeValue]]:
    """The active values of every drop-down's code list, by code id (one query)."""
    code_ids = {
        column.code_id
        for table in tables
        for column in table.fields.all()
        if column.type == CustomFieldType.DROPDOWN and column.code_id
    }
    options: dict[int, list[CodeValue]] = {code_id: [] for code_id in code_ids}
    if code_ids:
        for value in CodeValue.objects.filter(code_id__in=code_ids, is_active=True).order_by(
            "position", "id"
        ):
            options[value.code_id].append(value)
    return options


def row_of(table: CustomTable, client: Client) -> CustomRow | None:
    return CustomRow.objects.filter(table=table, client=client).first()


def typed_values(table: CustomTable, row: CustomRow | None) -> dict[str, Any]:
    """{column: value} of a row in the table's column order; dates as `date`, decimals as
    `Decimal`; a column without a value is None."""
    stored = (row.values if row is not None else None) or {}
    result: dict[str, Any] = {}
    for column in columns_of(table):
        value = stored.get(column.name)
        if value is not None and column.type == CustomFieldType.DATE:
            try:
                value = datetime.date.fromisoformat(value)
            except (TypeError, ValueError):
                value = None
        elif value is not None and column.type == CustomFieldType.DECIMAL:
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                value = None
        result[column.name] = value
    return result


# --- the mandatory columns and activation ---------------------------------------------------


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class MissingEntry:
    table: CustomTable
    columns: list[str]


def mandatory_columns() -> list[CustomField]:
    """The mandatory columns of the client tables, with their table, in the order of the
    errors (one query)."""
    return list(
        CustomField.objects.filter(mandatory=True, table__apptable_name=APPTABLE)
        .select_related("table")
        .order_by("table__name", "position", "id")
    )


def missing_mandatory(
    client: Client | None = None,
    *,
    given: dict[int, dict[str, Any]] | None = None,
    mandatory: list[CustomField] | None = None,
) -> list[MissingEntry]:
    """The client tables whose mandatory columns lack a value for `client` (its stored
    rows), or in `given` ({table id: values} of a client being created). `mandatory`:
    `mandatory_columns()` when the caller has them already. Two queries at most; none for
    a client being created whose caller gives the columns."""
    if mandatory is None:
        mandatory = mandatory_columns()
    if not mandatory:
        return []
    if given is not None:
        rows = given
    elif client is not None and client.pk:
        rows = {
            table_id: values or {}
            for table_id, values in CustomRow.objects.filter(client=client).values_list(
                "table_id", "values"
            )
        }
    else:
        rows = {}
    missing: dict[int, MissingEntry] = {}
    for column in mandatory:
        if is_blank((rows.get(column.table_id) or {}).get(column.name)):
            entry = missing.setdefault(column.table_id, MissingEntry(column.table, []))
            entry.columns.append(column.name)
    return list(missing.values())


def entry_required_errors(missing: list[MissingEntry]) -> list[ParameterError]:
    """Fineract's 403 `error.msg.entry.required.in.datatable.[<table>]`, one per table."""
    return [
        ParameterError(
            f"error.msg.entry.required.in.datatable.[{entry.table.name}]",
            "datatables",
            _(
                "The datatable [%(name)s] needs to be filled in before the client can be "
                "activated: %(values)s."
            )
            % {"name": entry.table.name, "values": ", ".join(entry.columns)},
            entry.table.name,
            (entry.table.name, *entry.columns),
        )
        for entry in missing
    ]
