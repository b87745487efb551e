"""The API's gate of the second factor (a DRF permission class: imports no view)."""

from __future__ import annotations

from rest_framework.authentication import BasicAuthentication
from rest_framework.permissions import BasePermission

from mteja.core.errors import DomainError
from mteja.users.twofactor import services

TFA_HEADER = "Fineract-Platform-TFA-Token"


def _refusal(code: str, message: str) -> DomainError:
    error = DomainError(code, message, param=TFA_HEADER, status=403)
    error.top_code = "error.msg.not.authorized"
    error.top_message = message
    return error


class TwoFactorVerified(BasePermission):
    """A user with a confirmed app, or a role requiring one, calls the API over HTTP Basic
    with a valid `Fineract-Platform-TFA-Token` (403 otherwise), except `/twofactor` itself. A
    browser session needs none: its login already asked for the code."""

    def has_permission(self, request, view):
        user = request.user
        if getattr(view, "two_factor_exempt", False) or not getattr(user, "is_authenticated", 0):
            return True
        if not isinstance(request.successful_authenticator, BasicAuthentication):
            return True
        token = request.headers.get(TFA_HEADER, "")
        if token and services.access_token_valid(user, token):
            return True
        if not services.required_for(user):
            return True
        if token:
            raise _refusal(
                "error.msg.twofactor.token.invalid",
                "The two-factor access token is not valid or has expired.",
            )
        if not services.is_enrolled(user):
            raise _refusal(
                "error.msg.twofactor.enrolment.required",
                "Your role requires two-factor login: enrol an authenticator app on Mteja's "
                "two-factor page first.",
            )
        raise _refusal(
            "error.msg.twofactor.token.required",
            f"Two-factor authentication is required: send the {TFA_HEADER} header "
            "(POST /twofactor/validate gives one).",
        )
