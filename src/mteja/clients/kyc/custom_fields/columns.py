"""The rules of a custom table's columns: names, lengths, formats, labels, code lists and
bounds, checked the same way for a new column and for a change, whoever the caller."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.kyc.custom_fields.inputs import ColumnChange, ColumnDefinition, bad
from mteja.clients.kyc.custom_fields.reads import (
    COLUMN_MAX_LENGTH,
    DECIMAL_LIMIT,
    DECIMAL_PLACES,
    LABEL_MAX_LENGTH,
    NAME_PATTERN,
    NUMERIC_TYPES,
    REGEX_MAX_LENGTH,
    RESERVED_COLUMNS,
    STRING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TEXT_TYPES,
    is_blank,
)
from mteja.clients.models import CustomField, CustomFieldType, CustomRow
from mteja.core import regexes
from mteja.core.errors import Problems
from mteja.organisation.models import Code

NOT_ALLOWED = {
    # attribute → the message when the column's type has no such attribute
    "length": gettext_lazy("Only a text column has a length."),
    "regex": gettext_lazy("Only a text column has a format."),
    "min": gettext_lazy("Only a number column has a minimum."),
    "max": gettext_lazy("Only a number column has a maximum."),
    "code": gettext_lazy("Only a Dropdown has a code."),
}


def is_name(value: Any, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit and NAME_PATTERN.fullmatch(value)


def _not_allowed(problems: Problems, param: str, attr: str, value=None) -> None:
    bad(problems, param, attr, "not.allowed.for.type", str(NOT_ALLOWED[attr]), value)


def _check_length(value, param: str, kind: str, problems: Problems, *, required: bool):
    if value is None:
        if required:
            bad(problems, param, "length", "cannot.be.blank", _("A String column needs a length."))
        return None
    if kind not in TEXT_TYPES:
        _not_allowed(problems, param, "length", value)
        return None
    limit = STRING_MAX_LENGTH if kind == CustomFieldType.STRING else TEXT_MAX_LENGTH
    if not 1 <= value <= limit:
        bad(
            problems,
            param,
            "length",
            "is.not.within.expected.range",
            _("The length of this column is between 1 and %(limit)s.") % {"limit": limit},
            value,
            (1, limit),
        )
        return None
    return value


def _check_regex(value: str, param: str, kind: str, problems: Problems) -> str:
    if not value:
        return ""
    if kind not in TEXT_TYPES:
        _not_allowed(problems, param, "regex")
        return ""
    if len(value) > REGEX_MAX_LENGTH:
        bad(
            problems,
            param,
            "regex",
            "is.invalid",
            _("The format is a regular expression of at most %(limit)s characters.")
            % {"limit": REGEX_MAX_LENGTH},
        )
        return ""
    reason = regexes.problem(value)
    if reason is not None:
        bad(problems, param, "regex", "is.invalid", reason, value)
        return ""
    return value


def check_label(value: str, param: str, problems: Problems) -> str:
    if len(value.strip()) > LABEL_MAX_LENGTH:
        message = _("The label is text of at most %(limit)s characters.") % {
            "limit": LABEL_MAX_LENGTH
        }
        bad(problems, param, "label", "is.invalid", message)
        return ""
    return " ".join(value.split())


BOUND_PROBLEMS = {
    ("min", "not.a.whole.number"): gettext_lazy("The minimum must be a whole number."),
    ("max", "not.a.whole.number"): gettext_lazy("The maximum must be a whole number."),
    ("min", "is.out.of.range"): gettext_lazy("The minimum is out of range."),
    ("max", "is.out.of.range"): gettext_lazy("The maximum is out of range."),
}


def _check_bound(value: Decimal | None, param: str, attr: str, kind: str, problems: Problems):
    if value is None:
        return None
    if kind == CustomFieldType.NUMBER and value != value.to_integral_value():
        rule = "not.a.whole.number"
    elif abs(value) >= DECIMAL_LIMIT or -value.as_tuple().exponent > DECIMAL_PLACES:
        rule = "is.out.of.range"
    else:
        return value
    bad(problems, param, attr, rule, str(BOUND_PROBLEMS[attr, rule]), str(value))
    return None


def _check_bounds_order(column: CustomField, prefix: str, problems: Problems) -> None:
    if (
        column.minimum is not None
        and column.maximum is not None
        and column.minimum > column.maximum
    ):
        bad(
            problems,
            f"{prefix}min",
            "min",
            "exceeds.max",
            _("The minimum cannot be above the maximum."),
            str(column.minimum),
        )


def resolve_code(name, param: str, problems: Problems, codes: dict[str, Code]) -> Code | None:
    if is_blank(name) or not isinstance(name, str):
        message = _("A Dropdown column needs a code list.")
        bad(problems, param, "code", "cannot.be.blank", message)
        return None
    code = codes.get(name)
    if code is None:
        problems.add_missing(
            param,
            "error.msg.code.name.invalid",
            _("Code with name “%(name)s” does not exist.") % {"name": name},
            name,
        )
    return code


def codes_named(names) -> dict[str, Code]:
    """The code lists of these names (one query)."""
    names = {name for name in names if isinstance(name, str)}
    return {code.name: code for code in Code.objects.filter(name__in=names)} if names else {}


def _check_new_name(name, param: str, problems: Problems, taken: set[str]) -> bool:
    """Is `name` free for a column? `taken` holds the lower-case names in use."""
    if is_blank(name):
        bad(problems, param, "name", "cannot.be.blank", _("The column needs a name."))
    elif not is_name(name, COLUMN_MAX_LENGTH):
        message = _(
            "A column name starts with a letter, ends with a letter or digit, and holds "
            "letters, digits, spaces, dashes and underscores (at most %(column_max_length)s)."
        ) % {"column_max_length": COLUMN_MAX_LENGTH}
        bad(problems, param, "name", "is.invalid", message, name)
    elif name.lower() in RESERVED_COLUMNS:
        message = _("“%(name)s” is a reserved name.") % {"name": name}
        bad(problems, param, "name", "is.reserved", message, name)
    elif name.lower() in taken:
        message = _("“%(name)s” is used twice.") % {"name": name}
        bad(problems, param, "name", "is.duplicated", message, name)
    else:
        return True
    return False


def define_column(
    definition: ColumnDefinition, problems: Problems, codes: dict[str, Code], taken: set[str]
) -> CustomField | None:
    """A new column from its definition, or None (with the problems added)."""
    prefix = definition.prefix
    errors_before = len(problems.invalid) + len(problems.missing)
    name = definition.name
    if _check_new_name(name, f"{prefix}name", problems, taken):
        taken.add(name.lower())  # even if the rest is wrong: a later twin is reported too
    kind = definition.type
    if kind is None:
        return None
    column = CustomField(
        name=name if isinstance(name, str) else "",
        type=kind,
        length=_check_length(
            definition.length,
            f"{prefix}length",
            kind,
            problems,
            required=kind == CustomFieldType.STRING,
        ),
        mandatory=definition.mandatory,
        regex=_check_regex(definition.regex, f"{prefix}regex", kind, problems),
        label=check_label(definition.label, f"{prefix}label", problems),
    )
    if kind == CustomFieldType.DROPDOWN:
        column.code = resolve_code(definition.code, f"{prefix}code", problems, codes)
    elif not is_blank(definition.code):
        _not_allowed(problems, f"{prefix}code", "code")
    for attr, model_attr in (("min", "minimum"), ("max", "maximum")):
        value = getattr(definition, model_attr)
        if value is None:
            continue
        if kind not in NUMERIC_TYPES:
            _not_allowed(problems, f"{prefix}{attr}", attr)
            continue
        setattr(column, model_attr, _check_bound(value, f"{prefix}{attr}", attr, kind, problems))
    _check_bounds_order(column, prefix, problems)
    if len(problems.invalid) + len(problems.missing) > errors_before:
        return None
    return column


def apply_change(
    column: CustomField,
    change: ColumnChange,
    problems: Problems,
    codes: dict[str, Code],
    taken: set[str],
) -> str | None:
    """Applies one change to `column`; returns the new name when the column is renamed."""
    prefix = change.prefix
    given = change.given()
    renamed = None
    new_name = given.get("new_name")
    if (
        new_name is not None
        and new_name != column.name
        and _check_new_name(new_name, f"{prefix}newName", problems, taken)
    ):
        taken.discard(column.name.lower())
        taken.add(new_name.lower())
        renamed = new_name
    if "length" in given:
        column.length = _check_length(
            given["length"],
            f"{prefix}length",
            column.type,
            problems,
            required=column.type == CustomFieldType.STRING,
        )
    if "mandatory" in given:
        column.mandatory = given["mandatory"]
    if "regex" in given:
        column.regex = _check_regex(given["regex"], f"{prefix}regex", column.type, problems)
    if "label" in given:
        column.label = check_label(given["label"], f"{prefix}label", problems)
    for attr, model_attr in (("min", "minimum"), ("max", "maximum")):
        if model_attr not in given:
            continue
        value = given[model_attr]
        if column.type not in NUMERIC_TYPES and value is not None:
            _not_allowed(problems, f"{prefix}{attr}", attr)
            continue
        bound = _check_bound(value, f"{prefix}{attr}", attr, column.type, problems)
        setattr(column, model_attr, bound)
    _check_bounds_order(column, prefix, problems)
    if "code" in given:
        _change_code(column, given["code"], f"{prefix}{change.code_param}", problems, codes)
    return renamed


def _change_code(column: CustomField, name, param: str, problems: Problems, codes) -> None:
    if column.type != CustomFieldType.DROPDOWN:
        _not_allowed(problems, param, "code")
        return
    code = resolve_code(name, param, problems, codes)
    if code is None or code.pk == column.code_id:
        return
    if CustomRow.objects.filter(table_id=column.table_id, values__has_key=column.name).exists():
        message = _(
            "Clients hold values of the current list in this column; its list cannot change."
        )
        bad(problems, param, "code", "in.use", message, name)
    else:
        column.code = code
