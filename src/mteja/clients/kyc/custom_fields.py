"""Custom fields of clients: Fineract's "datatables" on `m_client`, one row per client.

An administrator defines a table (CustomTable) and its columns (CustomField); a client's
values live in one CustomRow per table, whose `values` is a JSON object keyed by column name:

    String, Text → str        Number → int          Decimal → str ("12.50", exact)
    Date → "yyyy-mm-dd"       Boolean → bool        Dropdown → int (a value id of its code)

A column without a value is absent from the object. Renaming a column rewrites the key in
every row; dropping one removes it; adding one clears any stale key of that name first.

Values are checked per column — type, length, minimum/maximum, regular expression, a drop-down
value being an active value of its code list, dates read with the request's dateFormat and
locale — with every problem of a request at once (400
`validation.msg.<table>.<column>.<rule>`). A column's rules apply to the values written after
they change: tightening a rule never makes a stored row unreadable or uneditable.

A mandatory column must be filled when a row is created and cannot be blanked later, and a
client without a value in every mandatory column cannot be activated (403
`error.msg.entry.required.in.datatable.[<table>]`, Fineract's code).

Audit: definitions are events of entity DATATABLE without an office (resource id = table
id, external id = table name, changes under `columns.<name>`); values are DATATABLE events
with the client's office and client id, resource id = table id, subresource id = row id,
changes `{column: [old, new]}`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from mteja.clients.models import (
    Client,
    CustomField,
    CustomFieldType,
    CustomRow,
    CustomTable,
)
from mteja.clients.validation import Problems
from mteja.core import audit, wire
from mteja.core.errors import (
    DataIntegrityViolation,
    DomainError,
    NotFound,
    ParameterError,
    UniquenessViolation,
)
from mteja.core.regexes import repeats_a_repetition
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import Code, CodeValue

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
        f"Datatable `{name}` does not exist.",
        param="datatableName",
        value=name,
    )


def entry_not_found(table: CustomTable, client_id: int) -> NotFound:
    return NotFound(
        "error.msg.datatable.entry.not.found",
        f"Client {client_id} has no entry in the datatable `{table.name}`.",
        value=client_id,
    )


def client_tables() -> QuerySet:
    """The custom tables of clients with their columns and codes (two queries)."""
    return (
        CustomTable.objects.filter(apptable_name=APPTABLE)
        .prefetch_related(_fields_prefetch())
        .order_by("name")
    )


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


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class MissingEntry:
    table: CustomTable
    columns: list[str]


def missing_mandatory(
    client: Client | None = None, *, given: dict[int, dict[str, Any]] | None = None
) -> list[MissingEntry]:
    """The client tables whose mandatory columns lack a value for `client` (its stored
    rows), or in `given` ({table id: values} of a client being created). Two queries at
    most; one when no column is mandatory."""
    mandatory = list(
        CustomField.objects.filter(mandatory=True, table__apptable_name=APPTABLE)
        .select_related("table")
        .order_by("table__name", "position", "id")
    )
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
        if _is_blank((rows.get(column.table_id) or {}).get(column.name)):
            entry = missing.setdefault(column.table_id, MissingEntry(column.table, []))
            entry.columns.append(column.name)
    return list(missing.values())


def entry_required_errors(missing: list[MissingEntry]) -> list[ParameterError]:
    """Fineract's 403 `error.msg.entry.required.in.datatable.[<table>]`, one per table."""
    return [
        ParameterError(
            f"error.msg.entry.required.in.datatable.[{entry.table.name}]",
            "datatables",
            f"The datatable [{entry.table.name}] needs to be filled in before the client can "
            f"be activated: {', '.join(entry.columns)}.",
            entry.table.name,
            (entry.table.name, *entry.columns),
        )
        for entry in missing
    ]


# --- reading values -------------------------------------------------------------------------


def _value_code(table: CustomTable, column: str, rule: str) -> str:
    return f"validation.msg.{table.name}.{column}.{rule}"


class _Values:
    """Collects the problems of one row's values under Fineract's codes."""

    def __init__(self, table: CustomTable, problems: Problems, prefix: str):
        self.table, self.problems, self.prefix = table, problems, prefix

    def add(self, column: str, rule: str, message: str, value=None, args: tuple = ()):
        if isinstance(value, Decimal):
            value = str(value)
        self.problems.add(
            f"{self.prefix}{column}",
            _value_code(self.table, column, rule),
            message,
            value if isinstance(value, str | int | float | bool | type(None)) else None,
            args,
        )


