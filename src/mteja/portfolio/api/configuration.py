"""The one global configuration the Mifos X web-app's loan view asks for before it opens
(`GET /configurations/name/loan-arrears-delinquency-display-data`): which of arrears and
delinquency the view shows. Mteja has no configuration of its own for it; it answers
Fineract's default (value 0: both), which the screen needs and nothing else reads."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from mteja.core.api.views import FineractAPIView

LOAN_ARREARS_DISPLAY = "loan-arrears-delinquency-display-data"


class LoanArrearsDisplayView(FineractAPIView):
    entity = "LOAN"  # read by the loan view only: who may read loans may read this

    @extend_schema(
        operation_id="configurations_loan_arrears_display",
        responses=inline_serializer(
            "GlobalConfigurationOut",
            {
                "name": serializers.CharField(),
                "enabled": serializers.BooleanField(),
                "value": serializers.IntegerField(),
                "trapDoor": serializers.BooleanField(),
            },
        ),
    )
    def get(self, request):
        return Response(
            {"name": LOAN_ARREARS_DISPLAY, "enabled": True, "value": 0, "trapDoor": False}
        )
