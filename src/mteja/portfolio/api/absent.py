"""What the Mifos X web-app's account pages ask for that Mteja does not keep: account charges,
collateral, guarantors, notes and documents of accounts, delinquency tags and actions,
interest pauses, standing instructions, and the templates of account types Mteja has not
(shares, recurring and fixed deposits).

Each is answered with what is true in Fineract's shape: an empty list, an empty page, a
template whose option lists are empty, and for one item a 404 with Fineract's code. The
account (or client) is looked up first as for its other parts, so one outside the user's
offices is a 404 here too and its READ permission is needed; a request to add one (POST) is
refused with a 403 that says Mteja keeps none, rather than a bare 405.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.response import Response

from mteja.core.api.generic import fetch
from mteja.core.api.routes import endpoint
from mteja.core.api.schema import FineractError
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import DomainError, NotFound
from mteja.portfolio import selectors


def _loan(request, pk):
    return fetch(selectors.loan_rows(), pk, request.user, selectors.loan_not_found)


def _savings(request, pk):
    return fetch(selectors.savings_rows(), pk, request.user, selectors.savings_not_found)


OWNERS = {  # the entity whose READ permission a part needs, and how it is found
    "LOAN": _loan,
    "SAVINGSACCOUNT": _savings,
}


def empty_page(_owner=None, _request=None) -> dict:
    return {"totalFilteredRecords": 0, "pageItems": []}


def empty_list(_owner=None, _request=None) -> list:
    return []


def options(**lists):
    """A template holding `lists`, each empty unless given."""
    return lambda _owner=None, _request=None: {name: list(value) for name, value in lists.items()}


# Fineract's GuarantorType: the create-guarantor screen picks its default from this list.
GUARANTOR_TYPES = [
    {"id": 1, "code": "guarantor.type.customer", "value": "CUSTOMER"},
    {"id": 2, "code": "guarantor.type.staff", "value": "STAFF"},
    {"id": 3, "code": "guarantor.type.external", "value": "EXTERNAL"},
]


@dataclass(frozen=True)
class AbsentPart:
    """One path under an account: what GET answers, what one item's 404 says, whether a POST
    is refused (the parts the web-app has an "add" screen for)."""

    route: str  # after `<accounts>/<id:pk>/`
    name: str
    answer: object = empty_list
    what: str = ""  # a part that has items: their name, in the 404 and the POST refusal
    item_code: str = ""  # Fineract's 404 code of one item
    refuse_code: str = ""  # the POST refusal's code


LOAN_PARTS = [
    AbsentPart("charges", "loan-charges", what=gettext_lazy("Loan charge"),
               item_code="error.msg.loanCharge.id.invalid",
               refuse_code="error.msg.loan.charges.not.supported"),
    AbsentPart("charges/template", "loan-charge-template", options(chargeOptions=[])),
    AbsentPart("collaterals", "loan-collaterals", what=gettext_lazy("Collateral"),
               item_code="error.msg.loan.collateral.id.invalid",
               refuse_code="error.msg.loan.collateral.not.supported"),
    AbsentPart("collaterals/template", "loan-collateral-template",
               options(allowedCollateralTypes=[])),
    AbsentPart("guarantors", "loan-guarantors", what=gettext_lazy("Guarantor"),
               item_code="error.msg.loan.guarantor.not.found",
               refuse_code="error.msg.loan.guarantor.not.supported"),
    AbsentPart("guarantors/template", "loan-guarantor-template",
               options(guarantorTypeOptions=GUARANTOR_TYPES, allowedClientRelationshipTypes=[],
                       accountLinkingOptions=[])),
    AbsentPart("guarantors/accounts/template", "loan-guarantor-accounts-template",
               options(accountLinkingOptions=[])),
    AbsentPart("notes", "loan-notes", what=gettext_lazy("Note"),
               item_code="error.msg.note.id.invalid",
               refuse_code="error.msg.loan.notes.not.supported"),
    AbsentPart("documents", "loan-documents", what=gettext_lazy("Document"),
               item_code="error.msg.document.id.invalid",
               refuse_code="error.msg.loan.documents.not.supported"),
    AbsentPart("delinquencytags", "loan-delinquency-tags"),
    AbsentPart("delinquency-actions", "loan-delinquency-actions"),
    AbsentPart("interest-pauses", "loan-interest-pauses"),
]  # fmt: skip

SAVINGS_PARTS = [
    AbsentPart("charges", "savings-charges", what=gettext_lazy("Savings account charge"),
               item_code="error.msg.savings.account.charge.id.invalid",
               refuse_code="error.msg.savingsaccount.charges.not.supported"),
    AbsentPart("charges/template", "savings-charge-template", options(chargeOptions=[])),
]  # fmt: skip

# Fineract serves notes and documents of a savings account under `/savings/{id}/…`.
SAVINGS_ENTITY_PARTS = [
    AbsentPart("notes", "savings-notes", what=gettext_lazy("Note"),
               item_code="error.msg.note.id.invalid",
               refuse_code="error.msg.savingsaccount.notes.not.supported"),
    AbsentPart("documents", "savings-documents", what=gettext_lazy("Document"),
               item_code="error.msg.document.id.invalid",
               refuse_code="error.msg.savingsaccount.documents.not.supported"),
]  # fmt: skip

NONE_SUCH = {404: OpenApiResponse(FineractError, description="None exists: Mteja keeps none.")}
REFUSED = {403: OpenApiResponse(FineractError, description="Mteja keeps none: not added.")}


class AbsentPartsView(FineractAPIView):
    """GET: the part's answer once the owner is found in the user's scope; POST: refused."""

    part: AbsentPart
    owner_entity = ""

    def required_permission(self, request) -> str:
        if request.method == "GET":
            return f"READ_{self.owner_entity}"
        return super().required_permission(request)

    @extend_schema(responses=OpenApiTypes.ANY)
    def get(self, request, pk: int):
        owner = OWNERS[self.owner_entity](request, pk)
        return Response(self.part.answer(owner, request))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=REFUSED)
    def post(self, request, pk: int):
        OWNERS[self.owner_entity](request, pk)
        message = _("Mteja keeps no records of this kind (%(what)s): none can be added.") % {
            "what": self.part.what
        }
        raise DomainError(self.part.refuse_code, message)


class AbsentPartView(FineractAPIView):
    """GET of one item: 404 with Fineract's code once the owner is found."""

    part: AbsentPart
    owner_entity = ""

    def required_permission(self, request) -> str:
        return f"READ_{self.owner_entity}"

    @extend_schema(responses=NONE_SUCH)
    def get(self, request, pk: int, part_id: int):
        OWNERS[self.owner_entity](request, pk)
        message = _("%(what)s with identifier %(id)s does not exist.") % {
            "what": self.part.what, "id": part_id,
        }  # fmt: skip
        raise NotFound(self.part.item_code, message, value=part_id)


def _views(prefix: str, entity: str, parts: list[AbsentPart]) -> list:
    routes = []
    for part in parts:
        attrs = {"part": part, "owner_entity": entity, "entity": entity}
        name = "".join(word.title() for word in part.name.split("-"))
        many = type(f"{name}View", (AbsentPartsView,), attrs)
        if not part.refuse_code:
            many.http_method_names = ["get", "head", "options"]
        routes.append(endpoint(f"{prefix}/<id:pk>/{part.route}", many, part.name))
        if part.item_code:
            one = extend_schema_view(get=extend_schema(operation_id=f"{part.name}_item"))(
                type(f"{name}ItemView", (AbsentPartView,), attrs)
            )
            one.http_method_names = ["get", "head", "options"]
            routes.append(
                endpoint(f"{prefix}/<id:pk>/{part.route}/<id:part_id>", one, f"{part.name}-item")
            )
    return routes


urlpatterns = [
    *_views("loans", "LOAN", LOAN_PARTS),
    *_views("savingsaccounts", "SAVINGSACCOUNT", SAVINGS_PARTS),
    *_views("savings", "SAVINGSACCOUNT", SAVINGS_ENTITY_PARTS),
]
