"""One FilterSet per model of the users app: the web lists and the API lists read their
filters through these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mteja.core.filtersets import MtejaFilterSet, contains_any, search_filter
from mteja.organisation.filtersets import OfficeFilter
from mteja.users.models import AppUser, Role


class UserFilterSet(MtejaFilterSet):
    q = search_filter("filter_text", _("Name or username"))
    office = OfficeFilter()

    class Meta:
        model = AppUser
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return contains_any(queryset, value, "username", "first_name", "last_name")


class RoleFilterSet(MtejaFilterSet):
    class Meta:
        model = Role
        fields: list[str] = []