@lru_cache(maxsize=128)
def _compiled(pattern: str) -> re.Pattern | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _read_text(column: CustomField, raw, out: _Values):
    if isinstance(raw, bool | dict | list):
        out.add(column.name, "is.invalid", f"`{column.name}` must be text.")
        return None
    text = str(raw).strip()
    limit = column.length or (
        STRING_MAX_LENGTH if column.type == CustomFieldType.STRING else TEXT_MAX_LENGTH
    )
    if len(text) > limit:
        out.add(
            column.name,
            "exceeds.max.length",
            f"`{column.name}` can be at most {limit} characters long.",
            None,
            (limit,),
        )
        return None
    if column.regex:
        regex = _compiled(column.regex)
        if regex is not None and regex.fullmatch(text) is None:
            out.add(
                column.name,
                "does.not.match.regex",
                f"`{column.name}` does not have the format the institution requires.",
                text,
                (column.regex,),
            )
            return None
    return text


def _parse_number(raw, locale: str | None) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        raise InvalidOperation
    if isinstance(raw, str):
        text = raw.strip()
        if locale:
            try:
                number = parse_decimal(text, locale=wire.parse_locale(locale))
            except (NumberFormatError, wire.DateFormatError, ValueError) as exc:
                raise InvalidOperation from exc
        else:
            number = Decimal(text)
    else:
        number = Decimal(str(raw))
    if not number.is_finite():
        raise InvalidOperation
    return number


def _check_bounds(column: CustomField, number: Decimal, out: _Values) -> bool:
    if column.minimum is not None and number < column.minimum:
        out.add(
            column.name,
            "is.less.than.min.value",
            f"`{column.name}` cannot be less than {column.minimum.normalize():f}.",
            number,
            (f"{column.minimum.normalize():f}",),
        )
        return False
    if column.maximum is not None and number > column.maximum:
        out.add(
            column.name,
            "is.greater.than.max.value",
            f"`{column.name}` cannot be more than {column.maximum.normalize():f}.",
            number,
            (f"{column.maximum.normalize():f}",),
        )
        return False
    return True


def _read_number(column: CustomField, raw, out: _Values, locale: str | None):
    try:
        number = _parse_number(raw, locale)
    except (InvalidOperation, ValueError):
        kind = "a whole number" if column.type == CustomFieldType.NUMBER else "a number"
        out.add(column.name, "is.not.a.number", f"`{column.name}` must be {kind}.", raw)
        return None
    if column.type == CustomFieldType.NUMBER:
        if number != number.to_integral_value():
            out.add(
                column.name, "not.a.whole.number", f"`{column.name}` must be a whole number.", raw
            )
            return None
        if abs(number) > NUMBER_LIMIT:
            out.add(column.name, "is.out.of.range", f"`{column.name}` is too large.", raw)
            return None
        if not _check_bounds(column, number, out):
            return None
        return int(number)
    if abs(number) >= DECIMAL_LIMIT:
        out.add(column.name, "is.out.of.range", f"`{column.name}` is too large.", raw)
        return None
    if -number.as_tuple().exponent > DECIMAL_PLACES:
        rounded = number.quantize(Decimal(1).scaleb(-DECIMAL_PLACES))
        if rounded != number:
            out.add(
                column.name,
                "exceeds.max.decimal.places",
                f"`{column.name}` can have at most {DECIMAL_PLACES} decimal places.",
                raw,
                (DECIMAL_PLACES,),
            )
            return None
        number = rounded
    if not _check_bounds(column, number, out):
        return None
    return format(number, "f")


def _read_boolean(column: CustomField, raw, out: _Values):
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    out.add(column.name, "is.invalid", f"`{column.name}` must be true or false.", raw)
    return None


def _read_date(column: CustomField, raw, out: _Values, date_format, locale):
    try:
        return wire.parse_date(raw, date_format, locale).isoformat()
    except wire.DateFormatError as exc:
        out.add(column.name, exc.rule, str(exc), raw if isinstance(raw, str) else None)
        return None


def _read_code_id(column: CustomField, raw, out: _Values) -> int | None:
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= NUMBER_LIMIT:
        out.add(
            column.name,
            "is.invalid",
            f"`{column.name}` must be the id of a value of the list `{column.code}`.",
            raw,
        )
        return None
    return int(text)


