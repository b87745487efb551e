"""Tables of the know-your-customer tabs of a client's page: identity documents, family
members, addresses. Each row offers the links its table declares (`row_links`) to users who
may change the client and hold the link's permission code."""

from __future__ import annotations

from dataclasses import dataclass

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from mteja.clients.kyc import addresses, family
from mteja.clients.models import (
    ClientAddress,
    ClientIdentifier,
    IdentifierStatus,
)
from mteja.clients.web.tables import ClientTabTable, page_permission
from mteja.core import clock
from mteja.core.web.tables import DateColumn

_ACTIVE = '<span class="badge badge-active">{}</span>'
_BADGE = '<span class="badge">{}</span>'
_EXPIRED = '<span class="badge badge-inactive">{}</span>'


def document_names(identifier: ClientIdentifier) -> dict[str, str]:
    """What titles and messages name an identity document by: its type and number."""
    return {"type": identifier.document_type.label, "number": identifier.document_key}


def address_lines(address: ClientAddress) -> list[str]:
    """The address as it is written on an envelope, one line per part that is filled."""
    place = ", ".join(
        part for part in (address.town_village, address.city, address.county_district) if part
    )
    state = address.state_province.label if address.state_province_id else ""
    region = " ".join(part for part in (address.postal_code, state) if part)
    parts = [
        address.street,
        address.address_line_1,
        address.address_line_2,
        address.address_line_3,
        place,
        region,
        address.country.label if address.country_id else "",
    ]
    return [part for part in parts if part]


def active_badge(active: bool):
    return format_html(_ACTIVE, _("Active")) if active else format_html(_BADGE, _("Inactive"))


@dataclass(frozen=True)
class RowLink:
    """A link of each row to a page of its record (edit, delete), shown to users who may
    change the client and whom the page admits."""

    text: str
    url_name: str  # reversed with the client's id and the record's
    aria_label: str  # names the record with the table's `names(record)`

    def url(self, client, record_id: int) -> str:
        return reverse(self.url_name, args=[client.pk, record_id])


class ActionsColumn(tables.Column):
    """The last column: the row's links, under a heading only screen readers read."""

    def __init__(self):
        super().__init__(empty_values=(), orderable=False, attrs={"td": {"class": "actions"}})

    @property
    def header(self):
        return format_html('<span class="visually-hidden">{}</span>', _("Actions"))


class ClientPartTable(ClientTabTable):
    """The table of one kind of the client's records, its rows in the services' order."""

    actions = ActionsColumn()
    row_links: tuple[RowLink, ...] = ()

    class Meta(ClientTabTable.Meta):
        orderable = False
        default = "—"
        sequence = ("...", "actions")

    def __init__(self, data, *, client, user, owned: bool, **kwargs):
        self.links = [
            link
            for link in (self.row_links if owned else ())
            if user.has_fineract_permission(page_permission(link.url(client, 0)))
        ]
        if not self.links:
            kwargs["exclude"] = ("actions",)
        super().__init__(data, client=client, user=user, owned=owned, **kwargs)
        self.today = clock.today()

    def names(self, record) -> dict[str, str]:
        raise NotImplementedError

    def render_actions(self, record):
        names = self.names(record)
        return format_html_join(
            "\n",
            '<a href="{}" aria-label="{}">{}</a>',
            (
                (
                    link.url(self.client, record.pk),
                    str(link.aria_label) % names,
                    link.text,
                )
                for link in self.links
            ),
        )


