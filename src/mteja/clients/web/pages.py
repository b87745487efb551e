"""The client's 360° page: its head (with the KYC indicator), the tabs the user may open, and
the tabs that are tables of the client's records, declared once each.

The pages that add, edit and delete the know-your-customer records are kyc_views; the custom
fields tab is custom_views, which renders the page through `client_page` too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import django_tables2 as tables
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients import selectors
from mteja.clients.kyc import addresses, family, identifiers
from mteja.clients.models import Client, LegalForm
from mteja.clients.web import custom_values
from mteja.clients.web.command_actions import client_actions, office_in_scope
from mteja.clients.web.completeness import kyc_status
from mteja.clients.web.kyc_tables import AddressTable, FamilyMemberTable, IdentifierTable
from mteja.clients.web.tables import (
    ClientHistoryTable,
    StaffAssignmentTable,
    TransferTable,
    page_permission,
    status_badge,
)
from mteja.core.models import AuditEvent
from mteja.core.web.access import permission_required
from mteja.core.web.records import scoped_record
from mteja.core.web.tables import configure
from mteja.groups import selectors as group_selectors
from mteja.groups.web.tables import ClientGroupsTable


def client_in_scope(request, pk: int) -> Client:
    return scoped_record(request, selectors.client_detail_rows(), pk)


def owned_client(request, pk: int) -> Client:
    """A client the user may change: one of the user's offices, not merely one awaiting a
    transfer into them (that office may only accept or reject the transfer)."""
    client = client_in_scope(request, pk)
    if not office_in_scope(request.user, client.office):
        raise PermissionDenied
    return client


def _non_person(client: Client):
    return getattr(client, "non_person", None) if client.legal_form == LegalForm.ENTITY else None


@dataclass(frozen=True)
class AddButton:
    """The button of a tab that adds a record, for users who may change the client and whom
    the page admits."""

    text: str
    url_name: str  # reversed with the client's id


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url_name: str
    permission: str | None = None  # besides READ_CLIENT
    # A tab that is a table of the client's records: the table (a tables.ClientTabTable) and
    # where its rows come from.
    table: type | None = None
    rows: Callable | None = None
    lazy: bool = False  # pages without counting rows (tables that grow without bound)
    paged: bool = True  # False: every row on one page (a few records a client holds)
    segment: str = ""  # the table tab's URL: clients/<pk>/<segment or key>/
    # A table with a heading of its own, the button that adds a row, a template introducing
    # it, and its empty text in place of an empty table.
    heading: str = ""
    add: AddButton | None = None
    intro: str = ""


TABS = [
    Tab("overview", gettext_lazy("Overview"), "client_detail"),
    Tab(
        "identifiers",
        gettext_lazy("Identifiers"),
        "client_identifiers",
        "READ_CLIENTIDENTIFIER",
        table=IdentifierTable,
        rows=lambda request, client: list(identifiers.client_identifiers(client)),
        paged=False,
        heading=gettext_lazy("Identity documents"),
        add=AddButton(gettext_lazy("Add document"), "client_identifier_create"),
    ),
    Tab(
        "family",
        gettext_lazy("Family"),
        "client_family",
        "READ_FAMILYMEMBERS",
        table=FamilyMemberTable,
        rows=lambda request, client: list(family.family_members_of(client)),
        paged=False,
        heading=gettext_lazy("Family members"),
        add=AddButton(gettext_lazy("Add family member"), "client_family_member_create"),
        intro="clients/_tab_family.html",
    ),
    Tab(
        "addresses",
        gettext_lazy("Addresses"),
        "client_addresses",
        "READ_ADDRESS",
        table=AddressTable,
        rows=lambda request, client: list(addresses.addresses_of(client)),
        paged=False,
        heading=gettext_lazy("Addresses"),
        add=AddButton(gettext_lazy("Add address"), "client_address_create"),
    ),
    # Pages of their own apps (documents/web, notes/web, portfolio/web), shown through
    # `client_page`.
    Tab("accounts", gettext_lazy("Accounts"), "client_accounts"),
    Tab("documents", gettext_lazy("Documents"), "client_documents", "READ_DOCUMENT"),
    Tab("notes", gettext_lazy("Notes"), "client_notes", "READ_CLIENTNOTE"),
    Tab("custom", gettext_lazy("More details"), "client_custom_fields"),
    Tab(  # current and past groups (and their centers): groups/web/tables.py
        "groups",
        gettext_lazy("Groups"),
        "client_groups",
        "READ_GROUP",
        table=ClientGroupsTable,
        rows=lambda request, client: list(group_selectors.client_stays(client)),
        paged=False,
        heading=gettext_lazy("Groups and centers"),
        add=AddButton(gettext_lazy("Assign to a group or center"), "client_group_assign"),
    ),
    Tab(
        "history",
        gettext_lazy("History"),
        "client_history",
        "READ_AUDIT",
        table=ClientHistoryTable,
        rows=lambda request, client: AuditEvent.objects.restrict(request.user).filter(
            client_id=client.pk
        ),
        lazy=True,
    ),
    Tab(
        "transfers",
        gettext_lazy("Transfers"),
        "client_transfers",
        table=TransferTable,
        rows=lambda request, client: selectors.client_transfers(client),
    ),
    Tab(
        "officers",
        gettext_lazy("Loan officers"),
        "client_officers",
        segment="loan-officers",
        table=StaffAssignmentTable,
        rows=lambda request, client: selectors.client_staff_history(client),
    ),
]


def client_page(request, client: Client, tab: str, context: dict):
    """The client's page with the tab `tab`: the head (with the KYC indicator), the tabs the
    user may open, and the tab's own `context`."""
    tabs = [
        {"label": t.label, "url": reverse(t.url_name, args=[client.pk]), "current": t.key == tab}
        for t in TABS
        if request.user.has_fineract_permission(t.permission)
        and (t.key != "custom" or custom_values.shows_tab(request.user))
    ]
    owned = office_in_scope(request.user, client.office)
    dependents = family.dependents(client)
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": client,
            "status_badge": status_badge(client.status),
            "non_person": _non_person(client),
            "actions": client_actions(request, client),
            "owned": owned,
            "tabs": tabs,
            "tab": tab,
            "dependents": dependents,
            "kyc": kyc_status(request, client, owned=owned, dependents_count=dependents.count),
            **context,
        },
    )


