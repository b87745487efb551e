"""GET /groups/template and /centers/template (and `?template=true` on one record): what a
form offers, for the office asked for (the user's own by default)."""

from __future__ import annotations

from mteja.clients.models import Client
from mteja.core import clock, wire
from mteja.core.api.query import query_bool, query_int
from mteja.groups.models import Center, Group, GroupStatus
from mteja.groups.services.rules import CANNOT_JOIN
from mteja.organisation import selectors as organisation_selectors
from mteja.organisation.models import CodeValue, Office, Staff

OPTIONS_LIMIT = 1000


def _office(request, office) -> Office:
    if office is not None:
        return office
    office_id = query_int(request.query_params, "officeId", minimum=1)
    if office_id is None:
        center_id = query_int(request.query_params, "centerId", minimum=1)
        center = Center.objects.restrict(request.user).filter(pk=center_id).first()
        return center.office if center else request.user.office
    return organisation_selectors.office_for_write(user=request.user, office_id=office_id)


def _staff(office: Office, only_selected: bool) -> list[dict]:
    staff = Staff.objects.filter(is_active=True, is_loan_officer=True).select_related("office")
    staff = (
        staff.filter(office=office)
        if only_selected
        else [s for s in staff if office.hierarchy.startswith(s.office.hierarchy)]
    )
    return [{"id": s.pk, "displayName": s.display_name, "officeId": s.office_id} for s in staff]


def template_data(request, model, office: Office | None = None) -> dict:
    office = _office(request, office)
    offices = Office.objects.restrict(request.user).order_by("hierarchy")
    only_selected = bool(query_bool(request.query_params, "staffInSelectedOfficeOnly"))
    reasons = CodeValue.objects.filter(code__name="GroupClosureReason", is_active=True)
    data = {
        "officeId": office.pk,
        "officeName": office.name,
        "activationDate": wire.date_out(clock.today()),
        "officeOptions": [
            {"id": o.pk, "name": o.name, "nameDecorated": o.name_decorated} for o in offices
        ],
        "staffOptions": _staff(office, only_selected),
        "closureReasons": [{"id": r.pk, "name": r.name} for r in reasons],
        "datatables": [],
    }
    if model is Group:
        clients = (
            Client.objects.filter(office=office)
            .exclude(status__in=CANNOT_JOIN)
            .order_by("display_name", "id")[:OPTIONS_LIMIT]
        )
        data["clientOptions"] = [
            {"id": c.pk, "displayName": c.display_name, "accountNo": c.account_no,
             "officeId": c.office_id, "officeName": office.name}
            for c in clients
        ]  # fmt: skip
        centers = Center.objects.filter(office=office).exclude(status=GroupStatus.CLOSED)
        data["centerOptions"] = [{"id": c.pk, "name": c.name} for c in centers]
        center_id = query_int(request.query_params, "centerId", minimum=1)
        if center_id:
            data["centerId"] = center_id
    else:
        groups = Group.objects.filter(office=office, center__isnull=True).exclude(
            status=GroupStatus.CLOSED
        )
        data["groupMembersOptions"] = [{"id": g.pk, "name": g.name} for g in groups]
    return data
