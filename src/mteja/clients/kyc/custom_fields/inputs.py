"""What a caller gives to define custom tables and their columns, and the reading of
Fineract's JSON (POST and PUT /datatables) into it. The web forms build the same inputs from
their fields, so both go through the same checks (clients.kyc.custom_fields.columns).

Problems are named by Fineract's parameters (`columns[0].length`, `changeColumns[1].newCode`),
whoever the caller: `prefix` carries the item's place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from mteja.clients.kyc.custom_fields.reads import (
    APPTABLE,
    CHANGE_KEYS,
    COLUMN_KEYS,
    LABEL_MAX_LENGTH,
    REGEX_MAX_LENGTH,
    TYPES,
    is_blank,
)
from mteja.clients.kyc.custom_fields.values import parse_number
from mteja.clients.kyc.inputs import UNSET, GivenFields, refuse_parameter, refuse_unknown
from mteja.clients.models import CustomFieldType
from mteja.core.errors import ParameterError, Problems


@dataclass(frozen=True)
class ColumnDefinition:
    """A new column. `type` None: not a known type (reported already); `code` is the name of
    a code list (drop-downs only)."""

    name: str
    type: CustomFieldType | None
    prefix: str = ""  # the column's place in the caller's request, e.g. "columns[2]."
    length: int | None = None
    mandatory: bool = False
    code: str | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    regex: str = ""
    label: str = ""


@dataclass(frozen=True)
class ColumnChange(GivenFields):
    """What changes in the column `name` (its type never does); UNSET fields stay."""

    name: str | None
    prefix: str = ""
    code_param: str = "newCode"  # how the caller named the new code list
    new_name: str = UNSET
    length: int | None = UNSET
    mandatory: bool = UNSET
    code: str = UNSET
    minimum: Decimal | None = UNSET
    maximum: Decimal | None = UNSET
    regex: str = UNSET
    label: str = UNSET


@dataclass(frozen=True)
class TableDefinition:
    """A new table with its columns (None where an item could not be read)."""

    name: str
    columns: list[ColumnDefinition | None] | None
    label: str = ""
    apptable_name: str = APPTABLE
    multi_row: bool = False
    read_problems: tuple[ParameterError, ...] = ()


@dataclass(frozen=True)
class TableChange:
    """Columns to add, change and drop (by name), and a new label (None: kept)."""

    add_columns: list[ColumnDefinition | None] = field(default_factory=list)
    change_columns: list[ColumnChange] = field(default_factory=list)
    drop_columns: list[str | None] = field(default_factory=list)
    label: str | None = None
    read_problems: tuple[ParameterError, ...] = ()


def column_code(attr: str, rule: str) -> str:
    return f"validation.msg.datatable.column.{attr}.{rule}"


def bad(problems: Problems, param: str, attr: str, rule: str, message: str, value=None, args=()):
    """A problem of a column attribute, under Fineract's `validation.msg.datatable.column.*`."""
    if not isinstance(value, str | int | float | bool | type(None)):
        value = None
    problems.add(param, column_code(attr, rule), message, value, args)


# --- reading Fineract's JSON ----------------------------------------------------------------


