"""Fetching the record a page is about, with the house's scope answers."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from mteja.core.models import AuditEvent
from mteja.core.web.journal import AuditEventTable


def scoped_record(request, queryset, pk):
    """The record `pk` of `queryset` as `request.user` may see it.

    A record outside the user's office subtree is a 404, to read and to write alike, as in
    the API: it is not theirs to know about, so a write must not tell it exists."""
    # One row at most: no ORDER BY (`.first()` would add one, and compiling it over a record's
    # joins costs more than the query).
    found = list(queryset.restrict(request.user).filter(pk=pk).order_by()[:1])
    if found:
        return found[0]
    raise Http404


HISTORY_LENGTH = 10


def record_history(user, entity: str, resource_id: int) -> AuditEventTable | None:
    """The latest audit events of one record; None if the user may not read the journal."""
    if not user.has_fineract_permission("READ_AUDIT"):
        return None
    events = AuditEvent.objects.restrict(user).filter(entity_name=entity, resource_id=resource_id)
    return AuditEventTable(
        events[:HISTORY_LENGTH],
        user=user,
        exclude=("entity_name", "resource_id", "office"),
        empty_text=_("No recorded changes."),
    )
