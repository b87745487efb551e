"""Tables of every list page: one look, one pagination, sorting by the column headers."""

from __future__ import annotations

import datetime
import re

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tables2.paginators import LazyPaginator

from mteja.core.models import AuditEvent
from mteja.core.web.labels import action_label, entity_label

PER_PAGE = 25
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class MtejaTable(tables.Table):
    class Meta:
        template_name = "core/table.html"
        # Sorting and paging swap only the results (see core/results.html); row links
        # stay plain links.
        attrs = {"class": "striped listing", "thead": {"hx-boost": "true"}}
        empty_text = _("Nothing to show.")


def configure(request, table: tables.Table, *, lazy: bool = False) -> tables.Table:
    """Sorts and paginates `table` from the query string (`sort`, `page`).

    `lazy` pages without counting every row: for tables that grow without bound."""
    paginate = {"per_page": PER_PAGE}
    if lazy:
        paginate["paginator_class"] = LazyPaginator
    tables.RequestConfig(request, paginate=paginate).configure(table)
    table.count_known = not lazy
    return table


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
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def _shown(value) -> str | None:
    return None if value is None or value == "" else _plain(value)


def change_rows(changes) -> list[tuple[str, str | None, str | None]]:
    """An audit event's `{field: [old, new]}` as (field, old, new) for display; None stands
    for "no value" (a field set on creation has no old value, a deleted one no new value)."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, change in sorted(changes.items()):
        if isinstance(change, list | tuple) and len(change) == 2:
            rows.append((field, _shown(change[0]), _shown(change[1])))
        else:
            rows.append((field, None, _shown(change)))
    return rows


class AuditEventTable(MtejaTable):
    made_on = tables.DateTimeColumn(
        verbose_name=_("When"), orderable=False, attrs={"td": {"class": "nowrap"}}
    )
    maker_username = tables.Column(verbose_name=_("User"), orderable=False)
    action_name = tables.Column(verbose_name=_("Action"), orderable=False)
    entity_name = tables.Column(verbose_name=_("Entity"), orderable=False)
    resource_id = tables.Column(verbose_name=_("Record"), orderable=False, localize=False)
    office = tables.Column(verbose_name=_("Office"), orderable=False)
    changes = tables.Column(verbose_name=_("Changes"), orderable=False)

    class Meta(MtejaTable.Meta):
        model = AuditEvent
        fields = (
            "made_on",
            "maker_username",
            "action_name",
            "entity_name",
            "resource_id",
            "office",
            "changes",
        )
        empty_text = _("No events match these filters.")

    def render_action_name(self, value):
        return action_label(value)

    def render_entity_name(self, value):
        return entity_label(value)

    def render_changes(self, value):
        rows = change_rows(value)
        if not rows:
            return "—"
        return render_to_string("core/changes.html", {"rows": rows})
