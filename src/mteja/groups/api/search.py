"""Centers and groups among the hits of GET /search (Fineract's `resource=groups`): the name,
account number or external id matched, within the user's offices, newest first; the office is
the parent, as in Fineract."""

from __future__ import annotations

from django.db.models import Q

from mteja.core.related import with_related
from mteja.core.wire import enum_out
from mteja.groups.models import STATUS_CODES, Center, Group, GroupStatus

HIT_COLUMNS = ("id", "account_no", "external_id", "name", "office_id", "status")  # what _hit reads


def _hit(record, entity_type: str) -> dict:
    status = GroupStatus(record.status)
    return {
        "entityId": record.pk,
        "entityAccountNo": record.account_no,
        "entityExternalId": record.external_id,
        "entityName": record.name,
        "entityType": entity_type,
        "parentId": record.office_id,
        "parentName": record.office.name,
        "entityMobileNo": None,
        "entityStatus": enum_out(status.value, STATUS_CODES[status][0], str(status.label)),
    }


def group_hits(*, user, text: str, exact: bool, limit: int) -> list[dict]:
    if limit <= 0:
        return []
    if exact:
        matched = Q(name__iexact=text) | Q(account_no=text) | Q(external_id=text)
    else:
        matched = Q(name__icontains=text) | Q(account_no__icontains=text)
        matched |= Q(external_id__icontains=text)
    hits = []
    for model, entity_type in ((Group, "GROUP"), (Center, "CENTER")):
        readable = model.objects.restrict(user, f"READ_{entity_type}").only(*HIT_COLUMNS)
        rows = with_related(readable.filter(matched), "office")
        hits += [_hit(r, entity_type) for r in rows.order_by("-id")[: limit - len(hits)]]
    return hits
