"""Paging of every list: the page the query string asks for (the last one when it asks for a
page past the end), and what the list tells of its size ("Page 2 of 50 · 1,234 clients")."""

from __future__ import annotations

import math

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext_lazy
from django_tables2.paginators import LazyPaginator

PER_PAGE = 25

# What a list counts, when its table does not say (`MtejaTable.counted`): "%(total)s" is the
# number as the user's language writes it, "count" picks the plural.
RECORDS = ngettext_lazy("%(total)s record", "%(total)s records", "count")


def configure(
    request, table: tables.Table, *, lazy: bool = False, total: int | None = None,
    beyond: int | None = None,
) -> tables.Table:  # fmt: skip
    """Sorts and paginates `table` from the query string (`sort`, `page`).

    `lazy` pages without counting every row: for tables that grow without bound. Such a list
    may know its `total` (counted no further than a bound; `beyond` is that bound when there
    were more rows). A page past the end shows the last page: known from the total, or, for
    that exceptional request only, from a count."""
    paginate = {"per_page": PER_PAGE}
    if lazy:
        paginate["paginator_class"] = LazyPaginator
    config = tables.RequestConfig(request, paginate={**paginate, "silent": False})
    try:
        config.configure(table)
    except PageNotAnInteger:
        table.paginate(**paginate, page=1)
    except EmptyPage:
        if not lazy:
            last = table.paginator.num_pages
        else:
            rows = total if total is not None and beyond is None else len(table.data)
            last = max(1, math.ceil(rows / table.paginator.per_page))
        table.paginate(**paginate, page=last)
    if lazy and total is not None and beyond is None:
        # A short lazy list whose page past the end LazyPaginator did not notice (it reads
        # one row ahead).
        last = max(1, math.ceil(total / table.paginator.per_page))
        if table.page.number > last:
            table.paginate(**paginate, page=last)
    if not lazy:
        total = table.paginator.count
    table.total, table.beyond = total, beyond
    return table


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def counted(table, number: int) -> str:
    """ "1,234 clients", with the table's own noun."""
    phrase = getattr(table, "counted", None) or RECORDS
    return phrase % {"count": number, "total": _number(number)}


def paging_summary(table) -> dict[str, str]:
    """What the list says of its size: `page` ("Page 2 of 50", "Page 2" when the number of
    pages is unknown) and `total` ("1,234 clients", "more than 10,000 clients", or "")."""
    number = table.page.number
    total, beyond = getattr(table, "total", None), getattr(table, "beyond", None)
    if total is not None and beyond is None:
        pages = max(1, math.ceil(total / table.paginator.per_page))
        page = gettext("Page %(number)s of %(pages)s") % {
            "number": _number(number),
            "pages": _number(pages),
        }
        return {"page": page, "total": counted(table, total)}
    page = gettext("Page %(number)s") % {"number": _number(number)}
    if beyond is not None:
        return {"page": page, "total": gettext("more than %(count)s") % {
            "count": counted(table, beyond)}}  # fmt: skip
    return {"page": page, "total": ""}
