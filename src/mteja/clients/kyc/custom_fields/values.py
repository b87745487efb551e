"""A client's custom field values: reading them from a request, writing them, and the rows
given with a new client."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.kyc.custom_fields.reads import (
    DECIMAL_LIMIT,
    DECIMAL_PLACES,
    ENTITY,
    NUMBER_LIMIT,
    STRING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    client_tables,
    columns_of,
    entry_not_found,
    is_blank,
)
from mteja.clients.models import (
    Client,
    CustomField,
    CustomFieldType,
    CustomRow,
    CustomTable,
)
from mteja.core import audit, regexes, wire
from mteja.core.errors import (
    DomainError,
    Problems,
    UniquenessViolation,
)
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import CodeValue

# --- reading values -------------------------------------------------------------------------


def _read_text(column: CustomField, raw, out: Problems):
    if isinstance(raw, bool | dict | list):
        out.add(
            column.name,
            "is.invalid",
            _("`%(name)s` must be text.")
            % {
                "name": column.name,
            },
        )
        return None
    text = str(raw).strip()
    limit = column.length or (
        STRING_MAX_LENGTH if column.type == CustomFieldType.STRING else TEXT_MAX_LENGTH
    )
    if len(text) > limit:
        out.add(
            column.name,
            "exceeds.max.length",
            _("`%(name)s` can be at most %(limit)s characters long.")
            % {
                "name": column.name,
                "limit": limit,
            },
            None,
            (limit,),
        )
        return None
    if not regexes.conforms(column.regex, text):
        out.add(
            column.name,
            "does.not.match.regex",
            _("`%(name)s` does not have the format the institution requires.")
            % {
                "name": column.name,
            },
            text,
            (column.regex,),
        )
        return None
    return text


def parse_number(raw, locale: str | None) -> Decimal:
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


def _check_bounds(column: CustomField, number: Decimal, out: Problems) -> bool:
    if column.minimum is not None and number < column.minimum:
        out.add(
            column.name,
            "is.less.than.min.value",
            _("`%(name)s` cannot be less than %(minimum)s.")
            % {
                "name": column.name,
                "minimum": f"{column.minimum.normalize():f}",
            },
            number,
            (f"{column.minimum.normalize():f}",),
        )
        return False
    if column.maximum is not None and number > column.maximum:
        out.add(
            column.name,
            "is.greater.than.max.value",
            _("`%(name)s` cannot be more than %(maximum)s.")
            % {
                "name": column.name,
                "maximum": f"{column.maximum.normalize():f}",
            },
            number,
            (f"{column.maximum.normalize():f}",),
        )
        return False
    return True


def _read_number(column: CustomField, raw, out: Problems, locale: str | None):
    try:
        number = parse_number(raw, locale)
    except (InvalidOperation, ValueError):
        kind = "a whole number" if column.type == CustomFieldType.NUMBER else "a number"
        out.add(
            column.name,
            "is.not.a.number",
            _("`%(name)s` must be %(kind)s.")
            % {
                "name": column.name,
                "kind": kind,
            },
            raw,
        )
        return None
    if column.type == CustomFieldType.NUMBER:
        if number != number.to_integral_value():
            out.add(
                column.name,
                "not.a.whole.number",
                _("`%(name)s` must be a whole number.")
                % {
                    "name": column.name,
                },
                raw,
            )
            return None
        if abs(number) > NUMBER_LIMIT:
            out.add(
                column.name,
                "is.out.of.range",
                _("`%(name)s` is too large.")
                % {
                    "name": column.name,
                },
                raw,
            )
            return None
        if not _check_bounds(column, number, out):
            return None
        return int(number)
    if abs(number) >= DECIMAL_LIMIT:
        out.add(
            column.name,
            "is.out.of.range",
            _("`%(name)s` is too large.")
            % {
                "name": column.name,
            },
            raw,
        )
        return None
    if -number.as_tuple().exponent > DECIMAL_PLACES:
        rounded = number.quantize(Decimal(1).scaleb(-DECIMAL_PLACES))
        if rounded != number:
            out.add(
                column.name,
                "exceeds.max.decimal.places",
                _("`%(name)s` can have at most %(decimal_places)s decimal places.")
                % {
                    "name": column.name,
                    "decimal_places": DECIMAL_PLACES,
                },
                raw,
                (DECIMAL_PLACES,),
            )
            return None
        number = rounded
    if not _check_bounds(column, number, out):
        return None
    return format(number, "f")


def _read_boolean(column: CustomField, raw, out: Problems):
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    out.add(
        column.name,
        "is.invalid",
        _("`%(name)s` must be true or false.")
        % {
            "name": column.name,
        },
        raw,
    )
    return None


def _read_date(column: CustomField, raw, out: Problems, date_format, locale):
    try:
        return wire.parse_date(raw, date_format, locale).isoformat()
    except wire.DateFormatError as exc:
        out.add(column.name, exc.rule, str(exc), raw if isinstance(raw, str) else None)
        return None


def _read_code_id(column: CustomField, raw, out: Problems) -> int | None:
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= NUMBER_LIMIT:
        out.add(
            column.name,
            "is.invalid",
            _("`%(name)s` must be the id of a value of the list `%(code)s`.")
            % {
                "name": column.name,
                "code": column.code,
            },
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
    out = problems.within(table.name, prefix)
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
                _("`%(key)s` is not a column of the datatable `%(name)s`.")
                % {
                    "key": key,
                    "name": table.name,
                },
                None,
                (key,),
            )
            continue
        if name in typed or name in wanted_codes:
            out.add(
                name,
                "is.duplicated",
                _("`%(name)s` is given twice.")
                % {
                    "name": name,
                },
            )
            continue
        if is_blank(value):
            if column.mandatory:
                out.add(
                    name,
                    "cannot.be.blank",
                    _("`%(name)s` is required.")
                    % {
                        "name": name,
                    },
                )
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
                    _("%(value_id)s is not an active value of the list `%(name)s`.")
                    % {
                        "value_id": value_id,
                        "name": column.code.name,
                    },
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
                out.add(
                    column.name,
                    "cannot.be.blank",
                    _("`%(name)s` is required.")
                    % {
                        "name": column.name,
                    },
                )
    return typed


# --- writing values -------------------------------------------------------------------------


def _entry_duplicate(table: CustomTable, client: Client) -> UniquenessViolation:
    return UniquenessViolation(
        "error.msg.datatable.entry.duplicate",
        _("Client %(pk)s already has an entry in the datatable `%(name)s`; change it with PUT.")
        % {
            "pk": client.pk,
            "name": table.name,
        },
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
            _("The values must be a JSON object of column names and values."),
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
            _("No parameters passed for update."),
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
        problems.add(param, "is.invalid", _("The datatables must be a list."))
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
            problems.add(prefix, "is.invalid", _("A datatable entry must be an object."))
            continue
        for key in item:
            if key not in ("registeredTableName", "data"):
                problems.add(
                    f"{prefix}.{key}",
                    "error.msg.parameter.unsupported",
                    _("The parameter %(key)s is not supported.")
                    % {
                        "key": key,
                    },
                    None,
                    (key,),
                )
        name = item.get("registeredTableName")
        if is_blank(name) or not isinstance(name, str):
            problems.add(
                f"{prefix}.registeredTableName", "cannot.be.blank", _("The datatable is required.")
            )
            continue
        table = tables.get(name)
        if table is None:
            problems.add_missing(
                f"{prefix}.registeredTableName",
                "error.msg.datatable.not.found",
                _("Datatable `%(name)s` does not exist.")
                % {
                    "name": name,
                },
                name,
            )
            continue
        if name in seen:
            problems.add(
                f"{prefix}.registeredTableName",
                "is.duplicated",
                _("`%(name)s` is given twice.")
                % {
                    "name": name,
                },
                name,
            )
            continue
        seen.add(name)
        data = item.get("data")
        if data is None:
            data = {}
        if not isinstance(data, dict):
            problems.add(f"{prefix}.data", "is.invalid", _("The data must be an object."))
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
