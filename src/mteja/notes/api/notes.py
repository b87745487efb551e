"""Fineract's `/clients/{clientId}/notes` and `/groups/{groupId}/notes` (list, add) and
`…/notes/{noteId}` (read, change, delete); a center's notes are its `/groups/{id}/notes`, as
the Mifos X web-app reads them. Mteja's extensions: the list's `fromDate`, `toDate` (ISO
dates or date-times) and `createdBy` (a user's id or username) filters, and each note's
`history` of earlier texts."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from mteja.clients.api.parts import ClientPartsView, ClientPartView
from mteja.core import wire
from mteja.core.api.audits import query_datetime
from mteja.core.api.fields import StrictCharField
from mteja.core.api.generic import api_changes
from mteja.core.api.inputs import InputSerializer
from mteja.core.api.routes import collection
from mteja.groups.api.owners import grouping_for_read, grouping_for_write, grouping_result
from mteja.notes import selectors, services
from mteja.notes.models import GROUP_NOTE_ENTITY, NOTE, NOTE_MAX_LENGTH
from mteja.users.models import AppUser

CLIENT_NOTE_TYPE = wire.enum_out(100, "noteType.client", "Client")
GROUP_NOTE_TYPE = wire.enum_out(600, "noteType.group", "Group")


class NoteInput(InputSerializer):
    resource = NOTE.resource

    # Length and blankness are the service's (one message for the API and the page).
    note = StrictCharField(
        required=False, allow_blank=True, allow_null=True, max_length=NOTE_MAX_LENGTH
    )


class RevisionOutput(serializers.Serializer):
    note = serializers.CharField(source="text")
    writtenByUsername = serializers.SerializerMethodField()
    writtenOn = serializers.DateTimeField(source="written_on")
    replacedByUsername = serializers.SerializerMethodField()
    replacedOn = serializers.DateTimeField(source="replaced_on")

    def get_writtenByUsername(self, revision) -> str | None:  # noqa: N802 (API name)
        return revision.written_by.username if revision.written_by_id else None

    def get_replacedByUsername(self, revision) -> str | None:  # noqa: N802 (API name)
        return revision.replaced_by.username if revision.replaced_by_id else None


class NoteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    clientId = serializers.IntegerField(source="client_id", allow_null=True)
    groupId = serializers.SerializerMethodField()
    noteType = serializers.SerializerMethodField()
    note = serializers.CharField()
    createdById = serializers.IntegerField(source="created_by_id", allow_null=True)
    createdByUsername = serializers.SerializerMethodField()
    createdOn = serializers.DateTimeField(source="created_on")
    updatedById = serializers.IntegerField(source="last_modified_by_id", allow_null=True)
    updatedByUsername = serializers.SerializerMethodField()
    updatedOn = serializers.DateTimeField(source="last_modified_on")
    history = RevisionOutput(source="revisions", many=True)

    def get_groupId(self, note) -> int | None:  # noqa: N802 (Fineract's name)
        return note.group_id or note.center_id

    def get_noteType(self, note) -> dict:  # noqa: N802 (Fineract's name)
        return CLIENT_NOTE_TYPE if note.client_id else GROUP_NOTE_TYPE

    def get_createdByUsername(self, note) -> str | None:  # noqa: N802 (Fineract's name)
        return note.created_by.username if note.created_by_id else None

    def get_updatedByUsername(self, note) -> str | None:  # noqa: N802 (Fineract's name)
        return note.last_modified_by.username if note.last_modified_by_id else None


def author_id(value: str | None) -> int | None:
    """`createdBy`: a user's id, or a username (-1 matches nobody: an unknown name)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    found = AppUser.objects.filter(username=value).values_list("pk", flat=True).first()
    return found if found is not None else -1


FILTERS = [
    OpenApiParameter("fromDate", str, description="Written on or after (ISO date or date-time)."),
    OpenApiParameter("toDate", str, description="Written on or before (ISO date or date-time)."),
    OpenApiParameter("createdBy", str, description="The author's user id or username."),
]


class ClientNotesView(ClientPartsView):
    entity = NOTE.entity
    client_kwarg = "pk"
    input, output = NoteInput, NoteOutput
    operations = ("retrieveNotesByResource", "addNewNote")

    def parts(self, client):
        params = self.request.query_params
        return selectors.notes_of(
            client,
            since=query_datetime(params, "fromDate"),
            until=query_datetime(params, "toDate", end_of_day=True),
            author_id=author_id(params.get("createdBy")),
        )

    def add(self, request, client, data):
        return services.note_create(actor=request.user, owner=client, text=data.get("note"))


ClientNotesView.get = extend_schema(parameters=FILTERS)(ClientNotesView.get)


class ClientNoteView(ClientPartView):
    entity = NOTE.entity
    client_kwarg, part_kwarg = "pk", "note_id"
    input, output = NoteInput, NoteOutput
    operations = ("retrieveNote", "updateNote", "deleteNote")

    def part(self, client, note_id):
        return selectors.note_of(client, note_id)

    def change(self, request, note, data):
        changes = services.note_update(actor=request.user, note=note, text=data.get("note"))
        return api_changes(changes, data, {"note": "note"}, with_format=False)

    def remove(self, request, note):
        services.note_delete(actor=request.user, note=note)


class OnGrouping:
    """The same endpoints on a group or a center."""

    entity = GROUP_NOTE_ENTITY
    owner_for_read = staticmethod(grouping_for_read)
    owner_for_write = staticmethod(grouping_for_write)
    result = staticmethod(grouping_result)


class GroupNotesView(OnGrouping, ClientNotesView):
    operations = ("retrieveGroupNotes", "addGroupNote")


GroupNotesView.get = extend_schema(parameters=FILTERS)(GroupNotesView.get)


class GroupNoteView(OnGrouping, ClientNoteView):
    operations = ("retrieveGroupNote", "updateGroupNote", "deleteGroupNote")


urlpatterns = [
    *collection(
        "clients/<id:pk>/notes", "client-note", ClientNotesView, item=ClientNoteView, key="note_id"
    ),
    *collection(
        "groups/<id:pk>/notes", "group-note", GroupNotesView, item=GroupNoteView, key="note_id"
    ),
]
