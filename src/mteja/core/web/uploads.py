"""Pages that take a file (the client import, a client's documents, an identity document's,
the client's photo). `upload_page` puts the size limit first among the upload handlers, before
the CSRF check reads the body (which it then does, as for any form), so that a file over the
limit is stored no further than it. A body refused as a whole — one Django cannot read as a
form (a part's headers past their bound, no boundary, too many fields or files, the sender
gone), a file over the limit, cut short, or a file field given twice — is answered as the
page's GET with status 400: its form shown again, the reason by its file field
(`upload_form`), never Django's bare "Bad request", and no write can follow (the form is
unbound; the CSRF token of an unread body was never read).

Who may not upload is refused (403) before any of that, whatever the body, none of it read:
the page's own permission by `permission_required`, put outside `upload_page`, and the one a
POST needs besides (`posting`, e.g. CREATE_DOCUMENT on a page READ_DOCUMENT shows) here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from mteja.core.errors import MtejaError
from mteja.core.sizes import file_too_large
from mteja.core.upload_limit import limit_uploads
from mteja.core.upload_names import UNREADABLE, cut_short, one_file_at_a_time, unreadable_form
from mteja.core.web.access import forbidden


def upload_page(
    limit_setting: str = "MTEJA_UPLOAD_MAX_BYTES",
    *,
    posting: str | None = None,
    refuse_unread: Callable[[object], None] | None = None,
):
    """A page taking a file of at most `settings.<limit_setting>` bytes, posted by a user
    holding `posting` (None: whoever may see the page). `refuse_unread(request)` raises the
    MtejaError that refuses a post whatever its body (the user's share of waiting imports,
    their import files' quota), judged before the body is read: the page as first shown,
    the reason by its file, with the error's status; it may bound the file tighter than the
    limit (`request.upload_limit.keep_within`)."""

    def decorate(view):
        protected = csrf_protect(view)

        @wraps(view)
        def page(request, *args, **kwargs):
            may_post = posting is None or request.user.has_fineract_permission(posting)
            if request.method == "POST" and not may_post:
                return forbidden(request)  # the body left unread
            status = 400
            request.upload_limit = limit_uploads(request, getattr(settings, limit_setting))
            request.upload_refused = None
            if request.method == "POST" and refuse_unread is not None:
                try:
                    refuse_unread(request)
                except MtejaError as refused:
                    request.upload_refused, status = str(refused), refused.status
            if request.method == "POST" and request.upload_refused is None:
                request.upload_refused = _refusal(request)
            if request.upload_refused is None:
                return protected(request, *args, **kwargs)
            request.method = "GET"  # the page as first shown, with the reason: nothing written
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                response.status_code = status
            return response

        return csrf_exempt(page)

    return decorate


def _refusal(request) -> str | None:
    """Why the body is refused as a whole, or None. Reading FILES reads the whole body."""
    try:
        files = request.FILES
    except UNREADABLE as unreadable:
        return unreadable_form(unreadable)
    limit = request.upload_limit
    if limit.exceeded:
        return file_too_large(limit.max_bytes)
    beyond_room = limit.refused_beyond_room()
    if beyond_room is not None:
        return str(beyond_room)
    if limit.cut_short:
        return cut_short()
    if any(len(files.getlist(name)) > 1 for name in files):
        return one_file_at_a_time()
    return None


def upload_form(request, form_class: type[forms.BaseForm], *, field: str = "file", **kwargs):
    """The page's form: bound to a POST's data, unbound to a GET; its body refused, the form
    as first shown (the fields after a file stopped at the limit were dropped with it: a box
    shown unticked would not be the user's) with the reason by `field`."""
    if getattr(request, "upload_refused", None):
        form = form_class(**kwargs)
        form.cleaned_data = {}
        form.add_error(field, request.upload_refused)
        return form
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)
