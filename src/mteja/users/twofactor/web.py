"""The web login's second step, enrolment and an administrator's reset.

The password step (site's LoginView) does not log in a user who needs a second factor: it
keeps them pending in the session, and only a valid code, or a confirmed enrolment for a user
whose role requires one, logs them in. So a half-logged-in session never reaches any page.
"""

from __future__ import annotations

import time

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from mteja.core.errors import MtejaError
from mteja.core.web.access import permission_required
from mteja.core.web.forms import MtejaForm, add_service_errors
from mteja.core.web.generic import ObjectActionView
from mteja.users.models import AppUser
from mteja.users.twofactor import qr, services
from mteja.users.twofactor.middleware import mark_verified

_PENDING = "mteja_two_factor_pending"
# The second step must follow the first soon: a pending login left alone expires.
PENDING_SECONDS = 300


class CodeForm(MtejaForm):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits your app shows now for Mteja."),
    )


def second_step(request: HttpRequest, user: AppUser, next_url: str) -> HttpResponse | None:
    """Called by the password step: None when the user needs no second factor (log them in);
    otherwise the user is kept pending and sent to the code, or to enrolment first."""
    if not services.required_for(user):
        return None
    request.session.cycle_key()
    request.session[_PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "since": time.time(),
    }
    return redirect("login_code" if services.is_enrolled(user) else "login_enrol")


def _pending(request: HttpRequest) -> tuple[AppUser | None, dict]:
    state = request.session.get(_PENDING) or {}
    if not state or time.time() - state.get("since", 0) > PENDING_SECONDS:
        return None, {}
    user = AppUser.objects.select_related("office").filter(pk=state["user"]).first()
    if user is None or not user.is_active or user.is_deleted:
        return None, {}
    return user, state


def _finish(request: HttpRequest, user: AppUser, state: dict) -> HttpResponse:
    request.session.pop(_PENDING, None)
    login(request, user, backend=state["backend"])
    mark_verified(request)
    next_url = state.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("home")
    return redirect(next_url)


def _restart(request: HttpRequest) -> HttpResponse:
    request.session.pop(_PENDING, None)
    messages.error(request, gettext("Your login took too long. Please log in again."))
    return redirect("login")


@sensitive_post_parameters("code")
def login_code(request: HttpRequest) -> HttpResponse:
    """The code after the password, for a user with a confirmed app."""
    user, state = _pending(request)
    if user is None:
        return _restart(request)
    if not services.is_enrolled(user):
        return redirect("login_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_code(user, form.cleaned_data["code"]):
            return _finish(request, user, state)
        form.add_error(
            "code",
            gettext(
                "The code is not valid, or was already used. Enter the code your app shows now."
            ),
        )
    return render(request, "users/twofactor_code.html", {"form": form, "pending_user": user})


def _enrol_page(request, user: AppUser, *, on_success) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_confirm(user=user, code=form.cleaned_data["code"])
        except MtejaError as error:
            add_service_errors(form, error)
        else:
            return on_success()
    device = services.enrolment_device(user)
    context = {
        "form": form,
        "qr_svg": qr.qr_svg(device),
        "secret": qr.secret_for_typing(device),
        "enrolled": False,
        "pending_user": user,
    }
    return render(request, "users/twofactor_enrol.html", context)


@sensitive_post_parameters("code")
def login_enrol(request: HttpRequest) -> HttpResponse:
    """Enrolment before anything else, for a user whose role requires a second factor."""
    user, state = _pending(request)
    if user is None:
        return _restart(request)
    if services.is_enrolled(user):
        return redirect("login_code")
    return _enrol_page(request, user, on_success=lambda: _finish(request, user, state))


@permission_required(None)
@sensitive_post_parameters("code")
def account_two_factor(request: HttpRequest) -> HttpResponse:
    """A logged-in user's own page: enrol an app (optional unless a role requires it)."""
    # The user itself (not the request's lazy wrapper): the journal names it.
    user = AppUser.objects.select_related("office").get(pk=request.user.pk)
    if services.is_enrolled(user):
        return render(request, "users/twofactor_enrol.html", {"enrolled": True})

    def enrolled() -> HttpResponse:
        mark_verified(request)
        messages.success(request, gettext("Your authenticator app is enrolled."))
        return redirect("account_two_factor")

    return _enrol_page(request, user, on_success=enrolled)


class UserTwoFactorResetView(ObjectActionView):
    """An administrator's recovery (a lost phone): the user's app is forgotten."""

    model = AppUser
    queryset = AppUser.objects.filter(is_deleted=False).select_related("office")
    permission_required = "UPDATE_USER"
    success_message = _("The two-factor login of “%(name)s” was reset.")

    def act(self):
        services.two_factor_reset(actor=self.actor, user=self.object)

    def get_next_url(self):
        return reverse("user_detail", args=[self.object.pk])
