"""One notification per recipient: Fineract keeps a message and maps it to its readers; Mteja
keeps a row per reader, so reading and marking read touch one user's rows through one index."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # Fineract's names: what it is about (the web-app links "client" to the client's page)…
    object_type = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=40)  # what happened (messages.py words it)
    # …who did it (none when the system did, as a background import finishing)…
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    office = models.ForeignKey(
        "organisation.Office", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # …and what the words need (names, counts), so each reader reads them in their language.
    params = models.JSONField(default=dict)
    is_read = models.BooleanField(_("read"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "users"
        indexes = [
            models.Index(fields=["user", "is_read", "-id"], name="users_notification_inbox"),
        ]

    def __str__(self):
        return f"{self.action} {self.object_type} {self.object_id} → {self.user_id}"

    @property
    def is_system_generated(self) -> bool:
        return self.actor_id is None
