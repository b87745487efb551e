"""The client rules that depend on accounts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mteja.clients.models import Client, ClientStatus
from mteja.core.errors import DomainError
from mteja.portfolio import selectors
from mteja.portfolio.models import (
    OPEN_LOANS,
    OPEN_SAVINGS,
    Loan,
    LoanStatus,
    PortfolioPolicy,
    SavingsAccount,
)


def refuse_close_with_open_accounts(client: Client, day) -> None:
    """Fineract's 403s: a loan still open (submitted, approved or active) or a savings
    account still open keeps the client open; rejected and withdrawn ones do not."""
    if Loan.objects.filter(client=client, status__in=OPEN_LOANS).exists():
        raise DomainError(
            "error.msg.client.close.loan.non-closed",
            _("The client has a loan that is not closed; close or repay it first."),
        )
    if SavingsAccount.objects.filter(client=client, status__in=OPEN_SAVINGS).exists():
        raise DomainError(
            "error.msg.client.close.non-closed.savings.account",
            _("The client has a savings account that is not closed; close it first."),
        )


def ensure_client_may_open(client: Client) -> None:
    """Only an active client opens accounts (Fineract's ClientNotActiveException)."""
    if client.status != ClientStatus.ACTIVE:
        raise DomainError(
            "error.msg.client.not.active.exception",
            _("The client is not active: only an active client can open an account."),
            param="clientId",
            value=client.pk,
        )


def refuse_transfer_in_arrears(client: Client, destination) -> None:
    """Where the institution says so, a client whose loan is in arrears stays where it is."""
    if not PortfolioPolicy.current().refuse_transfer_in_arrears:
        return
    active = Loan.objects.filter(client=client, status=LoanStatus.ACTIVE).select_related("product")
    if any(loan.position.in_arrears for loan in selectors.with_positions(active)):
        raise DomainError(
            "error.msg.client.transfer.loan.in.arrears",
            _("The client has a loan in arrears: the institution does not transfer such clients."),
        )
