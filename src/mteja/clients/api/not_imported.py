"""The Mifos X web-app's bulk imports that Mteja does not make (decision 254).

Its Organization › Bulk Import page lists eighteen; each asks `{suffix}/downloadtemplate` for
the file to fill in and posts it to `{suffix}/uploadtemplate`. Mteja imports clients alone
(`clients/…`: imports.py, jobs.py); the others answered the 404 of an unknown address, which
says nothing of why. They now answer Fineract's error body saying that Mteja imports clients
only, to any signed-in user (it tells nothing of the data). The page's list of past imports
(`GET /imports?entityType=offices`) stays an empty list, true of them and what lets the page
open to show the refusal."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema

from mteja.core.api.routes import endpoint
from mteja.core.api.schema import FineractError
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import NotFound

# The web-app's entityType of each, and the address it asks (its bulk-imports.ts), clients
# aside. Guarantors' address names loan 1 whatever the loan: any loan id is taken.
WEB_APP_BULK_IMPORTS = {
    "offices": "offices",
    "users": "users",
    "groups": "groups",
    "centers": "centers",
    "staff": "staff",
    "guarantors": "loans/<int:loan_id>/guarantors",
    "gljournalentries": "journalentries",
    "loans": "loans",
    "savingsaccount": "savingsaccounts",
    "fixeddepositaccounts": "fixeddepositaccounts",
    "recurringdeposits": "recurringdepositaccounts",
    "chartofaccounts": "glaccounts",
    "shareaccounts": "accounts/share",
    "loantransactions": "loans/repayments",
    "savingstransactions": "savingsaccounts/transactions",
    "fixeddeposittransactions": "fixeddepositaccounts/transaction",
    "recurringdepositstransactions": "recurringdepositaccounts/transactions",
}
REFUSED = {404: OpenApiResponse(FineractError, description="Mteja imports clients only.")}


class NotImportedView(FineractAPIView):
    entity_type: str

    def required_permission(self, request):
        return None  # signed in: the refusal names no record

    def refused(self) -> NotFound:
        return NotFound(
            "error.msg.import.entity.not.supported",
            _("Mteja imports clients only: the bulk import of “%(entity)s” is not available.")
            % {"entity": self.entity_type},
            param="entityType",
            value=self.entity_type,
        )

    @extend_schema(responses=REFUSED)
    def get(self, request, **kwargs):
        raise self.refused()

    @extend_schema(request=None, responses=REFUSED)
    def post(self, request, **kwargs):
        raise self.refused()


def _patterns():
    for entity_type, suffix in WEB_APP_BULK_IMPORTS.items():
        view = type(f"NotImported_{entity_type}", (NotImportedView,), {"entity_type": entity_type})
        for action in ("downloadtemplate", "uploadtemplate"):
            yield endpoint(f"{suffix}/{action}", view)


urlpatterns = list(_patterns())
