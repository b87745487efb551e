"""Site-wide pages: the dashboard (dashboard.py, recent.py), login/logout and the audit log."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mteja.core.web.access import permission_required
from mteja.core.web.tables import AuditEventTable, configure
from mteja.organisation.models import Office, Staff
from mteja.site.web.dashboard import dashboard
from mteja.site.web.filters import AuditEventFilter, known_actions, known_entities
from mteja.site.web.recent import recent_changes
from mteja.users.models import AppUser
from mteja.users.twofactor.web import second_step


class LoginView(auth_views.LoginView):
    """Django's login: its form authenticates with the request, so django-axes counts every
    failure against the username and locks the account out, not the branch's address."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        # A user who needs a second factor is logged in only once it is given.
        pending = second_step(self.request, form.get_user(), self.get_success_url())
        return pending or super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST from the menu (Django refuses GET)."""


@permission_required(None)
def home(request):
    user = request.user
    tiles = []
    if user.has_fineract_permission("READ_OFFICE"):
        offices = Office.objects.restrict(user)
        tiles.append(_tile("office_list", _("Offices"), offices.count()))
    if user.has_fineract_permission("READ_STAFF"):
        active_staff = Staff.objects.restrict(user).filter(is_active=True)
        tiles.append(_tile("staff_list", _("Active staff"), active_staff.count()))
    if user.has_fineract_permission("READ_USER"):
        users = AppUser.objects.restrict(user).filter(is_deleted=False)
        tiles.append(_tile("user_list", _("Users"), users.count()))
    recent = recent_changes(user) if user.has_fineract_permission("READ_AUDIT") else None
    board = dashboard(user) if user.has_fineract_permission("READ_CLIENT") else None
    return render(
        request,
        "site/home.html",
        {"tiles": tiles, "recent_events": recent, "dashboard": board},
    )


def _tile(url_name: str, label: str, count: int) -> dict:
    return {"url": reverse(url_name), "label": label, "count": count}


@permission_required("READ_AUDIT")
@require_safe
def audit_list(request):
    filterset = AuditEventFilter(request.GET or None, user=request.user)
    table = configure(request, AuditEventTable(filterset.qs), lazy=True)
    return render(
        request,
        "core/audit_list.html",
        {
            "filter": filterset,
            "filters": filterset.form,
            "table": table,
            "entities": known_entities(),
            "actions": known_actions(),
        },
    )
