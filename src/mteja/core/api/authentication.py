"""HTTP Basic, with django-axes counting failed logins per username, verified credentials
remembered briefly and failed ones throttled (credentials.py)."""

from django.contrib.auth import authenticate
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication

from mteja.core.api import credentials


class LockedOut(exceptions.AuthenticationFailed):
    fineract_code = "error.msg.user.locked.out"


class BadCredentials(exceptions.AuthenticationFailed):
    fineract_code = "error.msg.not.authenticated"


def authenticate_user(request, username: str, password: str):
    """Checks credentials through axes; raises LockedOut or BadCredentials.

    `request` is Django's HttpRequest: axes records attempts on it and marks lock-outs.
    While this worker sees a flood of failures, refuses at once (429) rather than hashing.
    """
    credentials.refuse_if_flooded()
    user = authenticate(request=request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        # The API answers the lock-out itself (401, Fineract body); left set, the flag would
        # make axes' middleware swap in its HTML lock-out page.
        request.axes_locked_out = False
        raise LockedOut("Too many failed logins: this account is locked for a while.")
    if user is None or not user.is_active:
        credentials.count_failure()
        raise BadCredentials("Invalid username or password.")
    return user


class FineractBasicAuthentication(BasicAuthentication):
    www_authenticate_realm = "Mteja"

    def authenticate_credentials(self, userid, password, request=None):
        http_request = getattr(request, "_request", request)
        user = credentials.remembered_user(http_request, userid, password)
        if user is None:
            user = authenticate_user(http_request, userid, password)
            credentials.remember(userid, password, user)
        return (user, None)
