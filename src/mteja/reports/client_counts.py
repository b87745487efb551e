"""The client figures of the staff dashboard, for a user's offices: clients by status, by
office and status, by loan officer, and new and closed clients month by month.

Each is one GROUP BY on indexed columns (status; office and status; staff), answering a row per
status, office or officer whatever the number of clients; the months are the dashboard
reports' own per-day counts (reports.dashboard), summed by month.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count

from mteja.clients.models import ClientStatus
from mteja.organisation.models import Office, Staff
from mteja.reports.dashboard import clients_in, counts_per_month

MONTHS_SHOWN = 12
OFFICERS_SHOWN = 10


@dataclass(frozen=True)
class OfficeCounts:
    office: Office
    by_status: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class OfficerCount:
    staff: Staff | None  # None: the clients without a loan officer
    count: int


@dataclass(frozen=True)
class MonthCounts:
    month: datetime.date  # its first day
    new: int
    closed: int


def counts_by_status(offices: list[OfficeCounts]) -> dict[int, int]:
    """{status: clients} of the user's offices, every status present (0 where none), from
    `counts_by_office` (the first office is the user's own, its subtree's sums)."""
    found = offices[0].by_status if offices else {}
    return {status: found.get(status, 0) for status in ClientStatus.values}


def counts_by_office(user) -> list[OfficeCounts]:
    """Each of the user's offices with clients in it or below it, in the tree's order, with
    those clients by status (as the clients list's "office and below" filter finds them):
    one GROUP BY office, status; one read of the offices; the sums up the tree in Python."""
    rows = (
        clients_in(user, user.office)
        .order_by()
        .values("office_id", "status")
        .annotate(n=Count("id"))
    )
    offices = {
        office.pk: office
        for office in Office.objects.filter(hierarchy__startswith=user.office.hierarchy)
    }
    by_hierarchy = {office.hierarchy: office.pk for office in offices.values()}
    sums: dict[int, dict[int, int]] = {}
    for row in rows:
        office = offices.get(row["office_id"])
        if office is None:
            continue
        for ancestor in office.lineage:
            if ancestor in by_hierarchy:
                counts = sums.setdefault(by_hierarchy[ancestor], {})
                counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
    shown = sorted(sums, key=lambda pk: offices[pk].hierarchy)
    return [OfficeCounts(offices[pk], sums[pk]) for pk in shown]


def counts_by_officer(user, shown: int = OFFICERS_SHOWN) -> list[OfficerCount]:
    """The loan officers serving the most of the user's clients (at most `shown`), most
    first, then the clients without one (when there are)."""
    rows = list(
        clients_in(user, user.office)
        .order_by()
        .values("staff_id")
        .annotate(n=Count("id"))
        .order_by("-n", "staff_id")
    )
    unserved = sum(row["n"] for row in rows if row["staff_id"] is None)
    top = [row for row in rows if row["staff_id"] is not None][:shown]
    staff = Staff.objects.in_bulk([row["staff_id"] for row in top])
    counts = [OfficerCount(staff[row["staff_id"]], row["n"]) for row in top]
    if unserved:
        counts.append(OfficerCount(None, unserved))
    return counts


def new_and_closed_per_month(user, months: int = MONTHS_SHOWN) -> list[MonthCounts]:
    """Clients activated and clients closed in each of the last `months` months (this one
    last) in the user's offices."""
    clients = clients_in(user, user.office).order_by()
    new = counts_per_month(clients, "activation_date", months)
    closed = dict(counts_per_month(clients, "closed_on", months))
    return [MonthCounts(month, n, closed[month]) for month, n in new]