def read_values(
    table: CustomTable,
    raw: dict[str, Any],
    problems: Problems,
    *,
    creating: bool,
    date_format: str | None = None,
    locale: str | None = None,
    prefix: str = "",
) -> dict[str, Any]:
    """Checks the values of one row (`raw`: {column: value} as received, plus `locale` and
    `dateFormat`); returns {column: stored value, or None to clear it} for the columns given.

    A drop-down column is also accepted under Fineract's name `<code>_cd_<column>`.
    """
    out = _Values(table, problems, prefix)
    columns = {column.name: column for column in columns_of(table)}
    aliases = {
        f"{column.code.name}_cd_{column.name}": column.name
        for column in columns.values()
        if column.type == CustomFieldType.DROPDOWN and column.code_id
    }
    date_format = raw.get("dateFormat", date_format)
    locale = raw.get("locale", locale)
    typed: dict[str, Any] = {}
    wanted_codes: dict[str, int] = {}
    for key, value in raw.items():
        if key in ("dateFormat", "locale"):
            continue
        name = aliases.get(key, key)
        column = columns.get(name)
        if column is None:
            problems.add(
                f"{prefix}{key}",
                "error.msg.parameter.unsupported",
                f"`{key}` is not a column of the datatable `{table.name}`.",
                None,
                (key,),
            )
            continue
        if name in typed or name in wanted_codes:
            out.add(name, "is.duplicated", f"`{name}` is given twice.")
            continue
        if _is_blank(value):
            if column.mandatory:
                out.add(name, "cannot.be.blank", f"`{name}` is required.")
            else:
                typed[name] = None
            continue
        match column.type:
            case CustomFieldType.STRING | CustomFieldType.TEXT:
                read = _read_text(column, value, out)
            case CustomFieldType.NUMBER | CustomFieldType.DECIMAL:
                read = _read_number(column, value, out, locale if isinstance(locale, str) else None)
            case CustomFieldType.BOOLEAN:
                read = _read_boolean(column, value, out)
            case CustomFieldType.DATE:
                read = _read_date(column, value, out, date_format, locale)
            case _:
                code_id = _read_code_id(column, value, out)
                if code_id is not None:
                    wanted_codes[name] = code_id
                continue
        if read is not None:
            typed[name] = read
    if wanted_codes:
        allowed = {
            (code_id, pk)
            for pk, code_id in CodeValue.objects.filter(
                pk__in=set(wanted_codes.values()), is_active=True
            ).values_list("pk", "code_id")
        }
        for name, value_id in wanted_codes.items():
            column = columns[name]
            if (column.code_id, value_id) in allowed:
                typed[name] = value_id
            else:
                out.add(
                    name,
                    "invalid.code.value",
                    f"{value_id} is not an active value of the list `{column.code.name}`.",
                    value_id,
                    (column.code.name,),
                )
    if creating:
        for column in columns.values():
            if (
                column.mandatory
                and column.name not in raw
                and not any(aliases.get(key) == column.name for key in raw)
            ):
                out.add(column.name, "cannot.be.blank", f"`{column.name}` is required.")
    return typed


# --- writing values -------------------------------------------------------------------------


def _entry_duplicate(table: CustomTable, client: Client) -> UniquenessViolation:
    return UniquenessViolation(
        "error.msg.datatable.entry.duplicate",
        f"Client {client.pk} already has an entry in the datatable `{table.name}`; "
        "change it with PUT.",
        param="id",
        value=client.pk,
    )


def _record_entry(actor, action: str, table: CustomTable, row_id: int, client: Client, changes):
    audit.record(
        actor=actor,
        action=action,
        entity=ENTITY,
        resource_id=table.pk,
        subresource_id=row_id,
        resource_external_id=table.name,
        office=client.office,
        client_id=client.pk,
        changes=changes,
    )


def _body_problems(raw) -> None:
    if not isinstance(raw, dict):
        raise DomainError(
            "validation.msg.datatable.entry.is.invalid",
            "The values must be a JSON object of column names and values.",
            param="body",
            status=400,
        )


def _insert(actor, table: CustomTable, client: Client, values: dict[str, Any]) -> CustomRow:
    row = CustomRow(
        table=table,
        client=client,
        values={name: value for name, value in values.items() if value is not None},
    )
    save_unique(
        row, [UniqueCheck(("table_id", "client_id"), lambda r: _entry_duplicate(table, client))]
    )
    changes = {name: [None, value] for name, value in row.values.items()}
    _record_entry(actor, "CREATE", table, row.pk, client, changes)
    return row


