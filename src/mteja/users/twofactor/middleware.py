"""Sessions opened without the second factor end once one is required: a role made to require
it, or an app enrolled elsewhere, applies from the user's next page, not their next login."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from mteja.users.twofactor import services

# Set in the session by a login that asked for the code (or by enrolment).
VERIFIED = "mteja_two_factor_verified"


def mark_verified(request) -> None:
    request.session[VERIFIED] = True


class TwoFactorSessionMiddleware:
    """Logs out a session user who now needs a second factor the session never gave; the
    request goes on anonymous (a page sends them to the login, the API answers 401). Reads no
    row once warm: the requirement is kept by each worker (services.required_for)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(VERIFIED)
            and services.required_for(user)
        ):
            logout(request)
            messages.info(request, _("Two-factor login is now required: please log in again."))
        return self.get_response(request)
