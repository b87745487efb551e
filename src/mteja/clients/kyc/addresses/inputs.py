"""What a caller gives to record or change an address, and the one path every caller's input
takes: the API and the `address` array of a new client read their JSON with `read_address`,
the web form builds an `AddressInput` from its fields; `check_address` then checks any of
them against the institution's field configuration the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.kyc.addresses.fields import (
    ADDRESS_TYPE_CODE,
    ADDRESS_TYPE_FIELD,
    CODE,
    COORDINATE,
    COORDINATE_STEP,
    FIELD_ALIASES,
    FIELD_BY_KEY,
    FIELD_BY_PARAM,
    FIELDS,
    MAX_ID,
    TEXT,
    TYPE_PARAM,
    FieldRule,
)
from mteja.clients.kyc.inputs import UNSET, GivenFields, refuse_parameter
from mteja.clients.models import ClientAddress
from mteja.core import storable_text
from mteja.core.errors import ParameterError, Problems


@dataclass(frozen=True)
class AddressInput(GivenFields):
    """An address as a caller gives it, by model field name (code lists as `<name>_id`);
    UNSET fields are not given. `read_problems` are the problems found while reading the
    caller's JSON, reported with the service's own so that every problem comes back at once.
    Its address fields are in FIELD_BY_KEY's order, the order `check_address` tells them in.
    """

    address_type_id: int | None = UNSET
    street: str = UNSET
    address_line_1: str = UNSET
    address_line_2: str = UNSET
    address_line_3: str = UNSET
    town_village: str = UNSET
    city: str = UNSET
    county_district: str = UNSET
    state_province_id: int | None = UNSET
    country_id: int | None = UNSET
    postal_code: str = UNSET
    latitude: Decimal | None = UNSET
    longitude: Decimal | None = UNSET
    is_active: bool = UNSET
    read_problems: tuple[ParameterError, ...] = ()
    # Fineract's reading of a new address over its API: inactive unless `isActive` says so.
    inactive_unless_said: bool = False

    def values(self) -> dict[str, Any]:
        """The address fields given (the type and the problems aside)."""
        given = self.given()
        return {key: given[key] for key in FIELD_BY_KEY if key in given}


# --- reading JSON by API name ---------------------------------------------------------------


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_code_id(raw, param: str, problems: Problems) -> int | None:
    if _is_blank(raw):
        return None
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
        problems.add(param, "is.invalid", _("The value must be the id of a code value."), raw)
        return UNSET
    return int(text)


def _read_coordinate(raw, param: str, problems: Problems):
    if _is_blank(raw):
        return None
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
            raise InvalidOperation
        number = Decimal(str(raw).strip())
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        name = param.rsplit(".", 1)[-1]
        message = _("The address field %(name)s must be a number.") % {"name": name}
        problems.add(param, "is.invalid", message, raw)
        return UNSET
    return number


def _read_flag(raw, param: str, problems: Problems):
    if _is_blank(raw):
        return UNSET  # no answer: the default stands
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    message = _("The address field %(name)s must be true or false.") % {"name": "isActive"}
    problems.add(param, "is.invalid", message, raw)
    return UNSET


def read_address(
    raw: dict[str, Any],
    *,
    prefix: str = "",
    ignore: frozenset[str] = frozenset(),
    new: bool = False,
) -> AddressInput:
    """An `AddressInput` from a JSON object by API name (`addressTypeId` included); values
    of the wrong shape are left out, with a problem each in `read_problems`. A `new` address
    whose body does not say `isActive` is inactive (see `check_address`)."""
    problems = Problems(resource="address")
    values: dict[str, Any] = {}
    for name, value in raw.items():
        param = f"{prefix}{name}"
        if name in ignore:
            continue
        if name == TYPE_PARAM:
            values["address_type_id"] = _read_code_id(value, param, problems)
            continue
        if name == ADDRESS_TYPE_FIELD:
            # The configuration's name of the type, which Fineract accepts and ignores (the
            # web-app's forms send it): the type is `addressTypeId` or the `type` parameter.
            continue
        field = FIELD_BY_PARAM.get(name) or FIELD_ALIASES.get(name)
        if field is None:
            refuse_parameter(problems, param, name)
            continue
        if field.kind == TEXT:
            if isinstance(value, bool | dict | list):
                message = _("The address field %(name)s must be text.") % {"name": name}
                problems.add(param, "is.invalid", message, None)
                continue
            values[field.key] = "" if value is None else str(value)
        elif field.kind == CODE:
            values[field.key] = _read_code_id(value, param, problems)
        elif field.kind == COORDINATE:
            values[field.key] = _read_coordinate(value, param, problems)
        else:
            values[field.key] = _read_flag(value, param, problems)
    return AddressInput(read_problems=tuple(problems.invalid), inactive_unless_said=new, **values)


# --- checking an input against the configuration --------------------------------------------


def _text_of(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


TEXT_TOO_LONG = gettext_lazy("The address field %(name)s can have at most %(limit)s characters.")


@cache
def text_limit(field) -> int:
    """The most characters a text field takes (its column's), read once a field."""
    return ClientAddress._meta.get_field(field.attr).max_length


def _check_value(field, value, param: str, problems: Problems):
    """The value as stored, or UNSET (with a problem added) when it breaks a limit."""
    if field.kind == TEXT:
        text = " ".join(value.split())
        refused = storable_text.refusal(text)
        if refused is not None:
            problems.add(param, *refused)
            return UNSET
        limit = text_limit(field)
        if len(text) > limit:
            problems.add(
                param,
                "exceeds.max.length",
                TEXT_TOO_LONG % {"name": field.param, "limit": limit},
                text,
                (limit,),
            )
            return UNSET
        return text
    if field.kind == COORDINATE and value is not None:
        if not -field.bound <= value <= field.bound:
            message = _("The address field %(name)s must be between %(low)s and %(high)s.") % {
                "name": field.param,
                "low": -field.bound,
                "high": field.bound,
            }
            problems.add(
                param,
                "is.not.within.expected.range",
                message,
                _text_of(value),
                (-field.bound, field.bound),
            )
            return UNSET
        return value.quantize(COORDINATE_STEP, rounding=ROUND_HALF_EVEN)
    return value


def _required(name: str) -> str:
    return _("The address field %(name)s is required.") % {"name": name}


def check_address(
    data: AddressInput,
    problems: Problems,
    *,
    rules: dict[str, FieldRule],
    creating: bool,
    prefix: str = "",
) -> dict[str, Any]:
    """Checks the fields `data` gives against the field configuration; returns
    `{field: value}` (AddressInput names, code ids still to be resolved) of those well formed.
    A new address must give the type and every mandatory field."""
    for error in data.read_problems:
        problems.invalid.append(error)
    values: dict[str, Any] = {}
    given = data.given()  # (read once: the fields, then the mandatory ones)
    for key, value in given.items():  # (in FIELD_BY_KEY's order, the dataclass's)
        field = FIELD_BY_KEY.get(key)
        if field is None:  # the type, the problems read
            continue
        param = f"{prefix}{field.param}"
        rule = rules[field.param]
        if value is UNSET or problems.has(param):
            continue
        if not rule.enabled:
            problems.add(
                param,
                "error.msg.parameter.unsupported",
                _("The address field %(name)s is switched off by the institution.")
                % {"name": field.param},
                None,
                (field.param,),
            )
            continue
        if _is_blank(value) and rule.mandatory:
            problems.add(param, "cannot.be.blank", _required(field.param))
            continue
        checked = _check_value(field, value, param, problems)
        if checked is UNSET:
            continue
        # The format applies to the value as given (a coordinate before its rounding).
        text = _text_of(checked if field.kind == TEXT else value)
        if rule.regex and not _is_blank(value) and not rule.matches(text):
            problems.add(
                param,
                "does.not.match.regex",
                _("The address field %(name)s does not have the format the institution requires.")
                % {"name": field.param},
                text,
                (rule.regex,),
            )
            continue
        values[key] = checked
    if creating:
        for field in FIELDS:
            rule = rules[field.param]
            if rule.enabled and rule.mandatory and field.key not in given:
                problems.add(
                    f"{prefix}{field.param}",
                    "cannot.be.blank",
                    _required(field.param),
                )
        if data.inactive_unless_said and "is_active" not in given and rules["isActive"].enabled:
            # As Fineract's AddressWritePlatformServiceImpl: absent `isActive` is false, so a
            # new address never silently takes the place of the client's active one of its
            # type. A switched-off `isActive` cannot be said: the model's default stands.
            values["is_active"] = False
    return values


def type_id_of(data: AddressInput, problems: Problems, *, prefix: str = "") -> int | None:
    """The address type `data` gives; a problem when it gives none (or a blank one)."""
    param = f"{prefix}{TYPE_PARAM}"
    type_id = data.address_type_id
    if not type_id and not problems.has(param):
        problems.add(param, "cannot.be.blank", _("The address type is required."))
    return type_id or None


def code_wanted(values: dict[str, Any], prefix: str = "") -> dict[str, tuple[str, str, int | None]]:
    """The code values of `values` to resolve, for `validation.resolve_code_values`."""
    return {
        field.attr: (field.code, f"{prefix}{field.param}", values[field.key])
        for field in _CODE_FIELDS
        if field.key in values
    }


_CODE_FIELDS = tuple(field for field in FIELDS if field.kind == CODE)  # (listed once)


def type_wanted(type_id: int, prefix: str = "") -> tuple[str, str, int]:
    return (ADDRESS_TYPE_CODE, f"{prefix}{TYPE_PARAM}", type_id)