@transaction.atomic
def custom_row_create(
    *,
    actor,
    table: CustomTable,
    client: Client,
    values: dict[str, Any],
    date_format: str | None = None,
    locale: str | None = None,
) -> tuple[CustomRow, dict[str, list]]:
    """Creates the client's row of `table` (403 error.msg.datatable.entry.duplicate when it
    has one). Returns the row and `{column: [None, value]}`."""
    ensure_office_in_scope(actor, client.office)
    _body_problems(values)
    if CustomRow.objects.filter(table=table, client=client).exists():
        raise _entry_duplicate(table, client)
    problems = Problems(resource=table.name)
    typed = read_values(
        table, values, problems, creating=True, date_format=date_format, locale=locale
    )
    problems.raise_if_any()
    row = _insert(actor, table, client, typed)
    return row, {name: [None, value] for name, value in row.values.items()}


@transaction.atomic
def custom_row_update(
    *,
    actor,
    table: CustomTable,
    client: Client,
    values: dict[str, Any],
    date_format: str | None = None,
    locale: str | None = None,
) -> tuple[CustomRow, dict[str, list]]:
    """Changes the columns given (null or "" clears one); 404 when the client has no row.
    Returns the row and `{column: [old, new]}` (nothing changed: no event)."""
    ensure_office_in_scope(actor, client.office)
    _body_problems(values)
    row = CustomRow.objects.select_for_update().filter(table=table, client=client).first()
    if row is None:
        raise entry_not_found(table, client.pk)
    problems = Problems(resource=table.name)
    typed = read_values(
        table, values, problems, creating=False, date_format=date_format, locale=locale
    )
    if not typed and not problems.invalid and not problems.missing:
        problems.add(
            "id",
            f"validation.msg.{table.name}.no.parameters.for.update",
            "No parameters passed for update.",
        )
    problems.raise_if_any()
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
    ensure_office_in_scope(actor, client.office)
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


# --- rows given with a new client -----------------------------------------------------------


@dataclass
class InlineRow:
    """One checked item of a new client's `datatables` array, ready to be saved."""

    index: int
    table: CustomTable
    values: dict[str, Any]


def validate_inline_rows(
    items: Any,
    problems: Problems,
    *,
    date_format: str | None = None,
    locale: str | None = None,
    param: str = "datatables",
) -> list[InlineRow]:
    """Checks Fineract's `datatables: [{registeredTableName, data: {...}}]` of POST /clients,
    adding every problem to `problems` (parameters `datatables[i].data.<column>`, codes
    `validation.msg.<table>.<column>.<rule>`). `data` may carry its own dateFormat/locale."""
    if items is None or items == []:
        return []
    if not isinstance(items, list):
        problems.add(param, "is.invalid", "The datatables must be a list.")
        return []
    names = {
        item.get("registeredTableName")
        for item in items
        if isinstance(item, dict) and isinstance(item.get("registeredTableName"), str)
    }
    tables = {table.name: table for table in client_tables().filter(name__in=names)}
    checked: list[InlineRow] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        prefix = f"{param}[{index}]"
        if not isinstance(item, dict):
            problems.add(prefix, "is.invalid", "A datatable entry must be an object.")
            continue
        for key in item:
            if key not in ("registeredTableName", "data"):
                problems.add(
                    f"{prefix}.{key}",
                    "error.msg.parameter.unsupported",
                    f"The parameter {key} is not supported.",
                    None,
                    (key,),
                )
        name = item.get("registeredTableName")
        if _is_blank(name) or not isinstance(name, str):
            problems.add(
                f"{prefix}.registeredTableName", "cannot.be.blank", "The datatable is required."
            )
            continue
        table = tables.get(name)
        if table is None:
            problems.add_missing(
                f"{prefix}.registeredTableName",
                "error.msg.datatable.not.found",
                f"Datatable `{name}` does not exist.",
                name,
            )
            continue
        if name in seen:
            problems.add(
                f"{prefix}.registeredTableName", "is.duplicated", f"`{name}` is given twice.", name
            )
            continue
        seen.add(name)
        data = item.get("data")
        if data is None:
            data = {}
        if not isinstance(data, dict):
            problems.add(f"{prefix}.data", "is.invalid", "The data must be an object.")
            continue
        values = read_values(
            table,
            data,
            problems,
            creating=True,
            date_format=date_format,
            locale=locale,
            prefix=f"{prefix}.data.",
        )
        checked.append(InlineRow(index, table, values))
    return checked


def create_inline_rows(*, actor, client: Client, rows: list[InlineRow]) -> list[CustomRow]:
    """Saves the rows of a client being created, in its transaction; each records its own
    DATATABLE CREATE event."""
    ensure_office_in_scope(actor, client.office)
    return [_insert(actor, row.table, client, row.values) for row in rows]


