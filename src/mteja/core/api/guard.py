"""What every request to the API's paths meets before sessions, CSRF and authentication: a
body larger than the limit is refused with Fineract's 413 before anything reads it, and a path
that names no endpoint is Fineract's JSON 404 whatever the method.

The limit is Django's DATA_UPLOAD_MAX_MEMORY_SIZE (settings.py), declared once: the web's forms
are held to it by Django itself, the API's JSON bodies by this middleware. An upload may carry
a file besides, up to MTEJA_UPLOAD_MAX_BYTES, or to the limit its endpoint declares by the
name of its setting (`upload_limit_setting`: a client file to import may be far larger)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.urls import Resolver404, re_path, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from mteja.core.api.errors import simple_body
from mteja.core.sizes import file_too_large, request_body_too_large

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
        declared = _declared_length(request)
        limit, file_limit = body_limit(request, declared)
        if limit is not None and declared > limit and is_api_path(request.path_info):
            return body_too_large(limit, file_limit)
        return self.get_response(request)


UPLOAD_LIMIT_SETTING = "MTEJA_UPLOAD_MAX_BYTES"  # an upload's file, unless its view says


def body_limit(request, declared: int = 0) -> tuple[int | None, int | None]:
    """The body's limit, and the limit of the file it may carry (None for none). A JSON
    body's is DATA_UPLOAD_MAX_MEMORY_SIZE; an upload (multipart, or a picture's data URL as
    text) may carry a file besides, up to its endpoint's limit (its own limit is counted as
    it streams). The endpoint is looked up only for a body larger than an ordinary
    upload's."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    content_type = request.META.get("CONTENT_TYPE", "")
    if limit is None or not content_type.startswith(("multipart/form-data", "text/plain")):
        return limit, None
    file_limit = settings.MTEJA_UPLOAD_MAX_BYTES
    if declared > limit + file_limit * 4 // 3:
        file_limit = upload_limit_of(request.path_info)
    return limit + file_limit * 4 // 3, file_limit


def upload_limit_of(path: str) -> int:
    """The largest file the endpoint at `path` takes: its view's `upload_limit_setting`."""
    try:
        view = resolve(path).func
    except Resolver404:
        view = None
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    return getattr(settings, getattr(view_class, "upload_limit_setting", UPLOAD_LIMIT_SETTING))


def body_too_large(limit: int, file_limit: int | None = None) -> JsonResponse:
    """413, quoting the limit the user can act on: the file's for an upload (the body's
    allows for the form's fields and base64), else the body's."""
    message = request_body_too_large(limit) if file_limit is None else file_too_large(file_limit)
    return JsonResponse(simple_body(413, "error.msg.request.body.too.large", message), status=413)


@csrf_exempt  # answers the same to everyone and changes nothing: no CSRF check to fail first
def api_not_found(request, *args, **kwargs):
    return JsonResponse(
        simple_body(
            404, "error.msg.resource.not.found", _("The requested resource does not exist.")
        ),
        status=404,
    )
