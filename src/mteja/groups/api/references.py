"""The records a request names by id, fetched within the user's scope: 404 when absent or
outside it (as a read answers), named by the parameter that sent it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.core.errors import NotFound
from mteja.groups import selectors
from mteja.groups.models import Center, Group
from mteja.organisation import selectors as organisation_selectors
from mteja.organisation.models import CodeValue, Staff


def office(request, office_id: int):
    return organisation_selectors.office_for_write(user=request.user, office_id=office_id)


def staff(request, staff_id: int | None) -> Staff | None:
    if not staff_id:
        return None
    found = Staff.objects.select_related("office").filter(pk=staff_id).first()
    if found is None:
        raise organisation_selectors.staff_not_found(staff_id, param="staffId")
    return found


def _scoped(model, request, ids, not_found, param: str) -> list:
    ids = list(dict.fromkeys(ids or []))
    rows = {
        row.pk: row
        for row in model.objects.restrict(request.user).select_related("office").filter(pk__in=ids)
    }
    for record_id in ids:
        if record_id not in rows:
            raise not_found(record_id, param=param)
    return [rows[record_id] for record_id in ids]


def _client_not_found(client_id, *, param: str = "id") -> NotFound:
    return NotFound(
        "error.msg.client.id.invalid",
        _("Client with identifier %(id)s does not exist") % {"id": client_id},
        param=param,
        value=client_id,
    )


def clients(request, ids, param: str = "clientMembers") -> list[Client]:
    return _scoped(Client, request, ids, _client_not_found, param)


def groups(request, ids, param: str = "groupMembers") -> list[Group]:
    return _scoped(Group, request, ids, selectors.group_not_found, param)


def group(request, group_id, param: str) -> Group:
    return groups(request, [group_id], param)[0]


def center(request, center_id, param: str = "centerId") -> Center | None:
    if not center_id:
        return None
    return _scoped(Center, request, [center_id], selectors.center_not_found, param)[0]


def closure_reason(reason_id: int | None) -> CodeValue | None:
    if not reason_id:
        return None
    value = CodeValue.objects.select_related("code").filter(pk=reason_id).first()
    if value is None or value.code.name != "GroupClosureReason" or not value.is_active:
        raise NotFound(
            "error.msg.codevalue.codename.id.combination.invalid",
            _("Code value %(id)s is not an active value of the list `GroupClosureReason`.")
            % {"id": reason_id},
            param="closureReasonId",
            value=reason_id,
        )
    return value
