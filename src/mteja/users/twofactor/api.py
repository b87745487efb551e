"""Fineract's two-factor API: `GET/POST /twofactor`, `POST /twofactor/validate`,
`POST /twofactor/invalidate`, and the `Fineract-Platform-TFA-Token` header every other call
of a user who needs a second factor carries beside HTTP Basic. Mteja's codes come from an
authenticator app (TOTP), so "requesting" one sends nothing. Plus Mteja's reset of a user's
enrolment: `DELETE /users/{userId}/twofactor`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from mteja.core import wire
from mteja.core.api.fields import StrictCharField, WriteResultSerializer
from mteja.core.api.generic import fetch
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.query import query_bool
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.users import selectors
from mteja.users.models import AppUser
from mteja.users.twofactor import services

# Fineract's delivery methods are "sms" and "email"; Mteja's one is the user's app.
DELIVERY_METHOD = "authenticator"


class TwoFactorAPIView(FineractAPIView):
    """Open to any authenticated user, before the second factor."""

    two_factor_exempt = True

    def required_permission(self, request):
        return None


DeliveryMethodOutput = inline_serializer(
    "TwoFactorDeliveryMethod",
    {"name": serializers.CharField(), "target": serializers.CharField()},
    many=True,
)
ResourceIdentifierOutput = inline_serializer(
    "TwoFactorResourceIdentifier", {"resourceIdentifier": serializers.CharField()}
)


class TwoFactorView(TwoFactorAPIView):
    @extend_schema(responses=DeliveryMethodOutput)
    def get(self, request):
        """The ways to receive a code: the authenticator app, once one is enrolled."""
        if not services.is_enrolled(request.user):
            return Response([])
        return Response([{"name": DELIVERY_METHOD, "target": services.DEVICE_NAME}])

    @extend_schema(
        parameters=[
            OpenApiParameter("deliveryMethod", str, required=True, enum=[DELIVERY_METHOD]),
            OpenApiParameter("extendedToken", bool, description="Accepted; see validate."),
        ],
        request=None,
        responses=ResourceIdentifierOutput,
    )
    def post(self, request):
        """Fineract sends a code by SMS or email here; the app already shows one, so Mteja
        only checks the method is the user's."""
        method = request.query_params.get("deliveryMethod") or ""
        if method != DELIVERY_METHOD or not services.is_enrolled(request.user):
            raise ValidationFailed(
                [
                    ParameterError(
                        "error.msg.twofactor.delivery.method.invalid",
                        "deliveryMethod",
                        f"The delivery method must be `{DELIVERY_METHOD}`, once an "
                        "authenticator app is enrolled.",
                        method,
                    )
                ]
            )
        query_bool(request.query_params, "extendedToken")
        return Response({"resourceIdentifier": DELIVERY_METHOD})


AccessTokenOutput = inline_serializer(
    "TwoFactorAccessToken",
    {
        "token": serializers.CharField(),
        "validFrom": serializers.IntegerField(help_text="Epoch milliseconds."),
        "validTo": serializers.IntegerField(help_text="Epoch milliseconds."),
    },
)


def _millis(moment) -> int:
    return int(moment.timestamp() * 1000)


class TwoFactorValidateView(TwoFactorAPIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("token", str, required=True, description="The app's code."),
            OpenApiParameter("extendedToken", bool, description="A token valid for longer."),
        ],
        request=None,
        responses=AccessTokenOutput,
    )
    def post(self, request):
        """Exchanges a current code of the user's app (each code once) for an access token."""
        code = request.query_params.get("token") or ""
        if not code:
            raise ValidationFailed(
                [
                    ParameterError(
                        "validation.msg.twofactor.token.cannot.be.blank",
                        "token",
                        "The parameter token is mandatory.",
                    )
                ]
            )
        user = request.user
        if not services.verify_code(user, code):
            raise ValidationFailed(
                [
                    ParameterError(
                        "error.msg.twofactor.code.invalid",
                        "token",
                        "The code is not valid, or was already used.",
                    )
                ]
            )
        extended = bool(query_bool(request.query_params, "extendedToken"))
        issued = services.access_token_issue(user, extended=extended)
        return Response(
            {
                "token": issued.token,
                "validFrom": _millis(issued.valid_from),
                "validTo": _millis(issued.valid_to),
            }
        )


class InvalidateInput(InputSerializer):
    resource = "twofactor"

    token = StrictCharField(max_length=200)


class TwoFactorInvalidateView(TwoFactorAPIView):
    @extend_schema(request=InvalidateInput, responses=ResourceIdentifierOutput)
    def post(self, request):
        """Ends an access token (logging out), as Fineract's web apps do."""
        data = parse_body(InvalidateInput, request.data)
        services.access_token_invalidate(request.user, data["token"])
        return Response({"resourceIdentifier": data["token"]})


class UserTwoFactorResetView(FineractAPIView):
    """Mteja's recovery: an administrator removes a user's app (a lost phone)."""

    entity = "USER"

    def required_permission(self, request) -> str:
        return "UPDATE_USER"

    @extend_schema(request=None, responses=WriteResultSerializer)
    def delete(self, request, pk: int):
        queryset = AppUser.objects.filter(is_deleted=False).select_related("office")
        user = fetch(queryset, pk, request.user, selectors.user_not_found, write=True)
        enrolled = services.two_factor_reset(actor=request.user, user=user)
        changes = {services.ENROLLED: False} if enrolled else {}
        return Response(wire.write_result(user.pk, officeId=user.office_id, changes=changes))