def timeline(client: Client) -> list[dict]:
    """The client's lifecycle steps that happened, in order: what, when, who, why."""
    steps = [
        (_("Submitted"), client.submitted_on, client.submitted_by, None),
        (_("Activated"), client.activation_date, client.activated_by, None),
        (_("Rejected"), client.rejected_on, client.rejected_by, client.rejection_reason),
        (_("Withdrawn"), client.withdrawn_on, client.withdrawn_by, client.withdrawal_reason),
        (_("Closed"), client.closed_on, client.closed_by, client.closure_reason),
        (_("Reactivated"), client.reactivated_on, client.reactivated_by, None),
    ]
    if client.reopened_on and client.reopened_on != client.reactivated_on:
        steps.append((_("Reopened"), client.reopened_on, client.reopened_by, None))
    if client.transfer_to_office_id and client.proposed_transfer_date:
        what = _("Transfer to %(office)s proposed") % {"office": client.transfer_to_office.name}
        steps.append((what, client.proposed_transfer_date, None, None))
    happened = [
        {"what": what, "day": day, "who": who, "reason": reason}
        for what, day, who, reason in steps
        if day
    ]
    return sorted(happened, key=lambda step: step["day"])


@permission_required("READ_CLIENT")
def client_detail(request, pk: int):
    client = client_in_scope(request, pk)
    return client_page(request, client, "overview", {"timeline": timeline(client)})


def table_tab_view(tab: Tab):
    """The page of a tab that is a table: the client's rows, sorted and paged."""

    @permission_required("READ_CLIENT")
    def view(request, pk: int):
        user = request.user
        if not user.has_fineract_permission(tab.permission):
            raise PermissionDenied
        client = client_in_scope(request, pk)
        owned = office_in_scope(user, client.office)
        table = tab.table(tab.rows(request, client), client=client, user=user, owned=owned)
        if tab.paged:
            configure(request, table, lazy=tab.lazy)
        else:
            tables.RequestConfig(request, paginate=False).configure(table)
        if hasattr(table, "after_paging"):  # a table that reads more for its page only
            table.after_paging()
        add_button = None
        if tab.add is not None and owned:
            add_url = reverse(tab.add.url_name, args=[client.pk])
            if user.has_fineract_permission(page_permission(add_url)):
                add_button = {"text": tab.add.text, "url": add_url}
        context = {"table": table, "heading": tab.heading, "intro": tab.intro, "add": add_button}
        return client_page(request, client, tab.key, context)

    view.__name__ = tab.url_name
    return view


urlpatterns = [
    path(f"clients/<int:pk>/{t.segment or t.key}/", table_tab_view(t), name=t.url_name)
    for t in TABS
    if t.table is not None
]
