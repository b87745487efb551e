"""Tables of every list page: one look, one pagination, sorting by the column headers."""

from __future__ import annotations

import datetime
import functools
import re

import django_tables2 as tables
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tables2 import utils as tables_utils
from django_tables2.columns import library

from mteja.core.web.labels import key_label, key_order
from mteja.core.web.pagination import PER_PAGE, configure, paging_summary  # noqa: F401

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- Cells without per-cell overhead ---------------------------------------------------------
# django-tables2 asks `inspect.signature` which arguments a cell's render method, linkify
# callable or value method takes, for every cell; the answer never changes for a function, so
# it is remembered (bound methods by their function: a table's methods are bound anew for
# each table). Bounded, for callables made per request.
_signature = tables_utils.signature


@functools.lru_cache(maxsize=2048)
def _remembered_signature(target, bound: bool):
    args, keywords = _signature(target)
    return (args[1:] if bound and args else args), keywords


def _cheap_signature(fn):
    target = getattr(fn, "__func__", None)
    if target is None:
        try:
            return _remembered_signature(fn, False)
        except TypeError:  # an unhashable callable
            return _signature(fn)
    return _remembered_signature(target, True)


tables_utils.signature = _cheap_signature


@library.register
class DateColumn(tables.Column):
    """A date as the user's language writes it (short by default). django-tables2's own
    DateColumn compiles a template for every cell."""

    def __init__(self, format: str | None = None, short: bool = True, **kwargs):
        self.format = format or ("SHORT_DATE_FORMAT" if short else "DATE_FORMAT")
        super().__init__(**kwargs)

    def render(self, value):
        return date_format(value, self.format)

    def value(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None


@library.register
class DateTimeColumn(DateColumn):
    """A moment in the user's time zone, as their language writes it (short by default)."""

    def __init__(self, format: str | None = None, short: bool = True, **kwargs):
        format = format or ("SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT")
        super().__init__(format=format, **kwargs)

    def render(self, value):
        return date_format(template_localtime(value), self.format)

    def value(self, value):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value

    @classmethod
    def from_field(cls, field, **kwargs):
        return cls(**kwargs) if isinstance(field, models.DateTimeField) else None


_PK_MARK = 918273645  # stands for the record's id in a reversed URL


def record_url(table: tables.Table, url_name: str, pk) -> str:
    """The page `url_name` of record `pk` (the URL's one argument): reversed once per table,
    the id filled in per row."""
    patterns = table.__dict__.setdefault("_record_links", {})
    if url_name not in patterns:
        patterns[url_name] = reverse(url_name, args=[_PK_MARK]).replace(str(_PK_MARK), "{}")
    return patterns[url_name].format(pk)


def record_link(url_name: str):
    """A column's `linkify`: the page `url_name` of the row's record."""
    return lambda record, table: record_url(table, url_name, record.pk)


class RecordLinkColumn(tables.Column):
    """A cell that links to the page `url_name` of the row's record: `linkify` without
    django-tables2's per-cell attribute machinery (for the long lists)."""

    def __init__(self, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__(**kwargs)

    def render(self, value, record, table):
        return format_html(
            '<a href="{}">{}</a>', record_url(table, self.url_name, record.pk), value
        )


def _cell_html(cell, localize: bool | None) -> str:
    """A cell's value as `{{ cell }}`, `{{ cell|localize }}` or `{{ cell|unlocalize }}` print
    it: localised (dates in the user's time zone), escaped unless already safe."""
    if localize is False:
        return conditional_escape(str(formats.localize(cell, use_l10n=False)))
    return conditional_escape(str(formats.localize(template_localtime(cell))))


class MtejaTable(tables.Table):
    class Meta:
        template_name = "core/table.html"
        # Sorting and paging swap only the results (see core/results.html); row links
        # stay plain links.
        attrs = {"class": "striped listing cards", "thead": {"hx-boost": "true"}}
        empty_text = _("Nothing to show.")

    # "1,234 clients": an ngettext_lazy of "%(total)s …" pluralised by "count"
    # (core.web.pagination.RECORDS when None).
    counted = None

    @property
    def paging(self) -> dict[str, str]:
        return paging_summary(self)

    def body_rows(self) -> str:
        """The `<tr>`s of the shown page. django-tables2's template resolves every cell's
        attributes and localisation through the template engine, most of a list page's
        time; written here, the same HTML costs a fraction. A column's `td` attributes are
        worked out once unless they depend on the row (a callable)."""
        columns = list(self.columns)  # django-tables2 looks each cell's column up by name
        # Each cell names its column: on a phone a row is a card of labelled values.
        labels = {c.name: conditional_escape(str(c.header)) for c in columns}
        fixed: dict[str, str] = {}
        # The rows' own attributes differ only by "even" and "odd" unless they depend on
        # the record.
        by_parity = not any(callable(value) for value in self.row_attrs.values())
        parity: dict[str, str] = {}
        rows = []
        for row in self.paginated_rows:
            cells = []
            for column in columns:
                # BoundRow.items() and .get_cell(), less the look-up: the value a callable
                # attribute may ask for, the cell.
                cell = row._get_and_render_with(
                    column, render_func=row._call_render, default=column.default
                )
                column.current_value, column.current_record = cell, row.record
                td = fixed.get(column.name)
                if td is None:
                    td = column.attrs["td"].as_html()
                    declared = {
                        **column.column.attrs.get("cell", {}),
                        **column.column.attrs.get("td", {}),
                    }
                    if not any(callable(value) for value in declared.values()):
                        fixed[column.name] = td
                label = labels[column.name]
                cells.append(
                    f'<td {td} data-label="{label}">{_cell_html(cell, column.localize)}</td>'
                )
            if by_parity:
                key = row.get_even_odd_css_class()
                if key not in parity:
                    parity[key] = row.attrs.as_html()
                tr = parity[key]
            else:
                tr = row.attrs.as_html()
            rows.append(f"<tr {tr}>{''.join(cells)}</tr>")
        if not rows and self.empty_text:
            rows.append(
                format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text)
            )
        return mark_safe("\n".join(rows))  # noqa: S308 (each part escaped above)


def _plain(value) -> str:
    """A value of the audit journal (JSON) as the user's locale writes it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float):
        return number_format(value)
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value) or "—"
    if isinstance(value, dict):  # an export's filters, an import's outcomes
        pair = gettext("%(name)s: %(value)s")
        ordered = sorted(value.items(), key=lambda item: key_order(item[0]))
        shown = (pair % {"name": key_label(k) or k, "value": _plain(v)} for k, v in ordered)
        return ", ".join(shown) or "—"
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return str(value)
