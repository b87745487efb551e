"""Tables of the client pages: the client list and the tabs of a client's page (history,
transfers, loan officers; the know-your-customer tabs are kyc_tables)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import django_tables2 as tables
from django.urls import resolve
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from mteja.clients.models import (
    Client,
    ClientStatus,
    ClientTransfer,
    StaffAssignment,
    TransferType,
)
from mteja.core.models import AuditEvent
from mteja.core.web import journal
from mteja.core.web.badges import badge, choice_badge
from mteja.core.web.journal import JournalPage
from mteja.core.web.labels import ACTION_LABELS as AUDIT_ACTION_LABELS
from mteja.core.web.tables import (
    DateColumn,
    DateTimeColumn,
    MtejaTable,
    RecordLinkColumn,
    _plain,
    record_url,
)


def status_badge(status: int):
    """A client's status, coloured by its meaning (core.web.badges)."""
    return choice_badge(ClientStatus, status)


class ClientTable(MtejaTable):
    counted = ngettext_lazy("%(total)s client", "%(total)s clients", "count")
    account_no = RecordLinkColumn("client_detail", verbose_name=_("Account"))
    display_name = RecordLinkColumn("client_detail", verbose_name=_("Name"))
    external_id = tables.Column(verbose_name=_("External id"), default="—")
    mobile_no = tables.Column(verbose_name=_("Mobile number"), orderable=False, default="—")
    office = tables.Column(verbose_name=_("Office"), accessor="office__name")
    staff = tables.Column(
        verbose_name=_("Loan officer"), accessor="staff__display_name", default="—"
    )
    # The row's id as the cell's value, so django-tables2 does not look the status's label up
    # for every row (render_status draws the badge from the code); sorted by the status.
    status = tables.Column(verbose_name=_("Status"), accessor="pk", order_by=("status",))
    submitted_on = DateColumn(verbose_name=_("Submitted"), short=True)

    class Meta(MtejaTable.Meta):
        model = Client
        fields = (
            "account_no",
            "display_name",
            "external_id",
            "mobile_no",
            "office",
            "staff",
            "status",
            "submitted_on",
        )
        empty_text = _("No clients match these filters.")

    def render_status(self, record):
        # The code, not the label django-tables2 passes for a field with choices: the badge's
        # colour depends on it.
        return status_badge(record.status)

    def render_display_name(self, value, record):
        """The name, linked, after the client's photo (the documents app's thumbnail, which
        draws nobody's when there is none) for users who may see photos."""
        link = format_html(
            '<a href="{}">{}</a>', record_url(self, "client_detail", record.pk), value
        )
        if not self._shows_photos():
            return link
        thumbnail = record_url(self, "client_photo", record.pk) + "?size=thumb"
        return format_html(
            '<img class="client-photo-thumb" src="{}" alt="" width="28" height="28"'
            ' loading="lazy"> {}',
            thumbnail,
            link,
        )

    def _shows_photos(self) -> bool:
        if not hasattr(self, "_photos"):
            user = getattr(getattr(self, "request", None), "user", None)
            self._photos = bool(user and user.has_fineract_permission("READ_CLIENTIMAGE"))
        return self._photos


# --- The tabs of a client's page -------------------------------------------------------------


def page_permission(url: str) -> str | None:
    """The permission code the page at `url` asks for (core.web.access): a link to the page
    is shown to the users the page admits."""
    return resolve(url).func.permission_code


class ClientTabTable(MtejaTable):
    """A table that is a tab of the client's page (clients/web/pages.py `TABS`): it knows the
    client, the user, and whether the user may change the client (for its rows' links)."""

    def __init__(self, data, *, client=None, user=None, owned: bool = False, **kwargs):
        self.client, self.user, self.owned = client, user, owned
        super().__init__(data, **kwargs)


# --- History -------------------------------------------------------------------------------

# The shared labels of audit actions (the audit log and dashboard use the same ones).
ACTION_LABELS = AUDIT_ACTION_LABELS

# What an event of a part of the client did, by entity and action.
PART_ACTIONS = {
    ("CLIENTIDENTIFIER", "CREATE"): _("Identity document added"),
    ("CLIENTIDENTIFIER", "UPDATE"): _("Identity document edited"),
    ("CLIENTIDENTIFIER", "DELETE"): _("Identity document deleted"),
    ("FAMILYMEMBERS", "CREATE"): _("Family member added"),
    ("FAMILYMEMBERS", "UPDATE"): _("Family member edited"),
    ("FAMILYMEMBERS", "DELETE"): _("Family member deleted"),
    ("ADDRESS", "CREATE"): _("Address added"),
    ("ADDRESS", "UPDATE"): _("Address edited"),
    ("DATATABLE", "CREATE"): _("Custom fields filled in"),
    ("DATATABLE", "UPDATE"): _("Custom fields edited"),
    ("DATATABLE", "DELETE"): _("Custom fields deleted"),
}


