"""Query-string parameters: typed, bounded, and refused clearly when malformed."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter

from mteja.core.errors import ParameterError, ValidationFailed
from mteja.core.paging import Listing, Order
from mteja.core.wire import ISO_SHAPE, not_a_real_date

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def _bad(param: str, rule: str, message: str, value, resource: str = "") -> ValidationFailed:
    code = (
        f"validation.msg.{resource}.{param}.{rule}"
        if resource
        else (f"validation.msg.{param}.{rule}")
    )
    return ValidationFailed([ParameterError(code, param, message, value)])


MAX_QUERY_INT = 2**62
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def ascii_digits(text: str) -> bool:
    """Whether `text` is ASCII digits alone, as an id in a query or a header is written:
    `str.isdigit()` also takes other scripts' digits (١, which int() reads as 1) and
    superscripts (², which int() refuses: a 500)."""
    return text.isascii() and text.isdigit()


def int_parameter(
    name: str, minimum: int = 0, maximum: int = MAX_QUERY_INT, **kwargs
) -> OpenApiParameter:
    """The OpenAPI description of a whole-number query parameter read by `query_int` with the
    same bounds."""
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    return OpenApiParameter(name, schema, **kwargs)


def query_int(params, name: str, *, minimum: int = 0, maximum: int = MAX_QUERY_INT) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    # ASCII digits only, maybe after a minus: Python's int() also reads other scripts'
    # digits (١, １), spaces, a plus and underscores, which took `importDocumentId=١` as 1.
    text = str(raw) if isinstance(raw, int) else raw  # (a web filter's value may be one)
    try:
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValueError(raw)
        # Past 30 digits, out of any range (and, past 4,300, of what int() reads).
        value = int(text) if len(text) <= 30 else maximum + 1
    except (TypeError, ValueError):
        raise _bad(
            name,
            "not.a.number",
            _("“%(name)s” must be a whole number.")
            % {
                "name": name,
            },
            raw,
        ) from None
    if not minimum <= value <= maximum:
        raise _bad(
            name,
            "out.of.range",
            _("“%(name)s” must be between %(minimum)s and %(maximum)s.")
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
        _("“%(name)s” must be true or false.")
        % {
            "name": name,
        },
        raw,
    )


def query_date(params, name: str) -> datetime.date | None:
    """An ISO date (`2024-06-30`), None when absent; anything else is refused."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if not ISO_SHAPE.fullmatch(raw):
        return _not_a_date(name, raw)
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:  # written so, but no day of the calendar (2024-02-30)
        message = str(not_a_real_date(raw))
        raise _bad(name, "invalid.date.format", message, raw) from None


def _not_a_date(name: str, raw: str):
    message = _("“%(name)s” must be a date written yyyy-MM-dd.") % {"name": name}
    raise _bad(name, "invalid.date.format", message, raw[:40])


def query_choice(params, name: str, choices: dict[str, object], *, resource: str = ""):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    key = str(raw).lower()
    if key not in choices:
        raise _bad(
            name,
            "value.is.not.supported",
            _("“%(name)s” must be one of: %(values)s.")
            % {
                "name": name,
                "values": ", ".join(sorted(choices)),
            },
            raw,
            resource,
        )
    return choices[key]


def query_order(params, order_fields: dict[str, str], default_order: str = "id") -> Order:
    """`orderBy` (from the allow-list `order_fields`) and `sortOrder`, refused when malformed."""
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
    return Order(order_fields[order_key], descending=bool(query_descending(params)))


def query_descending(params) -> bool | None:
    """`sortOrder`: True for DESC, False for ASC (any case), None when not given."""
    sort = (params.get("sortOrder") or "").upper()
    if sort not in ("", "ASC", "DESC"):
        raise _bad(
            "sortOrder", "value.is.not.supported", _("`sortOrder` must be ASC or DESC."), sort
        )
    return {"": None, "ASC": False, "DESC": True}[sort]


