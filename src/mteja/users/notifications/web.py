"""Mteja's own tray: a bell in every page's header showing the unread count (fetched after the
page by htmx, so no page waits for it), and the page listing the user's notifications."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mteja.core.web.access import permission_required
from mteja.users.notifications import messages, reach, selectors, services

PAGE_SIZE = 25
# Where each object type's page is (an object type without one is shown unlinked).
OBJECT_PAGES = {"client": "client_detail", "import": "client_import_job"}


def _link(notification) -> str:
    name = OBJECT_PAGES.get(notification.object_type)
    try:
        return reverse(name, args=[notification.object_id]) if name else ""
    except NoReverseMatch:
        return ""


@permission_required(None)
def notifications_bell(request):
    return render(
        request,
        "users/_notifications_bell.html",
        {"unread": selectors.unread_count(request.user)},
    )


@permission_required(None)
def notifications_page(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    closed = reach.closed(request.user, shown)  # their object no longer the reader's to open
    rows = [
        {
            "content": messages.content(n.action, n.params),
            "link": "" if n.pk in closed else _link(n),
            "closed": closed.get(n.pk, ""),
            "is_read": n.is_read,
            "created_at": n.created_at,
        }
        for n in shown
    ]
    return render(
        request,
        "users/notifications.html",
        {"page": page, "rows": rows, "unread": selectors.unread_count(request.user)},
    )


@permission_required(None)
@require_POST
def notifications_mark_read(request):
    services.mark_read(request.user)
    flash.success(request, _("All your notifications are marked read."))
    return redirect("notifications_page")
