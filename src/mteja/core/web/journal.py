"""The audit journal as people read it: "Office: Kibera → Mombasa", not `office_id 4 → 6`.

The journal keeps what Fineract keeps (column names, ids, codes) and the API returns it so;
pages read it through here. A changed field is named by its model field's label (from the
entity's declaration, core/declarations.py); a reference (office, officer, code value, user…)
by the name of the row it points to, read for a whole page at once: one query per kind of
row referenced, none for the rows this worker keeps (core/reference_cache.py), and only rows
the reader may see (a client of another office is not named). Choices show their labels,
code values their translated names (organisation/code_labels.py).

The record an event is about links to its page: apps say which page shows each entity
(`RECORD_PAGES`, filled in their `ready()`), e.g. a client's identity document → the client.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import django_tables2 as tables
from django.db import DEFAULT_DB_ALIAS, models
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from mteja.core import filter_values, reference_cache
from mteja.core.declarations import REGISTRY, Declaration
from mteja.core.filter_values import FILTER_NAMES
from mteja.core.models import AuditEvent
from mteja.core.web.labels import action_label, entity_label, key_label
from mteja.core.web.tables import DateTimeColumn, MtejaTable
from mteja.core.web.tables import _plain as plain_value


@dataclass(frozen=True)
class RecordPage:
    """The page of an entity's record: `url_name` taking the pk of `model`, which the event
    holds in `key` (its own `resource_id`, or the `client_id` of a client's part); without
    `url_name` the record is named but not linked."""

    model: type[models.Model]
    url_name: str | None
    key: str = "resource_id"


RECORD_PAGES: dict[str, RecordPage] = {}
# {(entity, change's key): the entity of the records the change lists}: a client's CREATE
# event holds the snapshots of the addresses created with it, each shown as an ADDRESS
# event's fields are. Apps fill it in their `ready()`.
LISTED_RECORDS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class DefinedFields:
    """The fields an event's changes name when a definition of the institution's declares
    them, not a model (a custom table's entry: the table's columns): their labels, and the
    model whose keys a reference's values are (a drop-down's code values)."""

    labels: dict[str, str]
    references: dict[str, type[models.Model]]


# {entity: reads, in a query at most, the defined fields of those of a page's events it
# knows, by the events' ids}. Apps fill it in their `ready()`.
DEFINED_FIELDS: dict[str, Callable[[list[AuditEvent]], dict[int, DefinedFields]]] = {}
# {entity: its FilterSet}: an export's `filters` are its parameters, shown as people read
# them (core/filter_values.py). Apps fill it in their `ready()`.
FILTERSETS: dict[str, type] = {}
MAKER_MODEL = AuditEvent._meta.get_field("maker").related_model


@functools.cache
def _declarations() -> dict[str, Declaration]:
    parts = {id(part) for declaration in REGISTRY.values() for part in declaration.parts.values()}
    return {d.entity: d for d in REGISTRY.values() if id(d) not in parts}


def declaration_for(entity: str) -> Declaration | None:
    return _declarations().get(entity)


def _field(entity: str, path: str) -> models.Field | None:
    """The model field a journal key names (`office_id`, `non_person.incorp_no`)."""
    declaration = declaration_for(entity)
    if declaration is None:
        return None
    resolved = declaration._resolve(path.removesuffix("_id")) or declaration._resolve(path)
    return resolved[1] if resolved else None


def field_label(entity: str, path: str) -> str:
    """The label people know a journal key by; an unknown key made readable."""
    listed = LISTED_RECORDS.get((entity, path))
    if listed is not None:  # the records of another entity: named as it is
        return entity_label(listed)
    model_field = _field(entity, path)
    if model_field is None:
        readable = capfirst(path.rpartition(".")[2].removesuffix("_id").replace("_", " "))
        return key_label(path) or readable
    return capfirst(str(model_field.verbose_name))


def row_name(row: models.Model) -> str:
    """A referenced row as pages name it: a code value or list by its translated label, a
    user by their full name."""
    full_name = getattr(row, "get_full_name", None)
    return str(getattr(row, "label", None) or (full_name and full_name()) or row)


def _names(model: type[models.Model], ids: set, user) -> dict:
    """`{pk: name}` of the rows `ids` of `model` that `user` may see, in one query at most."""
    rows = reference_cache.rows_by_pk(model, ids, DEFAULT_DB_ALIAS)
    if rows is None:
        manager = model._default_manager
        queryset = manager.restrict(user) if hasattr(manager, "restrict") else manager.all()
        rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return {pk: row_name(row) for pk, row in rows.items()}


class JournalPage:
    """A page of events, read for display: its changes with labels and names, and its records
    with their names and pages. Names are read once, for all the events given."""

    def __init__(self, events: Iterable[AuditEvent], user):
        self.events = list(events)
        self.defined = _defined_fields(self.events)
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for event in self.events:
            for path, change in (event.changes or {}).items():
                target = self._reference_model(event.entity_name, path, event)
                if target is not None:
                    wanted[target].update(_ids(change))
                listed = LISTED_RECORDS.get((event.entity_name, path))
                for record in _records(change) if listed else ():
                    for key, value in record.items():
                        if (target := _reference_model(listed, key)) is not None:
                            wanted[target].update(_ids(value))
            page = RECORD_PAGES.get(event.entity_name)
            if page is not None and getattr(event, page.key) is not None:
                wanted[page.model].add(getattr(event, page.key))
            if event.maker_id is not None:
                wanted[MAKER_MODEL].add(event.maker_id)
        self.names = {model: _names(model, ids, user) for model, ids in wanted.items() if ids}
        self.filter_names = filter_values.read_names(self._unnamed_filters(), user)

    def _unnamed_filters(self) -> dict:
        """The rows named by the filters of exports journalled before their names were kept
        with them: named now, for the reader."""
        wanted: dict = defaultdict(set)
        for event in self.events:
            changes = event.changes if isinstance(event.changes, dict) else {}
            filterset = FILTERSETS.get(event.entity_name)
            filters = changes.get("filters")
            if filterset and isinstance(filters, dict) and FILTER_NAMES not in changes:
                for ref, values in filter_values.names_to_read(filterset, [filters]).items():
                    wanted[ref] |= values
        return wanted

    def _filters(self, event: AuditEvent, filters: dict) -> str:
        """An export's filters as people read them: by their labels, each value worded."""
        kept = event.changes.get(FILTER_NAMES)
        words = filter_values.shown(
            FILTERSETS[event.entity_name],
            filters,
            kept if isinstance(kept, dict) else {},
            lambda ref, value: self.filter_names.get(ref, {}).get(value),
        )
        return plain_value(words)

    def _reference_model(self, entity: str, path: str, event: AuditEvent | None):
        fields = self.defined.get(event.pk) if event is not None else None
        if fields is not None:
            return fields.references.get(path)
        return _reference_model(entity, path)

    def label(self, entity: str, path: str, event: AuditEvent | None = None) -> str:
        """The label of a field `event` changed: as its definition names it
        (`DEFINED_FIELDS`), else as its model field."""
        fields = self.defined.get(event.pk) if event is not None else None
        label = fields.labels.get(path) if fields is not None else None
        return label or field_label(entity, path)

    def value(self, entity: str, path: str, value, event: AuditEvent | None = None) -> str | None:
        """One old or new value (of `event`'s changes) as people read it; None for "no
        value"."""
        if value is None or value == "":
            return None
        listed = LISTED_RECORDS.get((entity, path))
        if listed is not None and isinstance(value, list):
            return "; ".join(self._record(listed, item) for item in value) or None
        target = self._reference_model(entity, path, event)
        if target is not None:
            values = value if isinstance(value, list) else [value]
            known = self.names.get(target, {})
            return ", ".join(known.get(v) or _("a record no longer visible") for v in values)
        model_field = _field(entity, path)
        if model_field is not None and model_field.choices:
            label = dict(model_field.flatchoices).get(value)
            if label is not None:
                return str(label)
        return plain_value(value)

    def _record(self, entity: str, record) -> str:
        """A listed record (`LISTED_RECORDS`) as its fields read, in its model's order, blank
        ones left out."""
        if not isinstance(record, dict):
            return plain_value(record)
        pair = _("%(name)s: %(value)s")
        order = _field_order(entity)
        shown = []
        for key in sorted(record, key=lambda key: order.get(key, len(order))):
            value = self.value(entity, key, record[key])
            if value is not None:
                shown.append(pair % {"name": field_label(entity, key), "value": value})
        return ", ".join(shown) or "—"

    def changes(self, event: AuditEvent) -> list[tuple[str, str | None, str | None]]:
        """(label, old, new) of each change that shows a difference."""
        changes = event.changes if isinstance(event.changes, dict) else {}
        rows = []
        for path, change in changes.items():
            if path == FILTER_NAMES:
                continue  # shown with the filters
            if path == "filters" and isinstance(change, dict) and event.entity_name in FILTERSETS:
                rows.append(
                    (field_label(event.entity_name, path), None, self._filters(event, change))
                )
                continue
            pair = isinstance(change, list | tuple) and len(change) == 2
            old, new = change if pair else (None, change)
            entity = event.entity_name
            shown = (self.value(entity, path, old, event), self.value(entity, path, new, event))
            if shown[0] != shown[1]:
                rows.append((self.label(entity, path, event), *shown))
        return sorted(rows, key=lambda row: row[0])

    def maker(self, event: AuditEvent) -> str:
        return self.names.get(MAKER_MODEL, {}).get(event.maker_id) or event.maker_username

    def record(self, event: AuditEvent) -> tuple[str, str | None] | None:
        """(name, url) of the record (url None when it has no page), if the reader may see
        it."""
        page = RECORD_PAGES.get(event.entity_name)
        pk = getattr(event, page.key) if page else None
        name = self.names.get(page.model, {}).get(pk) if page else None
        if name is None:
            return None
        if page.url_name is None:
            return name, None
        try:
            return name, reverse(page.url_name, args=[pk])
        except NoReverseMatch:
            return None


