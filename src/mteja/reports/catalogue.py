"""The reports Mteja runs, by Fineract's names: what each reads its subject by (a client, a
group or center, looked up in the user's offices) and which figures it computes.

A report is one row of named figures (Fineract's stretchy reports that the Mifos X web-app
reads on a client's, group's and center's page). A name not in `REPORTS` is Fineract's 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mteja.clients.models import Client
from mteja.clients.selectors import client_not_found
from mteja.core.api.views import get_scoped, one
from mteja.groups.models import Center, Group
from mteja.groups.selectors import group_not_found
from mteja.reports import figures


@dataclass(frozen=True)
class Report:
    parameter: str  # the query parameter naming the subject (Fineract's R_…)
    subject: Callable  # (user, id) -> the subject in the user's scope, or 404
    figures: Callable[..., dict]  # subject -> {column: value}
    amounts: frozenset[str] = frozenset()  # the columns that are sums of money


def _client(user, client_id: int) -> Client:
    return get_scoped(Client.objects.all(), client_id, user, lambda: client_not_found(client_id))


def _grouping(user, grouping_id: int) -> Group | Center:
    """A group or a center (Fineract's R_groupId names either: they share one sequence)."""
    for model in (Group, Center):
        found = one(model.objects.restrict(user).filter(pk=grouping_id))
        if found is not None:
            return found
    raise group_not_found(grouping_id)


REPORTS: dict[str, Report] = {
    "ClientSummary": Report(
        "R_clientId",
        _client,
        figures.client_summary,
        frozenset({"lastLoanAmount", "totalSavings"}),
    ),
    "GroupSummaryCounts": Report("R_groupId", _grouping, figures.grouping_summary),
}
