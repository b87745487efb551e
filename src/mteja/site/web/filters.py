"""The audit log's filters."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mteja.core.models import AuditEvent
from mteja.core.web.forms import DateInput
from mteja.core.web.labels import ACTION_LABELS, ENTITY_LABELS, action_label, entity_label
from mteja.organisation.selectors import office_list
from mteja.users.permission_codes import CATALOGUE


def known_entities() -> list[str]:
    entities = {entity for entities in CATALOGUE.values() for entity in entities}
    return sorted(entities | set(ENTITY_LABELS))


def known_actions() -> list[str]:
    actions = {action for entities in CATALOGUE.values() for a in entities.values() for action in a}
    return sorted(actions | set(ACTION_LABELS))


def codes_named(typed: str, codes: list[str], label) -> set[str]:
    """The codes a typed filter means: those whose label (in the user's language) or code is
    what was typed, whatever the case ("Closed" and "close" both find CLOSE)."""
    wanted = typed.strip().casefold()
    return {code for code in codes if wanted in (code.casefold(), str(label(code)).casefold())}


def suggestions(codes: list[str], label) -> list[str]:
    """The labels the filter's text box suggests, each once, in alphabetical order."""
    return sorted({str(label(code)) for code in codes}, key=str.casefold)


class AuditFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        made_from, made_to = data.get("made_from"), data.get("made_to")
        if made_from and made_to and made_from > made_to:
            self.add_error(
                "made_to",
                _("The end date is before the start date: no event can be in that range."),
            )
        return data


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditEventFilter(django_filters.FilterSet):
    """Entity, action and user are typed (with suggestions), so events of any app can be
    found; dates bound `made_on` by whole days, which an index on `made_on` serves."""

    entity = django_filters.CharFilter(
        method="filter_entity",
        label=_("Entity"),
        widget=forms.TextInput(attrs={"list": "audit-entities", "autocomplete": "off"}),
    )
    action = django_filters.CharFilter(
        method="filter_action",
        label=_("Action"),
        widget=forms.TextInput(attrs={"list": "audit-actions", "autocomplete": "off"}),
    )
    user = django_filters.CharFilter(
        field_name="maker_username", lookup_expr="iexact", label=_("Username")
    )
    office = django_filters.ModelChoiceFilter(
        queryset=None,
        method="filter_office",
        label=_("Office (and below)"),
        empty_label=_("All offices"),
    )
    made_from = django_filters.DateFilter(method="filter_from", label=_("From"), widget=DateInput())
    made_to = django_filters.DateFilter(method="filter_to", label=_("To"), widget=DateInput())

    class Meta:
        model = AuditEvent
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(
            data,
            queryset=AuditEvent.objects.restrict(user).select_related("office"),
            **kwargs,
        )
        self.filters["office"].queryset = office_list(user=user)

    def filter_entity(self, queryset, name, typed):
        codes = codes_named(typed, known_entities(), entity_label)
        return queryset.filter(entity_name__in=codes or [typed.strip().upper()])

    def filter_action(self, queryset, name, typed):
        codes = codes_named(typed, known_actions(), action_label)
        return queryset.filter(action_name__in=codes or [typed.strip().upper()])

    def filter_office(self, queryset, name, office):
        return queryset.filter(office__hierarchy__startswith=office.hierarchy)

    def filter_from(self, queryset, name, day):
        return queryset.filter(made_on__gte=_day_start(day))

    def filter_to(self, queryset, name, day):
        return queryset.filter(made_on__lt=_day_start(day + datetime.timedelta(days=1)))
