"""Modules of Fineract that the Mifos X web-app's client menu opens and Mteja has not: screen
report templates ("Client Screen Reports"), collateral products ("Create Collateral") and
surveys ("Survey", "Take Survey"). Each answers what is true, an empty list: no template, no
collateral product, no survey and no scorecard exists. They need READ_CLIENT (they are reached
from a client); a client named in the path is looked up in the user's offices first."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from mteja.clients.api.parts import client_for_read
from mteja.core.api.fields import MAX_ID
from mteja.core.api.query import int_parameter, query_int
from mteja.core.api.routes import endpoint
from mteja.core.api.views import FineractAPIView


class NoneKeptView(FineractAPIView):
    """`GET` of a module's list: empty. Its query parameters are still read (a malformed one
    is a 400), as every list reads them."""

    entity = "CLIENT"
    id_parameters: tuple[str, ...] = ()

    def get(self, request, **kwargs):
        for name in self.id_parameters:
            query_int(request.query_params, name, maximum=MAX_ID)
        if "pk" in kwargs:
            client_for_read(request, kwargs["pk"])
        return Response([])


def _none_kept(name: str, operation_id: str, summary: str, id_parameters=()) -> type:
    @extend_schema(
        operation_id=operation_id,
        summary=summary,
        parameters=[int_parameter(p, 0, MAX_ID) for p in id_parameters],
        responses=OpenApiTypes.ANY,
    )
    def get(self, request, **kwargs):
        return NoneKeptView.get(self, request, **kwargs)

    return type(name, (NoneKeptView,), {"get": get, "id_parameters": id_parameters})


urlpatterns = [
    endpoint(
        "templates",
        _none_kept("TemplatesView", "retrieveAll_templates",
                   "Screen report templates: none", ("entityId", "typeId")),
        "templates",
    ),
    endpoint(
        "collateral-management",
        _none_kept("CollateralProductsView", "getAllCollaterals", "Collateral products: none"),
        "collateral-products",
    ),
    endpoint("surveys", _none_kept("SurveysView", "retrieveAllSurveys", "Surveys: none"),
             "surveys"),
    endpoint(
        "surveys/scorecards/clients/<id:pk>",
        _none_kept("ClientScorecardsView", "findByClient", "The client's scorecards: none"),
        "client-scorecards",
    ),
]  # fmt: skip
