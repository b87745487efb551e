"""Query-string parameters: typed, bounded, and refused clearly when malformed."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from mteja.core.errors import ParameterError, ValidationFailed

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def _bad(param: str, rule: str, message: str, value, resource: str = "") -> ValidationFailed:
    code = (
        f"validation.msg.{resource}.{param}.{rule}"
        if resource
        else (f"validation.msg.{param}.{rule}")
    )
    return ValidationFailed([ParameterError(code, param, message, value)])


def query_int(params, name: str, *, minimum: int = 0, maximum: int = 2**62) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _bad(
            name,
            "not.a.number",
            _("`%(name)s` must be a whole number.")
            % {
                "name": name,
            },
            raw,
        ) from None
    if not minimum <= value <= maximum:
        raise _bad(
            name,
            "out.of.range",
            _("`%(name)s` must be between %(minimum)s and %(maximum)s.")
            % {
                "name": name,
                "minimum": minimum,
                "maximum": maximum,
            },
            raw,
        )
    return value


def query_bool(params, name: str) -> bool | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    lowered = str(raw).lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _bad(
        name,
        "not.a.boolean",
        _("`%(name)s` must be true or false.")
        % {
            "name": name,
        },
        raw,
    )


def query_choice(params, name: str, choices: dict[str, object], *, resource: str = ""):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    key = str(raw).lower()
    if key not in choices:
        raise _bad(
            name,
            "value.is.not.supported",
            _("`%(name)s` must be one of: %(values)s.")
            % {
                "name": name,
                "values": ", ".join(sorted(choices)),
            },
            raw,
            resource,
        )
    return choices[key]


def page(params, queryset, *, order_fields: dict[str, str], default_order: str = "id"):
    """Applies orderBy/sortOrder (from an allow-list) and offset/limit.

    Returns (total, items). The page size has a default and a ceiling, so no request can ask
    for a million rows at once.
    """
    order_key = params.get("orderBy") or default_order
    if order_key not in order_fields:
        raise _bad(
            "orderBy",
            "value.is.not.supported",
            _("`orderBy` must be one of: %(values)s.")
            % {
                "values": ", ".join(sorted(order_fields)),
            },
            order_key,
        )
    sort = (params.get("sortOrder") or "ASC").upper()
    if sort not in ("ASC", "DESC"):
        raise _bad(
            "sortOrder", "value.is.not.supported", _("`sortOrder` must be ASC or DESC."), sort
        )
    column = order_fields[order_key]
    ordering = [f"-{column}" if sort == "DESC" else column]
    if column != "id":
        ordering.append("-id" if sort == "DESC" else "id")
    offset = query_int(params, "offset") or 0
    limit = query_int(params, "limit", minimum=0)
    if not limit:
        limit = settings.MTEJA_API_DEFAULT_PAGE_SIZE
    limit = min(limit, settings.MTEJA_API_MAX_PAGE_SIZE)
    total = queryset.count()
    items = list(queryset.order_by(*ordering)[offset : offset + limit])
    return total, items