def _offset(params, *, seek: bool) -> int:
    """`offset`, bounded: a far OFFSET reads every row before it. Further pages of a list
    that reads `afterId` (`seek`) are read by it, which costs the same at any depth; the
    refusal names it only there (another list would ignore it: its first page again)."""
    offset = query_int(params, "offset") or 0
    maximum = settings.MTEJA_API_MAX_OFFSET
    if offset > maximum:
        message = (
            _(
                "`offset` may be at most %(maximum)s. To read further, pass the id of the last "
                "record of the previous page as `afterId`, with the same orderBy and sortOrder."
            )
            if seek
            else _("`offset` may be at most %(maximum)s.")
        )
        raise _bad("offset", "exceeds.maximum", message % {"maximum": maximum}, offset)
    return offset


def total_records(listing: Listing) -> int:
    """Fineract's `totalFilteredRecords`, bounded: exact up to MTEJA_EXACT_COUNT_LIMIT; beyond,
    PostgreSQL's estimate of the whole table when the list is the whole table, otherwise the
    limit itself (every page a paginator then offers can be read by offset)."""
    limit = settings.MTEJA_EXACT_COUNT_LIMIT
    counted = listing.count(limit)
    if counted <= limit:
        return counted
    estimate = listing.estimate()
    return estimate if estimate is not None and estimate > limit else limit


def paging_parameters(order_fields: dict[str, str]) -> list[OpenApiParameter]:
    """The OpenAPI description of the parameters `page` reads, with the bounds it enforces."""
    return [
        *offset_and_limit_parameters(seek=True),
        int_parameter(
            "afterId",
            1,
            description="Mteja: seek paging. The rows after the record with this id in the "
            "order asked for (orderBy and sortOrder, ties broken by id): pass the last id of the "
            "page before. Costs the same at any depth.",
        ),
        OpenApiParameter("orderBy", str, enum=sorted(order_fields)),
        OpenApiParameter("sortOrder", str, enum=["ASC", "DESC"]),
    ]


def offset_and_limit_parameters(*, seek: bool = False) -> list[OpenApiParameter]:
    """The OpenAPI description of the parameters `offset_and_limit` reads."""
    beyond = "a 400 asks for `afterId`" if seek else "a 400"
    return [
        int_parameter(
            "offset",
            0,
            settings.MTEJA_API_MAX_OFFSET,
            description=f"Rows to skip; beyond the maximum, {beyond}.",
        ),
        int_parameter("limit", 0),
    ]


def offset_and_limit(
    params, *, default_limit: int, most: int, seek: bool = False
) -> tuple[int, int]:
    """`offset` (bounded) and `limit` (`default_limit` when absent or 0, `most` at most),
    each refused when malformed, as every list of the API reads them; `seek`: the list reads
    `afterId` too."""
    offset = _offset(params, seek=seek)
    limit = query_int(params, "limit", minimum=0) or default_limit
    return offset, min(limit, most)


def paging(
    params, order_fields: dict[str, str], default_order: str = "id"
) -> tuple[Order, int, int | None, int]:
    """What `page` reads, each refused when malformed: the order, the offset, `afterId` and
    the page size (with its default and ceiling)."""
    order = query_order(params, order_fields, default_order)
    offset, limit = offset_and_limit(
        params,
        default_limit=settings.MTEJA_API_DEFAULT_PAGE_SIZE,
        most=settings.MTEJA_API_MAX_PAGE_SIZE,
        seek=True,
    )
    after_id = query_int(params, "afterId", minimum=1)
    return order, offset, after_id, limit


def page(params, rows, *, order_fields: dict[str, str], default_order: str = "id"):
    """Applies orderBy/sortOrder (from an allow-list), then `afterId` (seek: the rows after
    that record in this order) and offset/limit. `rows` is a QuerySet or a core.paging Listing.

    Returns (total, items): the total is bounded (`total_records`), the page size has a default
    and a ceiling and the offset a ceiling, so no request reads a million rows."""
    listing = rows if isinstance(rows, Listing) else Listing.of(rows)
    order, offset, after_id, limit = paging(params, order_fields, default_order)
    after = None
    if after_id is not None:
        after = listing.anchor(order, after_id)
        if after is None:
            raise _bad(
                "afterId",
                "not.found",
                _("`afterId` must be the id of a record you can see."),
                after_id,
            )
    total = total_records(listing)
    return total, listing.page(order, offset, limit, after)
