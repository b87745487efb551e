"""What a client's page asks for that Mteja does not keep: charges (fees) and collateral
(absent_menu.py: the client menu's other modules).

Mteja holds no client charges and no collateral, so it answers Fineract's shapes honestly
empty: an empty page of charges, an empty list of collateral (and of the collateral products
the template offers), and a 404 for any one of them. The client is looked up as for every part
of a client, so a client outside the user's offices is a 404 here too, and the user needs
READ_CLIENT; nothing is shown but the absence of rows.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients.api.parts import client_for_read
from mteja.core.api.routes import endpoint
from mteja.core.api.schema import FineractError
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import NotFound

EMPTY_PAGE = inline_serializer(
    "ClientChargesPage",
    {
        "totalFilteredRecords": serializers.IntegerField(),
        "pageItems": serializers.ListField(child=serializers.DictField()),
    },
)
EMPTY_LIST = inline_serializer("ClientCollateral", {}, many=True)
NONE_SUCH = {404: OpenApiResponse(FineractError, description="None exists: Mteja keeps none.")}


class AbsentPartsView(FineractAPIView):
    # GET answers `empty()` once the client is found in the user's scope.
    entity = "CLIENT"
    empty: object

    def get(self, request, pk: int):
        client_for_read(request, pk)
        return Response(self.empty())


class AbsentPartView(FineractAPIView):
    # GET of one part: 404 with `code` once the client is found (what does not exist).
    entity = "CLIENT"
    code: str
    what: str

    def get(self, request, pk: int, part_id: int):
        client_for_read(request, pk)
        message = _("%(what)s with identifier %(id)s does not exist for client %(client)s") % {
            "what": self.what,
            "id": part_id,
            "client": pk,
        }
        raise NotFound(self.code, message, value=part_id)


def _empty_page() -> dict:
    return {"totalFilteredRecords": 0, "pageItems": []}


class ClientChargesView(AbsentPartsView):
    empty = staticmethod(_empty_page)

    @extend_schema(operation_id="retrieveAllClientCharges", responses=EMPTY_PAGE)
    def get(self, request, pk: int):
        """The client's charges: none, as Mteja keeps no client charges."""
        return super().get(request, pk)


class ClientChargeTemplateView(AbsentPartsView):
    empty = staticmethod(lambda: {"chargeOptions": []})

    @extend_schema(
        operation_id="retrieveTemplate",
        responses=inline_serializer(
            "ClientChargeTemplate",
            {"chargeOptions": serializers.ListField(child=serializers.DictField())},
        ),
    )
    def get(self, request, pk: int):
        """What a charge of the client may be: no charge product, as Mteja keeps none."""
        return super().get(request, pk)


class ClientChargeView(AbsentPartView):
    code, what = "error.msg.client.charge.not.found", gettext_lazy("Client charge")

    @extend_schema(operation_id="retrieveClientCharge", responses=NONE_SUCH)
    def get(self, request, pk: int, part_id: int):
        """One charge of the client: none exists (404)."""
        return super().get(request, pk, part_id)


class ClientCollateralsView(AbsentPartsView):
    empty = staticmethod(list)

    @extend_schema(operation_id="getClientCollateral", responses=EMPTY_LIST)
    def get(self, request, pk: int):
        """The client's collateral: none, as Mteja keeps no collateral."""
        return super().get(request, pk)


class ClientCollateralTemplateView(AbsentPartsView):
    empty = staticmethod(list)

    @extend_schema(operation_id="getClientCollateralTemplate", responses=EMPTY_LIST)
    def get(self, request, pk: int):
        """The collateral products a client's collateral may be of: none."""
        return super().get(request, pk)


class ClientCollateralView(AbsentPartView):
    code, what = "error.msg.client.collateral.not.found", gettext_lazy("Client collateral")

    @extend_schema(operation_id="getClientCollateralData", responses=NONE_SUCH)
    def get(self, request, pk: int, part_id: int):
        """One collateral of the client: none exists (404)."""
        return super().get(request, pk, part_id)


urlpatterns = [
    endpoint("clients/<id:pk>/charges", ClientChargesView, "client-charges"),
    endpoint(
        "clients/<id:pk>/charges/template", ClientChargeTemplateView, "client-charge-template"
    ),
    endpoint("clients/<id:pk>/charges/<id:part_id>", ClientChargeView, "client-charge"),
    endpoint("clients/<id:pk>/collaterals", ClientCollateralsView, "client-collaterals"),
    endpoint(
        "clients/<id:pk>/collaterals/template",
        ClientCollateralTemplateView,
        "client-collateral-template",
    ),
    endpoint("clients/<id:pk>/collaterals/<id:part_id>", ClientCollateralView, "client-collateral"),
]
