"""The figures of the reports: each a fixed number of aggregate queries, whatever the number of
accounts, members or installments.

Mteja's loans are loans of clients (it keeps no group loans), so the group figures of Fineract's
GroupSummaryCounts are counted, honestly, as none.
"""

from __future__ import annotations

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from mteja.clients.models import Client, ClientStatus
from mteja.core import clock
from mteja.groups.models import Center, Group, Membership
from mteja.portfolio.models import (
    ZERO,
    Installment,
    Loan,
    LoanStatus,
    SavingsAccount,
    SavingsStatus,
)

_AMOUNT = DecimalField(max_digits=19, decimal_places=6)

CLIENT_SUMMARY_COLUMNS = (
    "anyLoanCount", "pendingApprovalLoans", "waitingForDisbursalLoans", "activeLoans",
    "closedLoans", "loanCycle", "lastLoanAmount", "anySavingCount", "pendingApprovalSavings",
    "waitingForActivationSavings", "activeSavings", "closedSavings", "totalSavings",
)  # fmt: skip
GROUP_SUMMARY_COLUMNS = (
    "activeClients", "activeGroupLoans", "activeClientLoans", "activeGroupBorrowers",
    "activeClientBorrowers", "overdueGroupLoans", "overdueClientLoans",
)  # fmt: skip


def _counts_by_status(rows, statuses: dict[str, object]) -> dict:
    counts = {"any": Count("id")}
    counts.update({name: Count("id", filter=Q(status=s)) for name, s in statuses.items()})
    return rows.aggregate(**counts)


def client_summary(client: Client) -> dict:
    """Fineract's ClientSummary row: the client's loans and savings by state, its loan cycle
    (the loans it has been disbursed), its latest disbursed loan's amount and its savings."""
    loans = _counts_by_status(
        Loan.objects.filter(client=client),
        {
            "pending": LoanStatus.SUBMITTED,
            "approved": LoanStatus.APPROVED,
            "active": LoanStatus.ACTIVE,
            "closed": LoanStatus.CLOSED,
        },
    )
    disbursed = Loan.objects.filter(client=client, disbursed_on__isnull=False)
    last = disbursed.order_by("-disbursed_on", "-id").values_list("principal", flat=True)[:1]
    savings = SavingsAccount.objects.filter(client=client).aggregate(
        any=Count("id"),
        pending=Count("id", filter=Q(status=SavingsStatus.SUBMITTED)),
        approved=Count("id", filter=Q(status=SavingsStatus.APPROVED)),
        active=Count("id", filter=Q(status=SavingsStatus.ACTIVE)),
        closed=Count("id", filter=Q(status=SavingsStatus.CLOSED)),
        # What the client's active accounts hold (Fineract's figure, whatever the currency).
        total=Coalesce(Sum("balance", filter=Q(status=SavingsStatus.ACTIVE)), Value(ZERO)),
    )
    last_amount = list(last)
    return {
        "anyLoanCount": loans["any"],
        "pendingApprovalLoans": loans["pending"],
        "waitingForDisbursalLoans": loans["approved"],
        "activeLoans": loans["active"],
        "closedLoans": loans["closed"],
        "loanCycle": disbursed.count(),
        "lastLoanAmount": last_amount[0] if last_amount else None,
        "anySavingCount": savings["any"],
        "pendingApprovalSavings": savings["pending"],
        "waitingForActivationSavings": savings["approved"],
        "activeSavings": savings["active"],
        "closedSavings": savings["closed"],
        "totalSavings": savings["total"],
    }


def _fallen_due() -> Subquery:
    """What fell due on a loan before today: the sum of its periods due before today."""
    rows = (
        Installment.objects.filter(loan=OuterRef("pk"), due_date__lt=clock.today())
        .order_by()
        .values("loan")
        .annotate(total=Sum(F("principal") + F("interest")))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=_AMOUNT), Value(ZERO), output_field=_AMOUNT)


def grouping_summary(grouping: Group | Center) -> dict:
    """Fineract's GroupSummaryCounts row of a group, or of a center (its groups together):
    its current members who are active, and their active and overdue loans."""
    groups = Group.objects.filter(center=grouping) if isinstance(grouping, Center) else [grouping]
    members = Membership.objects.current().filter(group__in=groups).values("client_id")
    active_members = Client.objects.filter(pk__in=members, status=ClientStatus.ACTIVE)
    loans = Loan.objects.filter(client__in=Subquery(members), status=LoanStatus.ACTIVE)
    # An active loan is overdue once what fell due exceeds what has been repaid: repayments
    # settle the oldest periods first (portfolio.position's rule), so no period is late then.
    loan_counts = loans.annotate(due=_fallen_due()).aggregate(
        active=Count("id"),
        borrowers=Count("client", distinct=True),
        overdue=Count("id", filter=Q(due__gt=F("principal_repaid") + F("interest_repaid"))),
    )
    return {
        "activeClients": active_members.count(),
        "activeClientLoans": loan_counts["active"],
        "activeClientBorrowers": loan_counts["borrowers"],
        "overdueClientLoans": loan_counts["overdue"],
        "activeGroupLoans": 0,
        "activeGroupBorrowers": 0,
        "overdueGroupLoans": 0,
    }
