"""`GET /clients/{id}/accounts` (and by external id): the client's accounts, as the Mifos X
web-app's client page reads them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from mteja.clients import selectors as client_selectors
from mteja.clients.models import Client
from mteja.core.api.views import FineractAPIView, get_scoped
from mteja.portfolio import selectors
from mteja.portfolio.api import outputs, schemas


def accounts_body(client: Client) -> dict:
    savings, loans = selectors.client_accounts(client)
    return {
        "savingsAccounts": [outputs.savings_summary(a) for a in savings],
        "loanAccounts": [outputs.loan_summary(loan) for loan in loans],
        "shareAccounts": [],
    }


class ClientAccountsView(FineractAPIView):
    entity = "CLIENT"

    @extend_schema(responses=schemas.ClientAccountsOut)
    def get(self, request, pk):
        client = get_scoped(
            Client.objects.all(), pk, request.user, lambda: client_selectors.client_not_found(pk)
        )
        return Response(accounts_body(client))


class ClientAccountsByExternalIdView(FineractAPIView):
    entity = "CLIENT"

    @extend_schema(responses=schemas.ClientAccountsOut)
    def get(self, request, external_id):
        client = (
            Client.objects.restrict(request.user).filter(external_id=external_id).order_by().first()
        )
        if client is None:
            raise client_selectors.client_external_id_not_found(external_id)
        return Response(accounts_body(client))