def read_flag(value, param: str, problems: Problems, attr: str | None = None) -> bool:
    """true/false (or their text); blank is false. `attr` names a column's attribute."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    code = column_code(attr, "is.invalid") if attr else "is.invalid"
    problems.add(param, code, _("The value must be true or false."))
    return False


def _read_length(value, param: str, problems: Problems):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        bad(problems, param, "length", "is.invalid", _("The length must be a whole number."), value)
        return UNSET
    return int(value)


def _read_bound(value, param: str, attr: str, problems: Problems):
    if value is None or value == "":
        return None
    try:
        return parse_number(value, None)
    except (InvalidOperation, ValueError):
        message = (
            _("The minimum must be a number.")
            if attr == "min"
            else _("The maximum must be a number.")
        )
        bad(problems, param, attr, "is.not.a.number", message, value)
        return UNSET


def _read_text(value, param: str, attr: str, problems: Problems):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if attr == "regex":
        message = _("The format is a regular expression of at most %(limit)s characters.") % {
            "limit": REGEX_MAX_LENGTH
        }
    else:
        message = _("The label is text of at most %(limit)s characters.") % {
            "limit": LABEL_MAX_LENGTH
        }
    bad(problems, param, attr, "is.invalid", message)
    return UNSET


def _read_type(raw, param: str, problems: Problems) -> CustomFieldType | None:
    kind = TYPES.get(raw.lower()) if isinstance(raw, str) else None
    if kind is None:
        bad(
            problems,
            param,
            "type",
            "is.not.within.expected.range" if raw else "cannot.be.blank",
            _("The type is one of: %(values)s.") % {"values": ", ".join(CustomFieldType.values)},
            raw,
            tuple(CustomFieldType.values),
        )
    return kind


def _attributes(raw: dict, prefix: str, problems: Problems) -> dict[str, Any]:
    """The attributes a definition or a change may carry, read from JSON; those of the
    wrong shape are left out (their problems added)."""
    read: dict[str, Any] = {}
    if "length" in raw:
        read["length"] = _read_length(raw["length"], f"{prefix}length", problems)
    if "mandatory" in raw:
        read["mandatory"] = read_flag(raw["mandatory"], f"{prefix}mandatory", problems, "mandatory")
    for key, attr in (("min", "minimum"), ("max", "maximum")):
        if key in raw:
            read[attr] = _read_bound(raw[key], f"{prefix}{key}", key, problems)
    for key in ("regex", "label"):
        if key in raw:
            read[key] = _read_text(raw[key], f"{prefix}{key}", key, problems)
    return {name: value for name, value in read.items() if value is not UNSET}


def read_column(raw: Any, prefix: str, problems: Problems) -> ColumnDefinition | None:
    """A column definition of Fineract's JSON (name, type, length, mandatory, code; Mteja's
    min, max, regex, label); None when the item is not an object."""
    if not isinstance(raw, dict):
        problems.add(
            prefix.rstrip("."), column_code("column", "is.invalid"), _("A column is an object.")
        )
        return None
    refuse_unknown(problems, raw, COLUMN_KEYS, prefix=prefix)
    for key in ("unique", "indexed"):
        if read_flag(raw.get(key), f"{prefix}{key}", problems, key):
            bad(
                problems,
                f"{prefix}{key}",
                key,
                "not.supported",
                _("Custom field values are neither unique nor indexed here."),
                True,
            )
    return ColumnDefinition(
        name=raw.get("name"),
        type=_read_type(raw.get("type"), f"{prefix}type", problems),
        prefix=prefix,
        code=raw.get("code"),
        **_attributes(raw, prefix, problems),
    )


def read_change(raw: Any, prefix: str, problems: Problems) -> ColumnChange:
    """A changeColumns item: {name, newName?, length?, mandatory?, newCode?, min?, max?,
    regex?, label?}."""
    if not isinstance(raw, dict):
        return ColumnChange(name=None, prefix=prefix)
    for key in raw:
        if key == "type":
            message = _("A column's type cannot change: add a new column and drop the old one.")
            refuse_parameter(problems, f"{prefix}{key}", key, message)
        elif key not in CHANGE_KEYS:
            refuse_parameter(problems, f"{prefix}{key}", key)
    code_param = "newCode" if "newCode" in raw else "code"
    extra: dict[str, Any] = {}
    if code_param in raw:
        extra["code"] = raw[code_param]
    if not is_blank(raw.get("newName")):
        extra["new_name"] = raw["newName"]
    return ColumnChange(
        name=raw.get("name"),
        prefix=prefix,
        code_param=code_param,
        **extra,
        **_attributes(raw, prefix, problems),
    )


def _as_list(value: Any, param: str, problems: Problems) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(param, "is.invalid", _("“%(param)s” must be a list.") % {"param": param})
        return []
    return value


def read_table_definition(data: dict) -> TableDefinition:
    """POST /datatables (its body parsed): the table and its columns."""
    problems = Problems(resource="datatable")
    columns = data.get("columns")
    read = None
    if isinstance(columns, list):
        read = [read_column(raw, f"columns[{i}].", problems) for i, raw in enumerate(columns)]
    return TableDefinition(
        name=data.get("datatableName"),
        columns=read,
        label=data.get("label") or "",
        apptable_name=data.get("apptableName", APPTABLE),
        multi_row=read_flag(data.get("multiRow", False), "multiRow", problems),
        read_problems=tuple(problems.invalid),
    )


def read_table_change(data: dict) -> TableChange:
    """PUT /datatables/{name} (its body parsed): addColumns, changeColumns, dropColumns."""
    problems = Problems(resource="datatable")
    drops = [
        item.get("name") if isinstance(item, dict) and isinstance(item.get("name"), str) else None
        for item in _as_list(data.get("dropColumns"), "dropColumns", problems)
    ]
    changes = [
        read_change(item, f"changeColumns[{index}].", problems)
        for index, item in enumerate(_as_list(data.get("changeColumns"), "changeColumns", problems))
    ]
    adds = [
        read_column(item, f"addColumns[{index}].", problems)
        for index, item in enumerate(_as_list(data.get("addColumns"), "addColumns", problems))
    ]
    label = data.get("label")
    return TableChange(
        add_columns=adds,
        change_columns=changes,
        drop_columns=drops,
        label=None if label is None else label,
        read_problems=tuple(problems.invalid),
    )
