"""What every request to the API's paths meets before sessions, CSRF and authentication: a
body larger than the limit is refused with Fineract's 413 before anything reads it, and a path
that names no endpoint is Fineract's JSON 404 whatever the method.

The limit is Django's DATA_UPLOAD_MAX_MEMORY_SIZE (settings.py), declared once: the web's forms
are held to it by Django itself, the API's JSON bodies by this middleware."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from mteja.core.api.errors import simple_body

# Every path under these answers JSON (the API at <prefix>/api/v1/, the schema at /api/…).
API_PREFIXES = ("fineract-provider/", "api/")


def is_api_path(path: str) -> bool:
    return path.lstrip("/").startswith(API_PREFIXES)


def not_found_patterns() -> list:
    """The URL patterns, last of the URLconf, that answer the JSON 404 for any other path
    under the API's prefixes (a pattern ending in $ must match the whole path)."""
    # [\s\S], not ".": a path may hold a line break (%0A) too.
    return [re_path(prefix + r"[\s\S]*$", api_not_found) for prefix in API_PREFIXES]


def _declared_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class ApiBodyLimitMiddleware:
    """413 in Fineract's body for an API request whose declared body exceeds the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request)
        too_large = limit is not None and _declared_length(request) > limit
        if too_large and is_api_path(request.path_info):
            return body_too_large(limit)
        return self.get_response(request)


def body_limit(request) -> int | None:
    """A JSON body's limit; an upload (multipart, or a picture's data URL as text) may carry
    a file up to MTEJA_UPLOAD_MAX_BYTES besides (its own limit is counted as it streams)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    content_type = request.META.get("CONTENT_TYPE", "")
    if limit is not None and content_type.startswith(("multipart/form-data", "text/plain")):
        return limit + settings.MTEJA_UPLOAD_MAX_BYTES * 4 // 3
    return limit


def body_too_large(limit: int) -> JsonResponse:
    message = _("The request body is larger than the limit of %(limit)s bytes.") % {"limit": limit}
    return JsonResponse(simple_body(413, "error.msg.request.body.too.large", message), status=413)


@csrf_exempt  # answers the same to everyone and changes nothing: no CSRF check to fail first
def api_not_found(request, *args, **kwargs):
    return JsonResponse(
        simple_body(
            404, "error.msg.resource.not.found", _("The requested resource does not exist.")
        ),
        status=404,
    )
