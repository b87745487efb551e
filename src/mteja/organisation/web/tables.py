"""Tables of the staff and code-list pages."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from mteja.core.web.badges import active_badge
from mteja.core.web.tables import DateColumn, MtejaTable, record_link
from mteja.organisation.models import Code, Staff


def status_badge(active: bool):
    return active_badge(active)


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class StaffTable(MtejaTable):
    counted = ngettext_lazy("%(total)s staff member", "%(total)s staff members", "count")
    display_name = tables.Column(verbose_name=_("Name"), linkify=record_link("staff_detail"))
    office = tables.Column(verbose_name=_("Office"), accessor="office__name")
    is_loan_officer = tables.Column(verbose_name=_("Loan officer"))
    is_active = tables.Column(verbose_name=_("Status"))
    joining_date = DateColumn(verbose_name=_("Joined"), short=True)
    mobile_no = tables.Column(verbose_name=_("Mobile number"), orderable=False)

    class Meta(MtejaTable.Meta):
        model = Staff
        fields = ("display_name", "office", "is_loan_officer", "is_active", "joining_date")
        empty_text = _("No staff match these filters.")

    def render_is_loan_officer(self, value):
        return yes_no(value)

    def render_is_active(self, value):
        return status_badge(value)


class CodeTable(MtejaTable):
    counted = ngettext_lazy("%(total)s code list", "%(total)s code lists", "count")
    name = tables.Column(verbose_name=_("Name"), linkify=record_link("code_detail"))
    value_count = tables.Column(
        verbose_name=_("Values"), attrs={"td": {"class": "number"}, "th": {"class": "number"}}
    )
    is_system_defined = tables.Column(verbose_name=_("System defined"))

    class Meta(MtejaTable.Meta):
        model = Code
        fields = ("name", "value_count", "is_system_defined")
        empty_text = _("No code lists yet.")

    def render_is_system_defined(self, value):
        return yes_no(value)
