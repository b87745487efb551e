"""The dashboard staff start the day on, for their offices: work queues of clients to act on,
clients counted by status and by office, and charts of the same figures.

A queue is declared once, as the clients list's filter form would be filled in to find its
clients: its link opens that list, and its count and first rows are that list's own query
(ClientFilterSet, counted and paged the list's way, core.paging), so the numbers agree. The
figures are reports.client_counts' GROUP BYs, counted once per office for a short while (a
head office's cost a second at a million clients); the charts are drawn by charts.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients import selectors
from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.models import Client, ClientStatus
from mteja.clients.web.filter_form import ClientFilterForm
from mteja.core import clock
from mteja.core.paging import Listing, Order
from mteja.reports import client_counts
from mteja.site.web.charts import Category, Period, Series, categories_chart, periods_chart

QUEUE_ROWS = 5


def _submitted(client: Client) -> str:
    return _("submitted %(date)s") % {"date": date_format(client.submitted_on, "DATE_FORMAT")}


def _incoming(client: Client) -> str:
    return _("from %(office)s") % {"office": client.office.name}


def _office(client: Client) -> str:
    return client.office.name


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    empty: str  # what the queue says when no client is in it
    query: dict[str, str]  # the clients list's filter form, filled in
    order: Order  # of the first rows shown
    detail: Callable[[Client], str]  # a row's detail beside the client's name

    def url(self) -> str:
        return f"{reverse('client_list')}?{urlencode(self.query)}"


QUEUES = (
    Queue(
        "pending",
        gettext_lazy("Pending activation"),
        gettext_lazy("No client awaits activation."),
        {"status": str(ClientStatus.PENDING.value)},
        Order("id"),  # the longest waiting first, in the order they were entered
        _submitted,
    ),
    Queue(
        "transfers",
        gettext_lazy("Transfers awaiting your offices"),
        gettext_lazy("No client is being transferred to your offices."),
        {"awaiting_transfer": "on"},
        Order("id"),
        _incoming,
    ),
    Queue(
        "kyc",
        gettext_lazy("KYC incomplete"),
        gettext_lazy("Every client's KYC profile is complete."),
        {"kyc_incomplete": "on"},
        Order("id", descending=True),  # the newest first: those being signed up
        _office,
    ),
    Queue(
        "without-officer",
        gettext_lazy("Active clients without a loan officer"),
        gettext_lazy("Every active client has a loan officer."),
        {"status": str(ClientStatus.ACTIVE.value), "without_staff": "on"},
        Order("id", descending=True),
        _office,
    ),
)


@dataclass(frozen=True)
class QueueView:
    queue: Queue
    url: str
    count: int
    more: bool  # the count stopped at its bound: "more than"
    rows: list[tuple[Client, str]]


def queue_view(queue: Queue, user) -> QueueView:
    """The queue's count (bounded as the clients list bounds it) and first rows."""
    form = ClientFilterForm(queue.query, user=user)
    filtered = ClientFilterSet(
        form.selection(), queryset=selectors.client_table_rows(), user=user
    ).results()
    listing = Listing(filtered, filtered.scope_parts(user))
    bound = settings.MTEJA_EXACT_COUNT_LIMIT
    count = listing.count(bound)
    rows = listing.page(queue.order, 0, QUEUE_ROWS)
    return QueueView(
        queue,
        queue.url(),
        min(count, bound),
        count > bound,
        [(client, queue.detail(client)) for client in rows],
    )


def _list_url(**query) -> str:
    return f"{reverse('client_list')}?{urlencode(query)}"


def status_chart(by_status: dict[int, int]):
    statuses = [
        Category(
            ClientStatus(status).label,
            count,
            f"chart-status-{status}",
            _list_url(status=status),
        )
        for status, count in by_status.items()
        if count
    ]
    return categories_chart("status", _("Clients by status"), _("Status"), _("Clients"), statuses)


def month_chart(months: list[client_counts.MonthCounts]):
    series = [Series("new", _("New (activated)")), Series("closed", _("Closed"))]
    periods = [
        Period(
            date_format(month.month, "M"),
            date_format(month.month, "YEAR_MONTH_FORMAT"),
            (month.new, month.closed),
        )
        for month in months
    ]
    title = _("New and closed clients per month")
    return periods_chart("months", title, _("Month"), series, periods)


def officer_chart(officers: list[client_counts.OfficerCount]):
    bars = [
        Category(
            officer.staff.display_name if officer.staff else _("No loan officer"),
            officer.count,
            "chart-bar" if officer.staff else "chart-none",
            _list_url(staff=officer.staff.pk) if officer.staff else _list_url(without_staff="on"),
        )
        for officer in officers
    ]
    title = _("Clients per loan officer")
    return categories_chart("officers", title, _("Loan officer"), _("Clients"), bars)


def office_table(by_status: dict[int, int], offices: list[client_counts.OfficeCounts]) -> dict:
    """The counts by office and status: a column per status any office has clients in, a
    cell linking to the clients list filtered by that office (and below) and status."""
    statuses = [status for status, count in by_status.items() if count]
    rows = []
    for counts in offices:
        office = counts.office
        cells = [
            (counts.by_status.get(status, 0), _list_url(office=office.pk, status=status))
            for status in statuses
        ]
        rows.append(
            {
                "office": office,
                "depth": office.depth - offices[0].office.depth if offices else 0,
                "cells": cells,
                "total": (counts.total, _list_url(office=office.pk)),
            }
        )
    return {"statuses": [ClientStatus(status).label for status in statuses], "rows": rows}


def figures(user) -> dict:
    """The counts of the user's offices: by office and status, by loan officer, and per month;
    counted once for every user of the same office, and kept MTEJA_DASHBOARD_FIGURES_SECONDS
    (they depend on the office alone, `clients_in`)."""
    key = f"mteja:dashboard:{user.office.pk}:{user.office.hierarchy}:{clock.today()}"
    found = cache.get(key)
    if found is None:
        found = {
            "offices": client_counts.counts_by_office(user),
            "officers": client_counts.counts_by_officer(user),
            "months": client_counts.new_and_closed_per_month(user),
            "as_of": clock.now(),
        }
        cache.set(key, found, settings.MTEJA_DASHBOARD_FIGURES_SECONDS)
    return found


def dashboard(user) -> dict:
    """Everything the dashboard shows of the user's clients."""
    counted = figures(user)
    by_status = client_counts.counts_by_status(counted["offices"])
    return {
        "queues": [queue_view(queue, user) for queue in QUEUES],
        "total": sum(by_status.values()),
        "as_of": counted["as_of"],
        "charts": [
            status_chart(by_status),
            month_chart(counted["months"]),
            officer_chart(counted["officers"]),
        ],
        "offices": office_table(by_status, counted["offices"]),
    }
