"""DRF exception handler: every failure leaves as Fineract's error body, never a bare 500."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.db import DataError, IntegrityError
from django.http import Http404, UnreadablePostError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.response import Response

from mteja.core import faults
from mteja.core.api.errors import body_for, simple_body
from mteja.core.api.guard import api_not_found  # noqa: F401 (where the URLconf and tests look)
from mteja.core.errors import MtejaError
from mteja.core.upload_names import UNREADABLE, unreadable_form

logger = logging.getLogger("mteja.api")

_DRF_CODES = {
    exceptions.NotAuthenticated: (
        401,
        "error.msg.not.authenticated",
        gettext_lazy("Unauthenticated."),
    ),
    exceptions.AuthenticationFailed: (
        401,
        "error.msg.not.authenticated",
        gettext_lazy("Unauthenticated."),
    ),
    exceptions.PermissionDenied: (
        403,
        "error.msg.not.authorized",
        gettext_lazy("User has no authority to perform this action."),
    ),
    exceptions.NotFound: (404, "error.msg.resource.not.found", gettext_lazy("Resource not found.")),
    exceptions.MethodNotAllowed: (
        405,
        "error.msg.method.not.allowed",
        gettext_lazy("This HTTP method is not allowed here."),
    ),
    exceptions.UnsupportedMediaType: (
        415,
        "error.msg.unsupported.media.type",
        gettext_lazy("The request's Content-Type is not supported."),
    ),
    exceptions.NotAcceptable: (406, "error.msg.not.acceptable", gettext_lazy("Not acceptable.")),
    exceptions.ParseError: (
        400,
        "error.msg.invalid.request.body",
        gettext_lazy("The request body is not valid JSON."),
    ),
    exceptions.Throttled: (429, "error.msg.too.many.requests", gettext_lazy("Too many requests.")),
}


def _is_multipart(context) -> bool:
    """Whether the request failing was an upload (its body not JSON, whatever it broke)."""
    request = context.get("request")
    content_type = request.META.get("CONTENT_TYPE", "") if request is not None else ""
    return content_type.lower().startswith("multipart/")


def fineract_exception_handler(exc, context):
    if isinstance(exc, MtejaError):
        return Response(body_for(exc), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    for cls, (status, code, message) in _DRF_CODES.items():
        if isinstance(exc, cls):
            if cls is exceptions.ParseError and _is_multipart(context):
                message = unreadable_form(exc.detail)
            if cls is exceptions.AuthenticationFailed and getattr(exc, "fineract_code", None):
                code, message = exc.fineract_code, str(exc.detail)
            response = Response(simple_body(status, code, str(message)), status=status)
            if status == 401:
                response["WWW-Authenticate"] = 'Basic realm="Mteja"'
            return response
    if isinstance(exc, exceptions.APIException):
        status = exc.status_code
        return Response(
            simple_body(status, "error.msg.request.failed", str(exc.detail)), status=status
        )
    if faults.is_database_fault(exc):
        return faults.unavailable(Response(faults.unavailable_body(), status=503), exc)
    if isinstance(exc, IntegrityError):
        # A constraint a service did not pre-check: the transaction rolled back, so answer 409
        # and log the kind of error only (no data).
        logger.warning("database conflict: %s", type(exc).__name__)
        return Response(
            simple_body(
                409,
                "error.msg.data.integrity.issue",
                _("The request conflicts with data already stored; nothing was changed."),
            ),
            status=409,
        )
    if isinstance(exc, UNREADABLE) and _is_multipart(context):
        # Too many fields or files, the sender gone before the body's end (an OSError, once a
        # 500): said as the pages say it. (Django's MultiPartParserError came as a ParseError.)
        return Response(
            simple_body(400, "error.msg.invalid.request.body", unreadable_form(exc)), status=400
        )
    if isinstance(exc, SuspiciousOperation | UnreadablePostError):
        # Too many form fields or files in a body (Django's limits on multipart uploads).
        return Response(
            simple_body(400, "error.msg.invalid.request.body", _("The request body is refused.")),
            status=400,
        )
    if isinstance(exc, DataError):
        return Response(
            simple_body(400, "error.msg.invalid.value", _("A value is out of range or malformed.")),
            status=400,
        )
    return None  # anything else is a bug: let it surface as a 500 and be fixed
