"""The web lists' filters of centers and groups: a name, an office, a status."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from mteja.core.filtersets import MtejaFilterSet, search_filter
from mteja.groups.models import Center, Group, GroupStatus
from mteja.organisation.filtersets import OfficeFilter


class GroupingFilterSet(MtejaFilterSet):
    q = search_filter("filter_name", _("Name"))
    office = OfficeFilter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=GroupStatus.choices, empty_label=_("Any status")
    )

    def filter_name(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip())


class CenterFilterSet(GroupingFilterSet):
    class Meta:
        model = Center
        fields: list[str] = []


class GroupFilterSet(GroupingFilterSet):
    class Meta:
        model = Group
        fields: list[str] = []