def field_label(name: str, entity: str = "CLIENT") -> str:
    """`gender_id` → "Gender", `non_person.incorp_no` → "Incorporation number"; a field of an
    identity document, family member or address by its own model (core/web/journal.py)."""
    return journal.field_label(entity, name)


class ClientHistoryTable(ClientTabTable):
    made_on = DateTimeColumn(verbose_name=_("When"), orderable=False, short=True)
    maker_username = tables.Column(verbose_name=_("User"), orderable=False)
    action_name = tables.Column(verbose_name=_("Action"), orderable=False)
    changes = tables.Column(verbose_name=_("Changes"), orderable=False)

    journal: JournalPage | None = None

    class Meta(MtejaTable.Meta):
        model = AuditEvent
        fields = ("made_on", "maker_username", "action_name", "changes")
        empty_text = _("No recorded changes.")

    def after_paging(self):
        """Names of the offices, officers and code values the page's changes refer to, read
        for the shown page only (core/web/journal.py)."""
        self.journal = JournalPage([row.record for row in self.page.object_list], self.user)

    def render_maker_username(self, value, record):
        return self.journal.maker(record) if self.journal else value

    def render_action_name(self, value, record):
        part = PART_ACTIONS.get((record.entity_name, value))
        return part if part is not None else ACTION_LABELS.get(value, value)

    def _value(self, name: str, value, entity: str = "CLIENT", event=None):
        if value is None or value == "":
            return "—"
        if name == "status" and entity == "CLIENT":
            return status_badge(value)
        if name == "monthly_income":
            try:
                return number_format(Decimal(value), decimal_pos=2, force_grouping=True)
            except (InvalidOperation, TypeError):
                return _plain(value)
        return self._journal_page().value(entity, name, value, event) or "—"

    def _journal_page(self) -> JournalPage:
        return self.journal or JournalPage([], self.user)

    def render_changes(self, value, record):
        if not isinstance(value, dict) or not value:
            return "—"
        entity = record.entity_name
        rows = []
        for name, change in value.items():
            if name == "display_name":  # follows the name fields, shown beside them
                continue
            pair = isinstance(change, list | tuple) and len(change) == 2
            old, new = change if pair else (None, change)
            shown = (self._value(name, old, entity, record), self._value(name, new, entity, record))
            if shown[0] == shown[1]:  # e.g. None → "" on creation: nothing to tell
                continue
            rows.append((self._journal_page().label(entity, name, record), *shown))
        if not rows:
            return "—"
        items = format_html_join(
            "",
            '<li><span class="field-name">{}</span> <del>{}</del> → <ins>{}</ins></li>',
            rows,
        )
        return format_html('<ul class="changes">{}</ul>', items)


# --- Transfers and loan officers -------------------------------------------------------------


class TransferTable(ClientTabTable):
    submitted_on = DateColumn(verbose_name=_("Recorded on"), short=True)
    transfer_type = tables.Column(verbose_name=_("Step"))
    from_office = tables.Column(accessor="from_office__name", verbose_name=_("From"))
    to_office = tables.Column(accessor="to_office__name", verbose_name=_("To"))
    proposed_transfer_date = DateColumn(verbose_name=_("Transfer date"), short=True)
    submitted_by = tables.Column(accessor="submitted_by__username", verbose_name=_("By"))
    note = tables.Column(verbose_name=_("Note"))

    class Meta(MtejaTable.Meta):
        model = ClientTransfer
        fields = (
            "submitted_on", "transfer_type", "from_office", "to_office",
            "proposed_transfer_date", "submitted_by", "note",
        )  # fmt: skip
        orderable = False
        default = "—"
        empty_text = _("This client has never been transferred between offices.")

    def render_transfer_type(self, record):
        return choice_badge(TransferType, record.transfer_type)


class StaffAssignmentTable(ClientTabTable):
    staff = tables.Column(accessor="staff__display_name", verbose_name=_("Loan officer"))
    start_date = DateColumn(verbose_name=_("From"), short=True)
    # Still serving: no end date, shown as "Current".
    end_date = tables.Column(verbose_name=_("To"), empty_values=())
    assigned_by = tables.Column(accessor="assigned_by__username", verbose_name=_("Assigned by"))

    class Meta(MtejaTable.Meta):
        model = StaffAssignment
        fields = ("staff", "start_date", "end_date", "assigned_by")
        orderable = False
        default = "—"
        empty_text = _("No loan officer has been assigned to this client yet.")

    def render_end_date(self, value):
        if value is None:
            return badge(_("Current"), "active")
        return date_format(value, "SHORT_DATE_FORMAT")
