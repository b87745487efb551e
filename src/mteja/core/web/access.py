"""The one gate of every web page: logged in, holding the page's permission code.

`permission_required("READ_OFFICE")` wraps a view. Anonymous visitors go to the login page;
users without the code get the 403 page; a record outside the user's office subtree (Http404,
NotFound) gets the 404 page, and a write outside it (NotAuthorized) the 403 page. Each of
those pages is rendered with the navigation, so the user can carry on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect

from mteja.core.errors import NotAuthorized, NotFound
from mteja.core.web.navigation import PermissionLookup


def permission_required(code: str | None) -> Callable:
    """Login plus the Fineract permission `code`; `None` means "any logged-in user"."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return to_login(request)
            request.can = PermissionLookup(user)
            if not user.has_fineract_permission(code):
                return forbidden(request)
            try:
                return view(request, *args, **kwargs)
            except (Http404, NotFound):
                return not_found(request)
            except (PermissionDenied, NotAuthorized):
                return forbidden(request)

        guarded.permission_code = code
        return guarded

    return decorator


def to_login(request: HttpRequest) -> HttpResponse:
    """The login page, then back. A part of a page that htmx asks for (an import's progress
    polled every 2 s, the bell, a drop-down's options) once the session has ended sends the
    whole tab there, and back to that page: followed as a plain redirect, the login page,
    header and all, would be swapped into the page in the part's place."""
    if getattr(request, "htmx", False):
        page = request.htmx.current_url_abs_path or "/"
        return HttpResponseClientRedirect(redirect_to_login(page).url)
    return redirect_to_login(request.get_full_path())


def forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "404.html", status=404)
