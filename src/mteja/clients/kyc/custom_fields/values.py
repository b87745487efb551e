"""A client's custom field values: reading them from a request (or a form) into the values
stored. The problems of one row are collected `within` the table (core.errors.Problems), so
their codes name the table and the column: `validation.msg.<table>.<column>.<rule>`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.kyc.custom_fields.reads import (
    DECIMAL_LIMIT,
    DECIMAL_PLACES,
    NUMBER_LIMIT,
    STRING_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    active_code_values,
    columns_of,
    is_blank,
)
from mteja.clients.models import (
    CustomField,
    CustomFieldType,
    CustomTable,
)
from mteja.core import regexes, wire
from mteja.core.echoed_values import echoed
from mteja.core.errors import Problems

# --- reading values -------------------------------------------------------------------------


def _refuse(
    out: Problems, column: CustomField, rule: str, message: str, value=None, args=(), **params
):
    """A problem of `column`'s value; `message` names the column as %(name)s."""
    out.add(column.name, rule, message % {"name": column.name, **params}, value, args)


TEXT_TOO_LONG = gettext_lazy("“%(name)s” can be at most %(limit)s characters long.")


def text_limit(column: CustomField) -> int:
    """The most characters a text field (String, Text) takes: its own length, else its type's."""
    return column.length or (
        STRING_MAX_LENGTH if column.type == CustomFieldType.STRING else TEXT_MAX_LENGTH
    )


def _read_text(column: CustomField, raw, out: Problems):
    if isinstance(raw, bool | dict | list):
        _refuse(out, column, "is.invalid", _("“%(name)s” must be text."))
        return None
    text = str(raw).strip()
    if "\0" in text:  # as every other text field: a NUL ends a text for some readers
        _refuse(out, column, "contains.nul", _("“%(name)s” holds a NUL character."))
        return None
    limit = text_limit(column)
    if len(text) > limit:
        _refuse(
            out,
            column,
            "exceeds.max.length",
            TEXT_TOO_LONG,
            None,
            (limit,),
            limit=limit,
        )
        return None
    if not regexes.conforms(column.regex, text):
        _refuse(
            out,
            column,
            "does.not.match.regex",
            _("“%(name)s” does not have the format the institution requires."),
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
    low, high = column.minimum, column.maximum
    if low is not None and number < low:
        shown = f"{low.normalize():f}"
        message = _("“%(name)s” cannot be less than %(minimum)s.")
        _refuse(out, column, "is.less.than.min.value", message, number, (shown,), minimum=shown)
        return False
    if high is not None and number > high:
        shown = f"{high.normalize():f}"
        message = _("“%(name)s” cannot be more than %(maximum)s.")
        _refuse(out, column, "is.greater.than.max.value", message, number, (shown,), maximum=shown)
        return False
    return True


def _read_number(column: CustomField, raw, out: Problems, locale: str | None):
    try:
        number = parse_number(raw, locale)
    except (InvalidOperation, ValueError):
        if column.type == CustomFieldType.NUMBER:
            message = _("“%(name)s” must be a whole number.")
        else:
            message = _("“%(name)s” must be a number.")
        _refuse(out, column, "is.not.a.number", message, raw)
        return None
    if column.type == CustomFieldType.NUMBER:
        if number != number.to_integral_value():
            _refuse(out, column, "not.a.whole.number", _("“%(name)s” must be a whole number."), raw)
            return None
        if abs(number) > NUMBER_LIMIT:
            _refuse(out, column, "is.out.of.range", _("“%(name)s” is too large."), raw)
            return None
        if not _check_bounds(column, number, out):
            return None
        return int(number)
    if abs(number) >= DECIMAL_LIMIT:
        _refuse(out, column, "is.out.of.range", _("“%(name)s” is too large."), raw)
        return None
    if -number.as_tuple().exponent > DECIMAL_PLACES:
        rounded = number.quantize(Decimal(1).scaleb(-DECIMAL_PLACES))
        if rounded != number:
            _refuse(
                out,
                column,
                "exceeds.max.decimal.places",
                _("“%(name)s” can have at most %(decimal_places)s decimal places."),
                raw,
                (DECIMAL_PLACES,),
                decimal_places=DECIMAL_PLACES,
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
    _refuse(out, column, "is.invalid", _("“%(name)s” must be true or false."), raw)
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
        _refuse(
            out,
            column,
            "is.invalid",
            _("“%(name)s” must be the id of a value of the list “%(code)s”."),
            raw,
            code=column.code.label,
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
                _("“%(key)s” is not a column of the datatable “%(name)s”.")
                % {"key": echoed(key), "name": table.name},
                None,
                (key,),
            )
            continue
        if name in typed or name in wanted_codes:
            out.add(
                name,
                "is.duplicated",
                _("“%(name)s” is given twice.") % {"name": name},
            )
            continue
        if is_blank(value):
            if column.mandatory:
                out.add(
                    name,
                    "cannot.be.blank",
                    _("“%(name)s” is required.") % {"name": name},
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
        allowed = active_code_values({columns[name].code_id for name in wanted_codes})
        for name, value_id in wanted_codes.items():
            column = columns[name]
            if value_id in allowed.get(column.code_id, ()):
                typed[name] = value_id
            else:
                out.add(
                    name,
                    "invalid.code.value",
                    _("%(value_id)s is not an active value of the list “%(name)s”.")
                    % {"value_id": value_id, "name": column.code.label},
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
                _refuse(out, column, "cannot.be.blank", _("“%(name)s” is required."))
    return typed
