"""The audit journal: one immutable event per service write."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mteja.core.querysets import RestrictedQuerySet


class AuditQuerySet(RestrictedQuerySet):
    def restrict(self, user, permission: str | None = None):
        # Office-less events (roles, codes) fall out of a branch user's subtree filter and so
        # stay visible to the head office only.
        return super().restrict(user, permission)

    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """What Fineract keeps in m_portfolio_command_source, minus whole request bodies.

    `changes` holds `{field: [old, new]}` so the journal never stores more personal data
    than the fields a write actually touched. Events without an office (roles, codes) are
    visible to head-office users only.
    """

    # Indexed by Meta.indexes (plain B-trees: nothing reads them by LIKE).
    action_name = models.CharField(_("action"), max_length=50)
    entity_name = models.CharField(_("entity"), max_length=50)
    resource_id = models.BigIntegerField(_("resource id"), null=True, blank=True)
    subresource_id = models.BigIntegerField(null=True, blank=True)
    resource_external_id = models.CharField(max_length=100, blank=True, default="")
    office = models.ForeignKey(
        "organisation.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    group_id = models.BigIntegerField(null=True, blank=True)
    maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    maker_username = models.CharField(max_length=150, default="")
    made_on = models.DateTimeField(_("made on"), db_index=True)
    request_id = models.CharField(max_length=36, blank=True, default="")
    api_path = models.CharField(max_length=300, blank=True, default="")
    processing_result = models.CharField(max_length=20, default="PROCESSED")
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()
    office_scope_paths = ("office",)

    class Meta:
        ordering = ["-id"]
        # What each index serves (decision 243): a record's history; the entity and the
        # action filters and orders (GET /audits' orderBy: the column, then id, one way), read
        # as a range; the few events of a group (NULL on every other event, a client's first
        # of all, so not indexed there).
        indexes = [
            models.Index(fields=["entity_name", "resource_id"], name="audit_entity_res"),
            models.Index(fields=["entity_name", "id"], name="audit_entity_id"),
            models.Index(fields=["action_name", "id"], name="audit_action_id"),
            models.Index(
                fields=["group_id"], condition=Q(group_id__isnull=False), name="audit_group"
            ),
        ]

    def __str__(self):
        return f"{self.action_name} {self.entity_name} {self.resource_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")


class CacheStamp(models.Model):
    """A token per group of rows that workers keep in memory (core/stamps.py: settings rows,
    offices, staff and code values): a new random token each time one of the rows changes, so
    every worker sees at its next read that its copy is stale."""

    name = models.CharField(max_length=50, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.name} {self.token}"
