"""The Notes tab of a client's page: add, filter by date and author, edit with the earlier
texts shown, delete. Every write goes through notes.services (audited)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mteja.clients.web.command_actions import office_in_scope
from mteja.clients.web.pages import client_in_scope, client_page, owned_client
from mteja.clients.web.part_pages import confirm_page, part_page_context
from mteja.core.errors import MtejaError
from mteja.core.web.access import permission_required
from mteja.core.web.forms import add_service_errors
from mteja.notes import selectors, services
from mteja.notes.models import Note
from mteja.notes.web.forms import NoteFilterForm, NoteForm
from mteja.users.models import AppUser


def _day_bound(day: datetime.date | None, end: bool = False):
    if day is None:
        return None
    moment = datetime.time.max if end else datetime.time.min
    return datetime.datetime.combine(day, moment, tzinfo=datetime.UTC)


@permission_required("READ_CLIENTNOTE")
def client_notes(request, pk: int):
    client = client_in_scope(request, pk)
    owned = office_in_scope(request.user, client.office)
    can_add = owned and request.user.has_fineract_permission("CREATE_CLIENTNOTE")
    form = NoteForm()
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                services.note_create(
                    actor=request.user, owner=client, text=form.cleaned_data["note"]
                )
            except MtejaError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The note was added."))
                return redirect(reverse("client_notes", args=[client.pk]))
    author_ids = Note.objects.filter(client=client).values("created_by_id")
    authors = AppUser.objects.filter(pk__in=author_ids).order_by("username")
    filters = NoteFilterForm(request.GET or None, authors=authors)
    since = until = author = None
    if filters.is_valid():
        since = _day_bound(filters.cleaned_data["from_date"])
        until = _day_bound(filters.cleaned_data["to_date"], end=True)
        author = int(filters.cleaned_data["author"]) if filters.cleaned_data["author"] else None
    notes = list(selectors.notes_of(client, since=since, until=until, author_id=author))
    can = request.user.has_fineract_permission
    context = {
        "notes": notes,
        "note_form": form,
        "filters": filters,
        "can_add": can_add,
        "can_edit": owned and can("UPDATE_CLIENTNOTE"),
        "can_delete": owned and can("DELETE_CLIENTNOTE"),
        "tab_template": "notes/_tab_notes.html",
    }
    return client_page(request, client, "notes", context)


def _note(client, note_id) -> Note:
    note = selectors.notes_of(client).filter(pk=note_id).first()
    if note is None:
        raise Http404
    return note


@permission_required("UPDATE_CLIENTNOTE")
def note_edit(request, pk: int, note_id: int):
    client = owned_client(request, pk)
    note = _note(client, note_id)
    form = NoteForm(request.POST or None, initial={"note": note.note})
    back = reverse("client_notes", args=[client.pk])
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.note_update(
                actor=request.user, note=note, text=form.cleaned_data["note"]
            )
        except MtejaError as error:
            add_service_errors(form, error)
        else:
            text = (
                _("The note was saved.") if changes else _("Nothing to save: no field was changed.")
            )
            messages.success(request, text)
            return redirect(back)
    title = _("Edit note")
    return render(
        request,
        "notes/note_form.html",
        {
            "form": form,
            "note": note,
            **part_page_context(client, "notes", title=title, submit=_("Save")),
        },
    )


@permission_required("DELETE_CLIENTNOTE")
def note_delete(request, pk: int, note_id: int):
    client = owned_client(request, pk)
    note = _note(client, note_id)
    return confirm_page(
        request,
        title=_("Delete this note?"),
        message=note.note,
        action=lambda: services.note_delete(actor=request.user, note=note),
        success_message=_("The note was deleted."),
        next_url=reverse("client_notes", args=[client.pk]),
    )
