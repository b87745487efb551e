"""A database that does not answer (a dropped connection, a restart, a lock or statement that
timed out) is the server's fault, not the request's: 503 with Retry-After, never the 409 of a
real integrity conflict and never a 500.

Connections are health-checked at the start of each request (CONN_HEALTH_CHECKS, settings.py),
so a restarted database costs no request; only one caught mid-request meets this answer. It
is Django's handler500 too (urls.py), so a fault outside the API's views (in a middleware, on
a web page) answers alike: JSON under the API's paths, a page elsewhere; `bad_request`, the
handler400, does as much for a request Django refuses (more query parameters than
DATA_UPLOAD_MAX_NUMBER_FIELDS).
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from mteja.core.api.errors import simple_body
from mteja.core.api.guard import is_api_path

logger = logging.getLogger("mteja.faults")

DATABASE_FAULTS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def is_database_fault(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_FAULTS)


def unavailable_body() -> dict:
    return simple_body(
        503,
        "error.msg.service.unavailable",
        _("The database did not answer; try again in a few seconds."),
    )


def unavailable(response: HttpResponse, exc: BaseException) -> HttpResponse:
    """`response` marked to be retried; the fault logged by its kind only (no data)."""
    logger.warning("database unavailable: %s", type(exc).__name__)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, *args, **kwargs):
    """handler500: a database fault is a 503; anything else a 500, in JSON under the API."""
    exc = sys.exc_info()[1]
    api = is_api_path(request.path_info)
    if is_database_fault(exc):
        if api:
            return unavailable(JsonResponse(unavailable_body(), status=503), exc)
        page = loader.get_template("503.html").render({}, request)
        return unavailable(HttpResponse(page, status=503), exc)
    if api:
        message = _("The request could not be completed; nothing was changed.")
        return JsonResponse(simple_body(500, "error.msg.internal.error", message), status=500)
    return defaults.server_error(request, *args, **kwargs)


def bad_request(request, exception, *args, **kwargs):
    """handler400: a request Django refuses outside a view's own error handling (too many
    parameters, read again once the view has answered), in JSON under the API."""
    if is_api_path(request.path_info):
        message = _("The request is refused: too many parameters, or otherwise malformed.")
        return JsonResponse(simple_body(400, "error.msg.invalid.request", message), status=400)
    return defaults.bad_request(request, exception, *args, **kwargs)
