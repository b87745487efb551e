"""Modules of Fineract that Mteja has not, as the Mifos X web-app's client and account pages
reach them: standing instructions (the accounts' "Standing Instructions" tab), the new-account
templates of shares, recurring deposits and fixed deposits (the client's "Applications"
menu), and an active loan's "Loan Reschedules" and "External Asset Owner" tabs. Each answers
what is true: no standing instruction, reschedule request or asset transfer exists, and no
product of those kinds exists to open an account of.

The client (and the account, when named) is looked up in the user's offices first: 404
outside them, as for every part of a client; the permission is READ_CLIENT for the client's
screens and READ_LOAN for the loan's tabs."""

from __future__ import annotations

import copy

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from mteja.core.api.fields import MAX_ID
from mteja.core.api.generic import fetch
from mteja.core.api.query import int_parameter, query_choice, query_int
from mteja.core.api.routes import endpoint
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.portfolio import selectors
from mteja.portfolio.api.absent import empty_page
from mteja.portfolio.api.common import client_of

# Fineract's fromAccountType: 1 a loan, 2 a savings account.
ACCOUNTS = {
    "1": (selectors.loan_rows, selectors.loan_not_found),
    "2": (selectors.savings_rows, selectors.savings_not_found),
}


def _id_parameter(request, name: str) -> int | None:
    return query_int(request.query_params, name, minimum=1, maximum=MAX_ID)


class StandingInstructionsView(FineractAPIView):
    """`GET /standinginstructions?clientId=&fromAccountId=&fromAccountType=`: an empty page
    (Mteja moves no money between accounts on a schedule)."""

    entity = "CLIENT"

    @extend_schema(
        operation_id="standinginstructions_list",
        parameters=[
            *(int_parameter(name, minimum=1, maximum=MAX_ID) for name in
              ("clientId", "fromAccountId")),
            OpenApiParameter("fromAccountType", int, enum=[1, 2],
                             description="1: a loan, 2: a savings account."),
        ],
        responses=OpenApiTypes.OBJECT,
    )  # fmt: skip
    def get(self, request):
        self.look_up(request, "clientId")
        return Response(empty_page())

    @staticmethod
    def look_up(request, client_param: str) -> None:
        """The client and the account the query names, found in the user's offices (a 404
        outside them); a malformed parameter is a 400."""
        client_id = _id_parameter(request, client_param)
        if client_id is not None:
            client_of(request, client_id)
        account_id = _id_parameter(request, "fromAccountId")
        kind = query_choice(request.query_params, "fromAccountType", ACCOUNTS)
        if account_id is not None and kind is not None:
            rows, not_found = kind
            fetch(rows(), account_id, request.user, not_found)


# The option lists of Fineract's standing instruction template, each empty: the web-app's
# create form reads them and offers nothing to choose.
STANDING_INSTRUCTION_OPTIONS = (
    "fromOfficeOptions", "fromClientOptions", "fromAccountTypeOptions", "fromAccountOptions",
    "toOfficeOptions", "toClientOptions", "toAccountTypeOptions", "toAccountOptions",
    "transferTypeOptions", "statusOptions", "instructionTypeOptions", "priorityOptions",
    "recurrenceTypeOptions", "recurrenceFrequencyOptions",
)  # fmt: skip


class StandingInstructionTemplateView(StandingInstructionsView):
    """`GET /standinginstructions/template?fromClientId=&fromAccountId=&fromAccountType=`:
    the client and account are looked up as for the list, and no option is offered."""

    @extend_schema(
        operation_id="standinginstructions_template",
        parameters=[
            *(int_parameter(name, minimum=1, maximum=MAX_ID) for name in
              ("fromClientId", "fromAccountId", "fromOfficeId")),
            OpenApiParameter("fromAccountType", int, enum=[1, 2],
                             description="1: a loan, 2: a savings account."),
        ],
        responses=OpenApiTypes.OBJECT,
    )  # fmt: skip
    def get(self, request):
        _id_parameter(request, "fromOfficeId")
        self.look_up(request, "fromClientId")
        return Response({name: [] for name in STANDING_INSTRUCTION_OPTIONS})


class AbsentAccountTemplateView(FineractAPIView):
    """`GET /<accounts>/template?clientId=`: the client, and no product to choose."""

    entity = "CLIENT"

    @extend_schema(
        parameters=[int_parameter("clientId", minimum=1, maximum=MAX_ID)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        body = {"productOptions": [], "chargeOptions": []}
        client_id = _id_parameter(request, "clientId")
        if client_id is not None:
            client = client_of(request, client_id)
            body.update(clientId=client.pk, clientName=client.display_name)
        return Response(body)


class LoanTabView(FineractAPIView):
    """`GET /<module>?loanId=`: the loan found in the user's offices, then `answer`."""

    entity = "LOAN"
    answer: dict | list = ()

    @extend_schema(parameters=[int_parameter("loanId", minimum=1, maximum=MAX_ID, required=True)],
                   responses=OpenApiTypes.ANY)  # fmt: skip
    def get(self, request):
        loan_id = _id_parameter(request, "loanId")
        if loan_id is None:
            message = _("The loan is required.")
            code = "validation.msg.loanId.cannot.be.blank"
            raise ValidationFailed([ParameterError(code, "loanId", message)])
        fetch(selectors.loan_rows(), loan_id, request.user, selectors.loan_not_found)
        return Response(copy.deepcopy(self.answer))


# Spring's empty Page, as Fineract answers the external asset owner's transfers.
EMPTY_SPRING_PAGE = {
    "content": [], "empty": True, "first": True, "last": True, "number": 0,
    "numberOfElements": 0, "size": 0, "totalElements": 0, "totalPages": 0,
}  # fmt: skip
LOAN_TABS = (
    ("rescheduleloans", "rescheduleloans", []),
    ("external-asset-owners/transfers", "external-asset-transfers", EMPTY_SPRING_PAGE),
    # No transfer in progress: no `transferId`.
    ("external-asset-owners/transfers/active-transfer", "external-asset-active-transfer", {}),
)

urlpatterns = [
    endpoint("standinginstructions", StandingInstructionsView, "standinginstructions"),
    endpoint("standinginstructions/template", StandingInstructionTemplateView,
             "standinginstructions-template"),
    *(
        endpoint(f"{route}/template", type(f"{name}TemplateView", (AbsentAccountTemplateView,), {}),
                 f"{name}-template")
        for route, name in (("accounts/share", "shareaccount"),
                            ("recurringdepositaccounts", "recurringdepositaccount"),
                            ("fixeddepositaccounts", "fixeddepositaccount"))
    ),
    *(
        endpoint(route, type("".join(w.title() for w in name.split("-")) + "View",
                             (LoanTabView,), {"answer": answer}), name)
        for route, name, answer in LOAN_TABS
    ),
]  # fmt: skip
