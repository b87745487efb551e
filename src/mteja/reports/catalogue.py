"""The reports Mteja runs, by Fineract's names: what each reads its subject by (a client, a
group or center, an office, each looked up in the user's offices), its columns, and the rows
of figures it computes.

These are the reports the Mifos X web-app reads on its dashboard and on a client's, group's
and center's page. A name not in `REPORTS` is the JSON 404 of any path the API lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mteja.clients.models import Client
from mteja.clients.selectors import client_not_found
from mteja.core.api.views import get_scoped, one
from mteja.groups.models import Center, Group
from mteja.groups.selectors import group_not_found
from mteja.organisation.models import Office
from mteja.organisation.selectors import office_not_found
from mteja.reports import dashboard, figures

# Fineract's generic result set names each column's type; counts are the default.
DECIMAL, DATE, TEXT = ("DECIMAL", "DECIMAL"), ("DATE", "DATE"), ("VARCHAR", "STRING")
INTEGER = ("BIGINT", "INTEGER")


@dataclass(frozen=True)
class Report:
    parameter: str  # the query parameter naming the subject (Fineract's R_…)
    subject: Callable  # (user, id) -> the subject in the user's scope, or a 404
    rows: Callable[..., list[dict]]  # subject -> rows of {column: value}
    columns: tuple[str, ...]
    types: dict[str, tuple[str, str]] = field(default_factory=dict)  # other than INTEGER


def _client(user, client_id: int) -> Client:
    return get_scoped(Client.objects.all(), client_id, user, lambda: client_not_found(client_id))


def _grouping(user, grouping_id: int) -> Group | Center:
    """A group or a center (Fineract's R_groupId names either: they share one sequence)."""
    for model in (Group, Center):
        found = one(model.objects.restrict(user).filter(pk=grouping_id))
        if found is not None:
            return found
    raise group_not_found(grouping_id)


def _office(user, office_id: int) -> tuple:
    office = get_scoped(Office.objects.all(), office_id, user, lambda: office_not_found(office_id))
    return user, office


def _one_row(compute: Callable[..., dict]) -> Callable[..., list[dict]]:
    return lambda subject: [compute(subject)]


def _trends(kind: str, count: str, rows: Callable) -> dict[str, Report]:
    scales = {"Day": ("days", DATE), "Week": ("Weeks", INTEGER), "Month": ("Months", TEXT)}
    return {
        f"{kind}TrendsBy{scale}": Report(
            "R_officeId", _office, rows(period), (count, period), {period: period_type}
        )
        for scale, (period, period_type) in scales.items()
    }


REPORTS: dict[str, Report] = {
    "ClientSummary": Report(
        "R_clientId",
        _client,
        _one_row(figures.client_summary),
        figures.CLIENT_SUMMARY_COLUMNS,
        {"lastLoanAmount": DECIMAL, "totalSavings": DECIMAL},
    ),
    "GroupSummaryCounts": Report(
        "R_groupId",
        _grouping,
        _one_row(figures.grouping_summary),
        figures.GROUP_SUMMARY_COLUMNS,
    ),
    **_trends("Client", "count", dashboard.client_trend),
    **_trends("Loan", "lcount", dashboard.loan_trend),
    "Demand Vs Collection": Report(
        "R_officeId",
        _office,
        dashboard.demand_vs_collection,
        ("AmountDue", "AmountPaid"),
        {"AmountDue": DECIMAL, "AmountPaid": DECIMAL},
    ),
    "Disbursal Vs Awaitingdisbursal": Report(
        "R_officeId",
        _office,
        dashboard.disbursal_vs_awaiting,
        ("amountToBeDisburse", "disbursedAmount"),
        {"amountToBeDisburse": DECIMAL, "disbursedAmount": DECIMAL},
    ),
}