def _reference_model(entity: str, path: str) -> type[models.Model] | None:
    model_field = _field(entity, path)
    if model_field is None or not model_field.is_relation:
        return None
    return model_field.related_model


def _defined_fields(events: list[AuditEvent]) -> dict[int, DefinedFields]:
    """{event id: its defined fields} of the events whose entity has them."""
    by_entity: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in events:
        if event.entity_name in DEFINED_FIELDS:
            by_entity[event.entity_name].append(event)
    found: dict[int, DefinedFields] = {}
    for entity, some in by_entity.items():
        found.update(DEFINED_FIELDS[entity](some))
    return found


@functools.cache
def _field_order(entity: str) -> dict[str, int]:
    """{audited field's attribute name: its place} of the entity's model (PostgreSQL's jsonb
    keeps a record's keys in another order)."""
    declaration = declaration_for(entity)
    names = declaration.audited_fields() if declaration is not None else []
    return {name: place for place, name in enumerate(names)}


def _records(change) -> list[dict]:
    """The records a listed change's old and new values hold."""
    values = change if isinstance(change, list | tuple) else [change]
    return [
        record
        for value in values
        if isinstance(value, list)
        for record in value
        if isinstance(record, dict)
    ]


def _ids(change) -> set:
    values = change if isinstance(change, list | tuple) else [change]
    found = set()
    for value in values:
        items = value if isinstance(value, list) else [value]
        found.update(item for item in items if isinstance(item, int) and not isinstance(item, bool))
    return found


