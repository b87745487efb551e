"""`/paymenttypes`: the ways money moves that Mteja records, in Fineract's shape.

Mteja records money that moves at the counter, so it has one payment type, Cash (id 1), the
one every transaction body may name (`common.PAYMENT_TYPE_OPTIONS`). The Mifos X web-app asks
the list on its loan transaction pages (`?onlyWithCode=true`, the types with a code name:
none here) and its organisation pages. The list is how Mteja works, not a setting: creating,
changing or deleting a type answers 405, as `/configurations` does.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from mteja.core.api.query import query_bool
from mteja.core.api.schema import FineractError
from mteja.core.api.views import FineractAPIView
from mteja.portfolio.api.common import PAYMENT_TYPE_OPTIONS, payment_type_not_found


class PaymentTypeOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    isCashPayment = serializers.BooleanField()
    position = serializers.IntegerField()
    codeName = serializers.CharField(required=False, help_text="Absent: no type has a code.")
    isSystemDefined = serializers.BooleanField()


def _wire(payment_type: dict) -> dict:
    # Mteja's own type, not one an administrator made: Fineract's isSystemDefined.
    return {**payment_type, "isSystemDefined": True}


class PaymentTypesView(FineractAPIView):
    entity = "PAYMENTTYPE"

    @extend_schema(
        operation_id="getAllPaymentTypes",
        parameters=[OpenApiParameter("onlyWithCode", bool, description="Only types with a code.")],
        responses=PaymentTypeOut(many=True),
    )
    def get(self, request):
        """The payment types, by position."""
        if query_bool(request.query_params, "onlyWithCode"):
            return Response([_wire(t) for t in PAYMENT_TYPE_OPTIONS if t.get("codeName")])
        return Response([_wire(t) for t in PAYMENT_TYPE_OPTIONS])


class PaymentTypeView(FineractAPIView):
    entity = "PAYMENTTYPE"

    @extend_schema(
        operation_id="retrieveOnePaymentType",
        responses={
            200: PaymentTypeOut,
            404: OpenApiResponse(FineractError, description="No such payment type."),
        },
    )
    def get(self, request, pk: int):
        """One payment type."""
        for payment_type in PAYMENT_TYPE_OPTIONS:
            if payment_type["id"] == pk:
                return Response(_wire(payment_type))
        raise payment_type_not_found(pk)