class IdentifierTable(ClientPartTable):
    document_type = tables.Column(
        verbose_name=_("Type"), accessor="document_type__label", order_by="document_type__name"
    )
    document_key = tables.Column(verbose_name=_("Number"), attrs={"td": {"class": "key"}})
    status = tables.Column(verbose_name=_("Status"))
    issue_date = DateColumn(verbose_name=_("Issued"), short=True, attrs={"td": {"class": "nowrap"}})
    expiry_date = tables.Column(verbose_name=_("Expires"), attrs={"td": {"class": "nowrap"}})
    issuing_country = tables.Column(
        verbose_name=_("Issuing country"),
        accessor="issuing_country__label",
        order_by="issuing_country__name",
    )
    description = tables.Column(verbose_name=_("Description"))

    row_links = (
        RowLink(_("Edit"), "client_identifier_update", _("Edit %(type)s %(number)s")),
        RowLink(_("Delete"), "client_identifier_delete", _("Delete %(type)s %(number)s")),
        # Its scans and photocopies (the documents app's page).
        RowLink(
            _("Documents"),
            "client_identifier_documents",
            _("Supporting documents of %(type)s %(number)s"),
        ),
    )

    class Meta(ClientPartTable.Meta):
        row_attrs = {
            "class": lambda record: None if record.status == IdentifierStatus.ACTIVE else "inactive"
        }
        empty_text = _("No identity document has been recorded for this client yet.")

    def names(self, record):
        return document_names(record)

    def render_status(self, record):  # the value: the status's label
        return active_badge(record.status == IdentifierStatus.ACTIVE)

    def render_expiry_date(self, value):
        shown = date_format(value, "SHORT_DATE_FORMAT")
        if value >= self.today:
            return shown
        return format_html("{} " + _EXPIRED, shown, _("Expired"))


class FamilyMemberTable(ClientPartTable):
    name = tables.Column(verbose_name=_("Name"), empty_values=())
    relationship = tables.Column(
        verbose_name=_("Relationship"),
        accessor="relationship__label",
        order_by="relationship__name",
    )
    gender = tables.Column(
        verbose_name=_("Gender"), accessor="gender__label", order_by="gender__name"
    )
    age = tables.Column(
        verbose_name=_("Age"),
        empty_values=(),
        attrs={"th": {"class": "number"}, "td": {"class": "number"}},
    )
    is_dependent = tables.Column(verbose_name=_("Dependent"), empty_values=())
    profession = tables.Column(
        verbose_name=_("Profession"), accessor="profession__label", order_by="profession__name"
    )
    mobile_number = tables.Column(verbose_name=_("Mobile number"))

    row_links = (
        RowLink(_("Edit"), "client_family_member_update", _("Edit %(name)s")),
        RowLink(_("Delete"), "client_family_member_delete", _("Delete %(name)s")),
    )

    class Meta(ClientPartTable.Meta):
        empty_text = _("No family member has been recorded for this client yet.")

    def names(self, record):
        return {"name": record.firstname}

    def render_name(self, record):
        return " ".join(
            part for part in (record.firstname, record.middlename, record.lastname) if part
        )

    def render_age(self, record):
        age = family.shown_age(record, self.today)
        return "—" if age is None else age

    def render_is_dependent(self, value):
        return format_html(_BADGE, _("Dependent")) if value else "—"


class AddressTable(ClientPartTable):
    address_type = tables.Column(
        verbose_name=_("Type"), accessor="address_type__label", order_by="address_type__name"
    )
    address = tables.Column(verbose_name=_("Address"), empty_values=())
    coordinates = tables.Column(
        verbose_name=_("Coordinates"), empty_values=(), attrs={"td": {"class": "nowrap"}}
    )
    is_active = tables.Column(verbose_name=_("Status"), empty_values=())

    row_links = (RowLink(_("Edit"), "client_address_update", _("Edit the %(type)s address")),)

    class Meta(ClientPartTable.Meta):
        row_attrs = {"class": lambda record: None if record.is_active else "inactive"}
        empty_text = _("No address has been recorded for this client yet.")

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        # The institution may leave "active" out of its address fields: no button then.
        self.may_toggle = bool(self.links) and addresses.address_rules()["isActive"].enabled

    def names(self, record):
        return {"type": record.address_type.label}

    def render_address(self, record):
        *before, last = address_lines(record) or ["—"]
        return format_html(
            "{}{}", format_html_join("", "{}<br>", ((line,) for line in before)), last
        )

    def render_coordinates(self, record):
        if record.latitude is None or record.longitude is None:
            return "—"
        return format_html("{}, {}", localize(record.latitude), localize(record.longitude))

    def render_is_active(self, value):
        return active_badge(value)

    def render_actions(self, record):
        links = super().render_actions(record)
        if not self.may_toggle:
            return links
        if record.is_active:
            url_name, text = "client_address_deactivate", _("Make inactive")
        else:
            url_name, text = "client_address_activate", _("Make active")
        return format_html(
            '{}\n<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="secondary outline">{}'
            '<span class="visually-hidden"> {}</span></button></form>',
            links,
            reverse(url_name, args=[self.client.pk, record.pk]),
            get_token(self.request),
            text,
            record.address_type.label,
        )
