"""Tables of the user and role pages."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from mteja.core.web.badges import active_badge
from mteja.core.web.tables import MtejaTable, record_link
from mteja.organisation.web.tables import status_badge
from mteja.users.models import AppUser, Role


class UserTable(MtejaTable):
    counted = ngettext_lazy("%(total)s user", "%(total)s users", "count")
    username = tables.Column(
        verbose_name=_("Username"),
        linkify=record_link("user_detail"),
    )
    name = tables.Column(
        verbose_name=_("Name"), accessor="get_full_name", order_by=("last_name", "first_name")
    )
    office = tables.Column(verbose_name=_("Office"), accessor="office__name")
    roles = tables.Column(verbose_name=_("Roles"), accessor="pk", orderable=False)
    is_active = tables.Column(verbose_name=_("Status"))

    class Meta(MtejaTable.Meta):
        model = AppUser
        fields = ("username", "name", "office", "roles", "is_active")
        empty_text = _("No users match these filters.")

    def render_roles(self, record):
        # The selector prefetches the roles: no query per row.
        return ", ".join(role.name for role in record.roles.all()) or "—"

    def render_is_active(self, value):
        return status_badge(value)


class RoleTable(MtejaTable):
    counted = ngettext_lazy("%(total)s role", "%(total)s roles", "count")
    name = tables.Column(verbose_name=_("Name"), linkify=record_link("role_detail"))
    description = tables.Column(verbose_name=_("Description"), orderable=False)
    user_count = tables.Column(
        verbose_name=_("Users"), attrs={"td": {"class": "number"}, "th": {"class": "number"}}
    )
    is_disabled = tables.Column(verbose_name=_("Status"))

    class Meta(MtejaTable.Meta):
        model = Role
        fields = ("name", "description", "user_count", "is_disabled")
        empty_text = _("No roles yet.")

    def render_is_disabled(self, value):
        return active_badge(not value, on=_("Enabled"), off=_("Disabled"))
