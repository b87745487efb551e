"""What the pages of a client's parts (identity documents, family members, addresses, custom
fields) and of their settings share: the form page of one part, and a confirmation page whose
POST runs the action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.clients.web.tables import status_badge
from mteja.core.web.forms import form_page, run_action


def tab_url(client: Client, tab: str) -> str:
    """The URL of one tab of the client's page (`client_identifiers`, `client_family`, …)."""
    return reverse(f"client_{tab}", args=[client.pk])


def saved(what: str) -> Callable:
    """The message of an edit: saved, or nothing changed (the services return the changes)."""

    def message(result) -> str:
        _record, changes = result
        return what if changes else _("Nothing to save: no field was changed.")

    return message


def part_form_page(
    request,
    client: Client,
    form,
    write: Callable[[], Any],
    *,
    tab: str,
    title: str,
    submit: str,
    success_message,
    params=None,
    **context,
):
    """The add or edit page of one part of a client (clients/kyc_form.html), back to its tab."""
    back = tab_url(client, tab)
    return form_page(
        request,
        form=form,
        template="clients/kyc_form.html",
        write=lambda _data: write(),
        params=params,
        success_url=back,
        success_message=success_message,
        context={
            "client": client,
            "status_badge": status_badge(client.status),
            "title": title,
            "submit_label": submit,
            "cancel_url": back,
            **context,
        },
    )


def confirm_page(
    request,
    *,
    title: str,
    message: str,
    action: Callable[[], Any],
    success_message: str,
    next_url: str,
    confirm_label: str | None = None,
):
    """GET: asks to confirm (core/confirm.html); POST: runs `action`, then back to `next_url`."""
    if request.method != "POST":
        return render(
            request,
            "core/confirm.html",
            {
                "title": title,
                "message": message,
                "confirm_label": confirm_label or _("Delete"),
                "cancel_url": next_url,
            },
        )
    return run_action(request, action, success_message=success_message, next_url=next_url)
