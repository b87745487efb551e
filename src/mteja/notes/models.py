"""Notes about a client, a group or a center, each with the earlier texts an edit replaced
(who wrote each, and when)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mteja.clients.models import Client
from mteja.core.declarations import Declaration, Wire
from mteja.core.querysets import BaseModel

NOTE_MAX_LENGTH = 1000


def _user(related_name: str = "+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


def _owner(model, related_name: str = "notes"):
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.CASCADE, related_name=related_name
    )


class Note(BaseModel):
    # About one client, group or center (groups/owners.py).
    client = _owner(Client)
    group = _owner("groups.Group")
    center = _owner("groups.Center")
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_by = _user()
    last_modified_by = _user()
    version = models.PositiveIntegerField(default=1)

    office_scope_paths = (
        "client__office", "client__transfer_to_office", "group__office", "center__office",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_on", "-id"]
        indexes = [
            models.Index(fields=["client", "-created_on"], name="notes_client_created_idx"),
            models.Index(fields=["group", "-created_on"], name="notes_group_created_idx"),
            models.Index(fields=["center", "-created_on"], name="notes_center_created_idx"),
        ]
        constraints = [
            # About exactly one client, group or center.
            models.CheckConstraint(
                condition=(
                    Q(client__isnull=False, group__isnull=True, center__isnull=True)
                    | Q(client__isnull=True, group__isnull=False, center__isnull=True)
                    | Q(client__isnull=True, group__isnull=True, center__isnull=False)
                ),
                name="notes_note_one_owner",
            )
        ]

    def __str__(self):
        return self.note[:50]


class NoteRevision(models.Model):
    """A text a note held before an edit replaced it."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    text = models.CharField(_("earlier text"), max_length=NOTE_MAX_LENGTH)
    written_by = _user()
    written_on = models.DateTimeField(_("written on"))
    replaced_by = _user()
    replaced_on = models.DateTimeField(_("replaced on"))

    class Meta:
        ordering = ["-replaced_on", "-id"]

    def __str__(self):
        return self.text[:50]


NOTE = Declaration(
    Note,
    entity="CLIENTNOTE",
    resource="note",
    wires={
        "note": Wire(editable=True),
        "created_by": Wire(audited=False),
        "last_modified_by": Wire(audited=False),
    },
)
# The audit entity and permission codes of a group's or center's note (Fineract's).
GROUP_NOTE_ENTITY = "GROUPNOTE"
