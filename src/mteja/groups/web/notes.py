"""The page that adds a note to a group or center, through notes.services (audited as
GROUPNOTE); the record's page lists its notes (views.notes_context)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mteja.groups.web.views import CommandView
from mteja.notes import services as note_services
from mteja.notes.web.forms import NoteForm


class AddNoteView(CommandView):
    permission_required = "CREATE_GROUPNOTE"
    form = NoteForm
    title = _("Add a note to “%(name)s”")
    saved_message = _("The note was added.")

    def get_initial(self):
        return {}

    def update_object(self, data):
        return note_services.note_create(actor=self.actor, owner=self.object, text=data["note"])


def note_views(model, queryset):
    return type(
        f"{model.__name__}AddNoteView", (AddNoteView,), {"model": model, "queryset": queryset}
    )
