"""What the pages of a client's parts (identity documents, family members, addresses, custom
fields) and of their settings share: the form page of one part, a confirmation page whose POST
runs the action, and the declarative views of a part's add, edit, delete and action pages
(clients/web/kyc_views.py declares them for identity documents, family members, addresses).

The URL's `pk` names the client, `part_pk` the record: the client must be one the user may
change (another office's: 404 to read, 403 to write; one awaiting a transfer into the user's
office: 403), the record one of the client's own (404). The permission codes are Fineract's
`<ACTION>_<ENTITY>` of the part's model, as core.web.generic derives them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.clients.web.pages import owned_client
from mteja.clients.web.tables import status_badge
from mteja.core.web.forms import form_page, run_action
from mteja.core.web.generic import ObjectActionView, ObjectDeleteView, ObjectEditView, ObjectView


def tab_url(client: Client, tab: str) -> str:
    """The URL of one tab of the client's page (`client_identifiers`, `client_family`, …)."""
    return reverse(f"client_{tab}", args=[client.pk])


def saved(what: str) -> Callable:
    """The message of an edit: saved, or nothing changed (the services return the changes)."""

    def message(result) -> str:
        _record, changes = result
        return what if changes else _("Nothing to save: no field was changed.")

    return message


def part_page_context(client: Client, tab: str, *, title: str, submit: str) -> dict[str, Any]:
    """What clients/kyc_form.html shows around the form of one part of `client`."""
    return {
        "client": client,
        "status_badge": status_badge(client.status),
        "title": title,
        "submit_label": submit,
        "cancel_url": tab_url(client, tab),
    }


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
    return form_page(
        request,
        form=form,
        template="clients/kyc_form.html",
        write=lambda _data: write(),
        params=params,
        success_url=tab_url(client, tab),
        success_message=success_message,
        context={**part_page_context(client, tab, title=title, submit=submit), **context},
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


# --- declarative pages of a part -----------------------------------------------------------


class ClientPartView(ObjectView):
    """A page of one record of a client's part, back to the client's tab `tab`."""

    tab = ""
    find: Callable | None = None  # (client, pk) → the client's record, NotFound if not theirs

    def dispatch(self, request, *args, **kwargs):
        self.client = owned_client(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return type(self).find(self.client, self.kwargs["part_pk"])

    def get_next_url(self) -> str:
        return tab_url(self.client, self.tab)

    get_cancel_url = get_next_url

    def get_success_url(self, instance) -> str:
        return self.get_next_url()


class ClientPartEditView(ClientPartView, ObjectEditView):
    """The add page (`as_view(creating=True)`) and the edit page of a part: the form turns
    its fields into the service's typed input (`to_input()`), the service takes the client
    (adding) or the record (editing, as `object_kwarg`) and that input as `data`."""

    template_name = "clients/kyc_form.html"
    initial: Callable | None = None  # record → the edit form's fields
    add_title = ""
    edit_title = ""  # names the record with `message_names`
    add_label = ""  # the add page's button
    one_column = False

    def get_form_kwargs(self):
        return {self.object_kwarg: self.object}

    def get_initial(self):
        if self.object is None:
            return super().get_initial()
        return type(self).initial(self.object)

    def write(self, call: Callable[[], Any]):
        """Runs the service `call` (a page may watch what it raises)."""
        return call()

    def create_object(self, data):
        create = type(self).create
        typed = self.bound_form.to_input()
        return self.write(lambda: create(actor=self.actor, client=self.client, data=typed))

    def update_object(self, data):
        update, record = type(self).update, {self.object_kwarg: self.object}
        typed = self.bound_form.to_input()
        return self.write(lambda: update(actor=self.actor, **record, data=typed))

    def get_success_message(self, result) -> str:
        if not self.creating:
            return saved(str(self.saved_message))(result)
        return super().get_success_message(result)

    def get_extra_context(self):
        if self.creating:
            title, submit = self.add_title, self.add_label
        else:
            title, submit = str(self.edit_title) % self.message_names(self.object), _("Save")
        context = part_page_context(self.client, self.tab, title=str(title), submit=str(submit))
        return {**context, "one_column": self.one_column}


class ClientPartDeleteView(ClientPartView, ObjectDeleteView):
    """A confirmation page, then the part's delete service."""


class ClientPartActionView(ClientPartView, ObjectActionView):
    """A button of a part's row without a form of its own (make active): POST only."""


def part_paths(segment: str, name: str, edit: type, delete: type | None = None) -> list:
    """The add, edit and (with `delete`) delete pages of one kind of a client's records:
    clients/<pk>/<segment>/new/, …/<part_pk>/edit/, …/<part_pk>/delete/, named
    client_<name>_create, _update and _delete."""
    base = f"clients/<int:pk>/{segment}"
    paths = [
        path(f"{base}/new/", edit.as_view(creating=True), name=f"client_{name}_create"),
        path(f"{base}/<int:part_pk>/edit/", edit.as_view(), name=f"client_{name}_update"),
    ]
    if delete is not None:
        paths.append(
            path(f"{base}/<int:part_pk>/delete/", delete.as_view(), name=f"client_{name}_delete")
        )
    return paths
