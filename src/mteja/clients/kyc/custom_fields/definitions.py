"""Defining custom tables and their columns (Fineract's datatables for clients)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.kyc.custom_fields.reads import (
    APPTABLE,
    CHANGE_KEYS,
    COLUMN_AUDIT_FIELDS,
    COLUMN_KEYS,
    COLUMN_MAX_LENGTH,
    DECIMAL_LIMIT,
    DECIMAL_PLACES,
    ENTITY,
    LABEL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NAME_PATTERN,
    NUMERIC_TYPES,
    REGEX_MAX_LENGTH,
    RESERVED_COLUMNS,
    RESOURCE,
    STRING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TEXT_TYPES,
    TYPES,
    is_blank,
)
from mteja.clients.kyc.custom_fields.values import parse_number
from mteja.clients.models import (
    CustomField,
    CustomFieldType,
    CustomRow,
    CustomTable,
)
from mteja.core import audit, regexes
from mteja.core.errors import (
    DataIntegrityViolation,
    Problems,
    UniquenessViolation,
)
from mteja.core.uniqueness import UniqueCheck, save_unique
from mteja.organisation.models import Code

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
    problems.add(param, code, _("The value must be true or false."))
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
        number = parse_number(value, None)
    except (InvalidOperation, ValueError):
        _bad(
            problems,
            param,
            attr,
            "is.not.a.number",
            _("The %(attr)s must be a number.")
            % {
                "attr": attr,
            },
            value,
        )
        return None
    if kind == CustomFieldType.NUMBER and number != number.to_integral_value():
        _bad(
            problems,
            param,
            attr,
            "not.a.whole.number",
            _("The %(attr)s must be a whole number.")
            % {
                "attr": attr,
            },
            value,
        )
        return None
    if abs(number) >= DECIMAL_LIMIT or -number.as_tuple().exponent > DECIMAL_PLACES:
        _bad(
            problems,
            param,
            attr,
            "is.out.of.range",
            _("The %(attr)s is out of range.")
            % {
                "attr": attr,
            },
            value,
        )
        return None
    return number


def _read_length(value, param: str, kind: str, problems: Problems, *, required: bool):
    if value is None or value == "":
        if required:
            _bad(problems, param, "length", "cannot.be.blank", _("A String column needs a length."))
        return None
    if kind not in TEXT_TYPES:
        _bad(
            problems,
            param,
            "length",
            "not.allowed.for.type",
            _("A %(kind)s column has no length.")
            % {
                "kind": kind,
            },
            value,
        )
        return None
    limit = STRING_MAX_LENGTH if kind == CustomFieldType.STRING else TEXT_MAX_LENGTH
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        _bad(
            problems, param, "length", "is.invalid", _("The length must be a whole number."), value
        )
        return None
    length = int(value)
    if not 1 <= length <= limit:
        _bad(
            problems,
            param,
            "length",
            "is.not.within.expected.range",
            _("The length of a %(kind)s column is between 1 and %(limit)s.")
            % {
                "kind": kind,
                "limit": limit,
            },
            value,
            (1, limit),
        )
        return None
    return length


def _read_regex(value, param: str, kind: str, problems: Problems) -> str:
    if value is None or value == "":
        return ""
    if kind not in TEXT_TYPES:
        _bad(
            problems,
            param,
            "regex",
            "not.allowed.for.type",
            _("A %(kind)s column has no format.")
            % {
                "kind": kind,
            },
        )
        return ""
    if not isinstance(value, str) or len(value) > REGEX_MAX_LENGTH:
        _bad(
            problems,
            param,
            "regex",
            "is.invalid",
            _("The format is a regular expression of at most %(regex_max_length)s characters.")
            % {
                "regex_max_length": REGEX_MAX_LENGTH,
            },
        )
        return ""
    reason = regexes.problem(value)
    if reason is not None:
        _bad(problems, param, "regex", "is.invalid", reason, value)
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
            _("The label is text of at most %(label_max_length)s characters.")
            % {
                "label_max_length": LABEL_MAX_LENGTH,
            },
        )
        return ""
    return " ".join(value.split())


def _resolve_code(name, param: str, problems: Problems, codes: dict[str, Code]) -> Code | None:
    if is_blank(name) or not isinstance(name, str):
        _bad(problems, param, "code", "cannot.be.blank", _("A Dropdown column needs a code list."))
        return None
    code = codes.get(name)
    if code is None:
        problems.add_missing(
            param,
            "error.msg.code.name.invalid",
            _("Code with name `%(name)s` does not exist.")
            % {
                "name": name,
            },
            name,
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
            _("The minimum cannot be above the maximum."),
            str(column.minimum),
        )


def _read_column(
    raw: Any, prefix: str, problems: Problems, codes: dict[str, Code], taken: set[str]
) -> CustomField | None:
    """A new column from its definition, or None (with the problems added)."""
    if not isinstance(raw, dict):
        problems.add(
            prefix.rstrip("."), _column_code("column", "is.invalid"), _("A column is an object.")
        )
        return None
    errors_before = len(problems.invalid) + len(problems.missing)
    for key in raw:
        if key not in COLUMN_KEYS:
            problems.add(
                f"{prefix}{key}",
                "error.msg.parameter.unsupported",
                _("The parameter %(key)s is not supported.")
                % {
                    "key": key,
                },
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
                _("Custom field values are neither unique nor indexed here."),
                True,
            )
    name = raw.get("name")
    if is_blank(name):
        _bad(problems, f"{prefix}name", "name", "cannot.be.blank", _("The column needs a name."))
    elif not _is_name(name, COLUMN_MAX_LENGTH):
        _bad(
            problems,
            f"{prefix}name",
            "name",
            "is.invalid",
            _(
                "A column name starts with a letter, ends with a letter or digit, and "
                "holds letters, digits, spaces, dashes and underscores (at most "
                "%(column_max_length)s)."
            )
            % {
                "column_max_length": COLUMN_MAX_LENGTH,
            },
            name,
        )
    elif name.lower() in RESERVED_COLUMNS:
        _bad(
            problems,
            f"{prefix}name",
            "name",
            "is.reserved",
            _("`%(name)s` is a reserved name.")
            % {
                "name": name,
            },
            name,
        )
    elif name.lower() in taken:
        _bad(
            problems,
            f"{prefix}name",
            "name",
            "is.duplicated",
            _("`%(name)s` is used twice.")
            % {
                "name": name,
            },
            name,
        )
    else:
        taken.add(name.lower())  # even if the rest is wrong: a later twin is reported too
    kind = TYPES.get(raw.get("type").lower()) if isinstance(raw.get("type"), str) else None
    if kind is None:
        _bad(
            problems,
            f"{prefix}type",
            "type",
            "is.not.within.expected.range" if raw.get("type") else "cannot.be.blank",
            _("The type is one of: %(values)s.") % {"values": ", ".join(CustomFieldType.values)},
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
    elif not is_blank(raw.get("code")):
        _bad(
            problems,
            f"{prefix}code",
            "code",
            "not.allowed.for.type",
            _("Only a Dropdown has a code."),
        )
    for attr, model_attr in (("min", "minimum"), ("max", "maximum")):
        value = raw.get(attr)
        if is_blank(value):
            continue
        if kind not in NUMERIC_TYPES:
            _bad(
                problems,
                f"{prefix}{attr}",
                attr,
                "not.allowed.for.type",
                (
                    _("A %(kind)s column has no minimum.")
                    if attr == "min"
                    else _("A %(kind)s column has no maximum.")
                )
                % {"kind": kind},
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
        _("Datatable `%(name)s` is already registered.")
        % {
            "name": name,
        },
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
    if is_blank(name):
        problems.add("datatableName", "cannot.be.blank", _("The datatable needs a name."))
    elif not _is_name(name, NAME_MAX_LENGTH):
        problems.add(
            "datatableName",
            "is.invalid",
            _(
                "A datatable name starts with a letter, ends with a letter or digit, and "
                "holds letters, digits, spaces, dashes and underscores (at most "
                "%(name_max_length)s)."
            )
            % {
                "name_max_length": NAME_MAX_LENGTH,
            },
            name if isinstance(name, str) else None,
        )
    elif name.lower().startswith("m_"):
        problems.add(
            "datatableName",
            "not.allowed.to.start.with.m_",
            _("Names starting with m_ are kept for the system's own tables."),
            name,
        )
    if apptable_name != APPTABLE:
        problems.add(
            "apptableName",
            "is.not.within.expected.range",
            _("Custom fields exist for clients only: the apptableName is `%(apptable)s`.")
            % {
                "apptable": APPTABLE,
            },
            apptable_name if isinstance(apptable_name, str) else None,
            (APPTABLE,),
        )
    if _read_flag(multi_row, "multiRow", problems):
        problems.add(
            "multiRow",
            "not.supported",
            _("A client has one row of custom fields per table: multiRow must be false."),
            True,
        )
    table_label = _read_label(label, "label", problems)
    read: list[CustomField] = []
    if not isinstance(columns, list) or not columns:
        problems.add("columns", "cannot.be.blank", _("A datatable needs at least one column."))
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
    if not is_blank(new_name) and new_name != column.name:
        if not _is_name(new_name, COLUMN_MAX_LENGTH):
            _bad(
                problems,
                f"{prefix}newName",
                "name",
                "is.invalid",
                _("Not a valid column name."),
                new_name,
            )
        elif new_name.lower() in RESERVED_COLUMNS:
            _bad(
                problems,
                f"{prefix}newName",
                "name",
                "is.reserved",
                _("`%(new_name)s` is reserved.")
                % {
                    "new_name": new_name,
                },
            )
        elif new_name.lower() in taken:
            _bad(
                problems,
                f"{prefix}newName",
                "name",
                "is.duplicated",
                _("`%(new_name)s` is taken.")
                % {
                    "new_name": new_name,
                },
            )
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
        if column.type not in NUMERIC_TYPES and not is_blank(raw[attr]):
            _bad(problems, f"{prefix}{attr}", attr, "not.allowed.for.type", _("Numbers only."))
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
                _("Only a Dropdown has a code."),
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
                        _(
                            "Clients hold values of the current list in this column; its list "
                            "cannot change."
                        ),
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
            _bad(
                problems,
                f"{prefix}name",
                "name",
                "does.not.exist",
                _("No column `%(name)s`.")
                % {
                    "name": name,
                },
                name,
            )
        elif name in drops:
            _bad(
                problems,
                f"{prefix}name",
                "name",
                "is.duplicated",
                _("`%(name)s` is given twice.")
                % {
                    "name": name,
                },
            )
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
            _bad(
                problems,
                f"{prefix}name",
                "name",
                "does.not.exist",
                _("No column `%(name)s`.")
                % {
                    "name": name,
                },
                name,
            )
            continue
        if name in changed:
            _bad(
                problems,
                f"{prefix}name",
                "name",
                "is.duplicated",
                _("`%(name)s` is given twice.")
                % {
                    "name": name,
                },
            )
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
        problems.add("dropColumns", "would.leave.no.columns", _("A datatable keeps one column."))
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
        problems.add(
            param,
            "is.invalid",
            _("`%(param)s` must be a list.")
            % {
                "param": param,
            },
        )
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
            _("Datatable `%(name)s` still holds the values of clients; delete those entries first.")
            % {
                "name": table.name,
            },
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