# --- definitions ----------------------------------------------------------------------------


def _is_name(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit and NAME_PATTERN.fullmatch(value)


def _read_flag(value, param: str, problems: Problems, attr: str | None = None) -> bool:
    """true/false (or their text); blank is false. `attr` names a column's attribute."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    code = _column_code(attr, "is.invalid") if attr else "is.invalid"
    problems.add(param, code, "The value must be true or false.")
    return False


def _column_code(attr: str, rule: str) -> str:
    return f"validation.msg.datatable.column.{attr}.{rule}"


def _bad(problems: Problems, param: str, attr: str, rule: str, message: str, value=None, args=()):
    if not isinstance(value, str | int | float | bool | type(None)):
        value = None
    problems.add(param, _column_code(attr, rule), message, value, args)


def _read_bound(value, param: str, attr: str, kind: str, problems: Problems) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = _parse_number(value, None)
    except (InvalidOperation, ValueError):
        _bad(problems, param, attr, "is.not.a.number", f"The {attr} must be a number.", value)
        return None
    if kind == CustomFieldType.NUMBER and number != number.to_integral_value():
        _bad(
            problems,
            param,
            attr,
            "not.a.whole.number",
            f"The {attr} must be a whole number.",
            value,
        )
        return None
    if abs(number) >= DECIMAL_LIMIT or -number.as_tuple().exponent > DECIMAL_PLACES:
        _bad(problems, param, attr, "is.out.of.range", f"The {attr} is out of range.", value)
        return None
    return number


def _read_length(value, param: str, kind: str, problems: Problems, *, required: bool):
    if value is None or value == "":
        if required:
            _bad(problems, param, "length", "cannot.be.blank", "A String column needs a length.")
        return None
    if kind not in TEXT_TYPES:
        _bad(
            problems,
            param,
            "length",
            "not.allowed.for.type",
            f"A {kind} column has no length.",
            value,
        )
        return None
    limit = STRING_MAX_LENGTH if kind == CustomFieldType.STRING else TEXT_MAX_LENGTH
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        _bad(problems, param, "length", "is.invalid", "The length must be a whole number.", value)
        return None
    length = int(value)
    if not 1 <= length <= limit:
        _bad(
            problems,
            param,
            "length",
            "is.not.within.expected.range",
            f"The length of a {kind} column is between 1 and {limit}.",
            value,
            (1, limit),
        )
        return None
    return length


def _read_regex(value, param: str, kind: str, problems: Problems) -> str:
    if value is None or value == "":
        return ""
    if kind not in TEXT_TYPES:
        _bad(problems, param, "regex", "not.allowed.for.type", f"A {kind} column has no format.")
        return ""
    if not isinstance(value, str) or len(value) > REGEX_MAX_LENGTH:
        _bad(
            problems,
            param,
            "regex",
            "is.invalid",
            f"The format is a regular expression of at most {REGEX_MAX_LENGTH} characters.",
        )
        return ""
    try:
        re.compile(value)
    except re.error as exc:
        _bad(
            problems, param, "regex", "is.invalid", f"Not a valid regular expression: {exc}.", value
        )
        return ""
    if repeats_a_repetition(value):
        _bad(
            problems,
            param,
            "regex",
            "nested.repetition",
            "The format repeats a repetition, such as (A+)+, which can take minutes to check; "
            "write it without the nesting.",
            value,
        )
        return ""
    return value


def _read_label(value, param: str, problems: Problems) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value.strip()) > LABEL_MAX_LENGTH:
        _bad(
            problems,
            param,
            "label",
            "is.invalid",
            f"The label is text of at most {LABEL_MAX_LENGTH} characters.",
        )
        return ""
    return " ".join(value.split())


def _resolve_code(name, param: str, problems: Problems, codes: dict[str, Code]) -> Code | None:
    if _is_blank(name) or not isinstance(name, str):
        _bad(problems, param, "code", "cannot.be.blank", "A Dropdown column needs a code list.")
        return None
    code = codes.get(name)
    if code is None:
        problems.add_missing(
            param, "error.msg.code.name.invalid", f"Code with name `{name}` does not exist.", name
        )
    return code


def _codes_named(items: Iterable[Any], key: str) -> dict[str, Code]:
    names = {
        item.get(key) for item in items if isinstance(item, dict) and isinstance(item.get(key), str)
    }
    return {code.name: code for code in Code.objects.filter(name__in=names)} if names else {}


def _check_bounds_order(column: CustomField, prefix: str, problems: Problems) -> None:
    if (
        column.minimum is not None
        and column.maximum is not None
        and column.minimum > column.maximum
    ):
        _bad(
            problems,
            f"{prefix}min",
            "min",
            "exceeds.max",
            "The minimum cannot be above the maximum.",
            str(column.minimum),
        )


def _read_column(
    raw: Any, prefix: str, problems: Problems, codes: dict[str, Code], taken: set[str]
) -> CustomField | None:
    """A new column from its definition, or None (with the problems added)."""
    if not isinstance(raw, dict):
        problems.add(
            prefix.rstrip("."), _column_code("column", "is.invalid"), "A column is an object."
        )
        return None
    errors_before = len(problems.invalid) + len(problems.missing)
    for key in raw:
        if key not in COLUMN_KEYS:
            problems.add(
                f"{prefix}{key}",
                "error.msg.parameter.unsupported",
                f"The parameter {key} is not supported.",
                None,
                (key,),
            )
    for key in ("unique", "indexed"):
        if _read_flag(raw.get(key), f"{prefix}{key}", problems, key):
            _bad(
                problems,
                f"{prefix}{key}",
                key,
                "not.supported",
                "Custom field values are neither unique nor indexed here.",
                True,
            )
    name = raw.get("name")
    if _is_blank(name):
        _bad(problems, f"{prefix}name", "name", "cannot.be.blank", "The column needs a name.")
    elif not _is_name(name, COLUMN_MAX_LENGTH):
        _bad(
            problems,
            f"{prefix}name",
            "name",
            "is.invalid",
            "A column name starts with a letter, ends with a letter or digit, and holds "
            f"letters, digits, spaces, dashes and underscores (at most {COLUMN_MAX_LENGTH}).",
            name,
        )
    elif name.lower() in RESERVED_COLUMNS:
        _bad(
            problems, f"{prefix}name", "name", "is.reserved", f"`{name}` is a reserved name.", name
        )
    elif name.lower() in taken:
        _bad(problems, f"{prefix}name", "name", "is.duplicated", f"`{name}` is used twice.", name)
    else:
        taken.add(name.lower())  # even if the rest is wrong: a later twin is reported too
    kind = TYPES.get(raw.get("type").lower()) if isinstance(raw.get("type"), str) else None
    if kind is None:
        _bad(
            problems,
            f"{prefix}type",
            "type",
            "is.not.within.expected.range" if raw.get("type") else "cannot.be.blank",
            "The type is one of: " + ", ".join(CustomFieldType.values) + ".",
            raw.get("type"),
            tuple(CustomFieldType.values),
        )
        return None
    column = CustomField(
        name=name if isinstance(name, str) else "",
        type=kind,
        length=_read_length(
            raw.get("length"),
            f"{prefix}length",
            kind,
            problems,
            required=kind == CustomFieldType.STRING,
        ),
        mandatory=_read_flag(raw.get("mandatory"), f"{prefix}mandatory", problems, "mandatory"),
        regex=_read_regex(raw.get("regex"), f"{prefix}regex", kind, problems),
        label=_read_label(raw.get("label"), f"{prefix}label", problems),
    )
    if kind == CustomFieldType.DROPDOWN:
        column.code = _resolve_code(raw.get("code"), f"{prefix}code", problems, codes)
    elif not _is_blank(raw.get("code")):
        _bad(
            problems, f"{prefix}code", "code", "not.allowed.for.type", "Only a Dropdown has a code."
        )
    for attr, model_attr in (("min", "minimum"), ("max", "maximum")):
        value = raw.get(attr)
        if _is_blank(value):
            continue
        if kind not in NUMERIC_TYPES:
            _bad(
                problems,
                f"{prefix}{attr}",
                attr,
                "not.allowed.for.type",
                f"A {kind} column has no {attr}imum.",
            )
            continue
        setattr(column, model_attr, _read_bound(value, f"{prefix}{attr}", attr, kind, problems))
    _check_bounds_order(column, prefix, problems)
    if len(problems.invalid) + len(problems.missing) > errors_before:
        return None
    return column


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
        f"Datatable `{name}` is already registered.",
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


@transaction.atomic
def custom_table_create(
    *,
    actor,
    name: Any,
    columns: Any,
    apptable_name: Any = APPTABLE,
    multi_row: Any = False,
    label: Any = "",
) -> CustomTable:
    """Defines a client table and its columns (column definitions as Fineract's API sends
    them: name, type, length, mandatory, code; plus min, max, regex, label). 400 for every
    problem at once, 404 for an unknown code list, 403 when the name is taken."""
    problems = Problems(resource=RESOURCE)
    if _is_blank(name):
        problems.add("datatableName", "cannot.be.blank", "The datatable needs a name.")
    elif not _is_name(name, NAME_MAX_LENGTH):
        problems.add(
            "datatableName",
            "is.invalid",
            "A datatable name starts with a letter, ends with a letter or digit, and holds "
            f"letters, digits, spaces, dashes and underscores (at most {NAME_MAX_LENGTH}).",
            name if isinstance(name, str) else None,
        )
    elif name.lower().startswith("m_"):
        problems.add(
            "datatableName",
            "not.allowed.to.start.with.m_",
            "Names starting with m_ are kept for the system's own tables.",
            name,
        )
    if apptable_name != APPTABLE:
        problems.add(
            "apptableName",
            "is.not.within.expected.range",
            f"Custom fields exist for clients only: the apptableName is `{APPTABLE}`.",
            apptable_name if isinstance(apptable_name, str) else None,
            (APPTABLE,),
        )
    if _read_flag(multi_row, "multiRow", problems):
        problems.add(
            "multiRow",
            "not.supported",
            "A client has one row of custom fields per table: multiRow must be false.",
            True,
        )
    table_label = _read_label(label, "label", problems)
    read: list[CustomField] = []
    if not isinstance(columns, list) or not columns:
        problems.add("columns", "cannot.be.blank", "A datatable needs at least one column.")
    else:
        codes = _codes_named(columns, "code")
        taken: set[str] = set()
        for index, raw in enumerate(columns):
            column = _read_column(raw, f"columns[{index}].", problems, codes, taken)
            if column is not None:
                read.append(column)
    problems.raise_if_any()

    table = CustomTable(name=name, apptable_name=APPTABLE, multi_row=False, label=table_label)
    save_unique(table, [UniqueCheck(("name",), lambda t: _table_taken(t.name))])
    for position, column in enumerate(read):
        column.table = table
        column.position = position
    CustomField.objects.bulk_create(read)
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


def _apply_change(
    column: CustomField,
    raw: dict,
    prefix: str,
    problems: Problems,
    codes: dict[str, Code],
    taken: set[str],
) -> str | None:
    """Applies one changeColumns item; returns the new name when the column is renamed."""
    for key in raw:
        if key not in CHANGE_KEYS:
            message = (
                "A column's type cannot change: add a new column and drop the old one."
                if key == "type"
                else f"The parameter {key} is not supported."
            )
            problems.add(f"{prefix}{key}", "error.msg.parameter.unsupported", message, None, (key,))
    new_name = raw.get("newName")
    renamed = None
    if not _is_blank(new_name) and new_name != column.name:
        if not _is_name(new_name, COLUMN_MAX_LENGTH):
            _bad(
                problems,
                f"{prefix}newName",
                "name",
                "is.invalid",
                "Not a valid column name.",
                new_name,
            )
        elif new_name.lower() in RESERVED_COLUMNS:
            _bad(problems, f"{prefix}newName", "name", "is.reserved", f"`{new_name}` is reserved.")
        elif new_name.lower() in taken:
            _bad(problems, f"{prefix}newName", "name", "is.duplicated", f"`{new_name}` is taken.")
        else:
            taken.discard(column.name.lower())
            taken.add(new_name.lower())
            renamed = new_name
    if "length" in raw:
        column.length = _read_length(
            raw["length"],
            f"{prefix}length",
            column.type,
            problems,
            required=column.type == CustomFieldType.STRING,
        )
    if "mandatory" in raw:
        column.mandatory = _read_flag(raw["mandatory"], f"{prefix}mandatory", problems, "mandatory")
    if "regex" in raw:
        column.regex = _read_regex(raw["regex"], f"{prefix}regex", column.type, problems)
    if "label" in raw:
        column.label = _read_label(raw["label"], f"{prefix}label", problems)
    for attr, model_attr in (("min", "minimum"), ("max", "maximum")):
        if attr not in raw:
            continue
        if column.type not in NUMERIC_TYPES and not _is_blank(raw[attr]):
            _bad(problems, f"{prefix}{attr}", attr, "not.allowed.for.type", "Numbers only.")
            continue
        setattr(
            column,
            model_attr,
            _read_bound(raw[attr], f"{prefix}{attr}", attr, column.type, problems),
        )
    _check_bounds_order(column, prefix, problems)
    code_key = "newCode" if "newCode" in raw else "code" if "code" in raw else None
    if code_key is not None:
        if column.type != CustomFieldType.DROPDOWN:
            _bad(
                problems,
                f"{prefix}{code_key}",
                "code",
                "not.allowed.for.type",
                "Only a Dropdown has a code.",
            )
        else:
            code = _resolve_code(raw[code_key], f"{prefix}{code_key}", problems, codes)
            if code is not None and code.pk != column.code_id:
                if CustomRow.objects.filter(
                    table_id=column.table_id, values__has_key=column.name
                ).exists():
                    _bad(
                        problems,
                        f"{prefix}{code_key}",
                        "code",
                        "in.use",
                        "Clients hold values of the current list in this column; its list "
                        "cannot change.",
                        raw[code_key],
                    )
                else:
                    column.code = code
    return renamed


@transaction.atomic
def custom_table_update(
    *,
    actor,
    table: CustomTable,
    add_columns: Any = None,
    change_columns: Any = None,
    drop_columns: Any = None,
    label: Any = None,
) -> dict[str, list]:
    """Fineract's PUT /datatables/{name}: `addColumns` (definitions as on creation),
    `changeColumns` ([{name, newName?, length?, mandatory?, newCode?, min?, max?, regex?,
    label?}]; the type cannot change), `dropColumns` ([{name}], deleting its values).
    Returns `{"columns.<name>": [old, new]}` (and `label`); nothing changed: no event."""
    table = _lock_table(table)
    columns = {c.name: c for c in CustomField.objects.filter(table=table).select_related("code")}
    before = {name: _column_snapshot(c) for name, c in columns.items()}
    problems = Problems(resource=RESOURCE)
    taken = {name.lower() for name in columns}
    changes: dict[str, list] = {}

    drops: list[str] = []
    for index, item in enumerate(_as_list(drop_columns, "dropColumns", problems)):
        prefix = f"dropColumns[{index}]."
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or name not in columns:
            _bad(problems, f"{prefix}name", "name", "does.not.exist", f"No column `{name}`.", name)
        elif name in drops:
            _bad(problems, f"{prefix}name", "name", "is.duplicated", f"`{name}` is given twice.")
        else:
            drops.append(name)
            taken.discard(name.lower())

    renames: dict[str, str] = {}
    changed: list[str] = []
    change_items = _as_list(change_columns, "changeColumns", problems)
    codes = _codes_named([*change_items, *_peek_list(add_columns)], "newCode")
    codes.update(_codes_named([*change_items, *_peek_list(add_columns)], "code"))
    for index, item in enumerate(change_items):
        prefix = f"changeColumns[{index}]."
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or name not in columns or name in drops:
            _bad(problems, f"{prefix}name", "name", "does.not.exist", f"No column `{name}`.", name)
            continue
        if name in changed:
            _bad(problems, f"{prefix}name", "name", "is.duplicated", f"`{name}` is given twice.")
            continue
        changed.append(name)
        renamed = _apply_change(columns[name], item, prefix, problems, codes, taken)
        if renamed:
            renames[name] = renamed

    added: list[CustomField] = []
    for index, item in enumerate(_as_list(add_columns, "addColumns", problems)):
        column = _read_column(item, f"addColumns[{index}].", problems, codes, taken)
        if column is not None:
            added.append(column)
    if label is not None:
        new_label = _read_label(label, "label", problems)
        if new_label != table.label:
            changes["label"] = [table.label, new_label]
            table.label = new_label
    if len(columns) - len(drops) + len(added) < 1:
        problems.add("dropColumns", "would.leave.no.columns", "A datatable keeps one column.")
    problems.raise_if_any()

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
    if changes:
        _record_definition(actor, "UPDATE", table.pk, table.name, changes)
    return changes


def _as_list(value: Any, param: str, problems: Problems) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(param, "is.invalid", f"`{param}` must be a list.")
        return []
    return value


def _peek_list(value: Any) -> list:
    return value if isinstance(value, list) else []


@transaction.atomic
def custom_table_delete(*, actor, table: CustomTable) -> None:
    """Deletes a table definition; refused (403 error.msg.datatable.not.empty, as Fineract)
    while any client has a row in it, so no client's values disappear with a definition:
    delete the entries first (each one audited)."""
    table = _lock_table(table)
    if CustomRow.objects.filter(table=table).exists():
        raise DataIntegrityViolation(
            "error.msg.datatable.not.empty",
            f"Datatable `{table.name}` still holds the values of clients; delete those "
            "entries first.",
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
