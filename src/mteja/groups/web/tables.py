"""Tables of the center and group lists, and the client page's Groups tab."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from mteja.clients.web.tables import ClientTabTable
from mteja.core.web.badges import choice_badge
from mteja.core.web.tables import DateColumn, MtejaTable, RecordLinkColumn, record_url
from mteja.groups.models import Center, Group, GroupStatus, Membership


def status_badge(status: int):
    """A center's or group's status, coloured by its meaning (core.web.badges)."""
    return choice_badge(GroupStatus, status)


class GroupingTable(MtejaTable):
    office = tables.Column(verbose_name=_("Office"), accessor="office__name")
    staff = tables.Column(verbose_name=_("Loan officer"), accessor="staff__display_name")
    status = tables.Column(verbose_name=_("Status"))
    activation_date = DateColumn(verbose_name=_("Activated"), short=True)

    def render_status(self, record):
        # The code, not the label django-tables2 passes for a field with choices.
        return status_badge(record.status)


class GroupTable(GroupingTable):
    counted = ngettext_lazy("%(total)s group", "%(total)s groups", "count")
    name = RecordLinkColumn("group_detail", verbose_name=_("Name"))
    center = tables.Column(verbose_name=_("Center"), accessor="center__name")

    class Meta(MtejaTable.Meta):
        model = Group
        fields = ("name", "account_no", "center", "office", "staff", "status", "activation_date")
        empty_text = _("No groups match these filters.")


class CenterTable(GroupingTable):
    counted = ngettext_lazy("%(total)s center", "%(total)s centers", "count")
    name = RecordLinkColumn("center_detail", verbose_name=_("Name"))

    class Meta(MtejaTable.Meta):
        model = Center
        fields = ("name", "account_no", "office", "staff", "status", "activation_date")
        empty_text = _("No centers match these filters.")


class ClientGroupsTable(ClientTabTable):
    """A client's stays in groups, current ones first: the group, its center, when."""

    group = tables.Column(verbose_name=_("Group"), accessor="group__name", orderable=False)
    center = tables.Column(verbose_name=_("Center"), empty_values=(), orderable=False)
    joined_on = DateColumn(verbose_name=_("Joined"), orderable=False)
    left_on = DateColumn(verbose_name=_("Left"), orderable=False, default=_("Current member"))

    class Meta(MtejaTable.Meta):
        model = Membership
        fields = ("group", "center", "joined_on", "left_on")
        empty_text = _("This client has never been in a group.")

    def render_group(self, value, record):
        return format_html(
            '<a href="{}">{}</a>', record_url(self, "group_detail", record.group_id), value
        )  # noqa: E501

    def render_center(self, record):
        # A current stay: the group's center now; a past one: its center then.
        center = record.group.center if record.left_on is None else record.center
        if center is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', record_url(self, "center_detail", center.pk), center.name
        )  # noqa: E501