class AuditEventTable(MtejaTable):
    """Events as people read them (`JournalPage`), names read once for the shown rows; `user`
    is the reader (only what they may see is named)."""

    counted = ngettext_lazy("%(total)s event", "%(total)s events", "count")
    made_on = DateTimeColumn(
        verbose_name=gettext_lazy("When"), orderable=False, attrs={"td": {"class": "nowrap"}}
    )
    maker_username = tables.Column(verbose_name=gettext_lazy("User"), orderable=False)
    action_name = tables.Column(verbose_name=gettext_lazy("Action"), orderable=False)
    entity_name = tables.Column(verbose_name=gettext_lazy("Entity"), orderable=False)
    resource_id = tables.Column(
        verbose_name=gettext_lazy("Record"), orderable=False, localize=False
    )
    office = tables.Column(verbose_name=gettext_lazy("Office"), orderable=False)
    changes = tables.Column(verbose_name=gettext_lazy("Changes"), orderable=False)

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
        empty_text = gettext_lazy("No events match these filters.")

    def __init__(self, data, *, user, **kwargs):
        self.user = user
        super().__init__(data, **kwargs)

    @functools.cached_property
    def journal(self) -> JournalPage:
        rows = self.page.object_list if getattr(self, "page", None) else self.rows
        return JournalPage([row.record for row in rows], self.user)

    def render_maker_username(self, value, record):
        return self.journal.maker(record)

    def render_action_name(self, value):
        return action_label(value)

    def render_entity_name(self, value):
        return entity_label(value)

    def render_resource_id(self, value, record):
        found = self.journal.record(record)
        if found is None:
            return value
        if found[1] is None:
            return found[0]
        return format_html('<a href="{}">{}</a>', found[1], found[0])

    def render_changes(self, value, record):
        rows = self.journal.changes(record)
        if not rows:
            return "—"
        return render_to_string("core/changes.html", {"rows": rows})
