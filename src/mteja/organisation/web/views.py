"""Pages of offices, staff and code lists. Every write goes through organisation.services."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mteja.core.web.access import permission_required
from mteja.core.web.forms import form_page, run_action
from mteja.core.web.records import record_history, scoped_record
from mteja.core.web.tables import configure
from mteja.organisation import selectors, services
from mteja.organisation.models import HEAD_OFFICE_ID, Code, CodeValue, Office, Staff
from mteja.organisation.web.forms import (
    CodeForm,
    CodeValueForm,
    OfficeForm,
    StaffFilterForm,
    StaffForm,
)
from mteja.organisation.web.tables import CodeTable, StaffTable

# --- Offices -------------------------------------------------------------------------------


@permission_required("READ_OFFICE")
def office_list(request):
    base_depth = request.user.office.depth
    offices = [
        (office, office.depth - base_depth)
        for office in selectors.office_list(user=request.user).annotate(staff_count=Count("staff"))
    ]
    return render(request, "organisation/office_list.html", {"offices": offices})


@permission_required("CREATE_OFFICE")
def office_create(request):
    form = OfficeForm(
        request.POST or None,
        user=request.user,
        initial={"parent": request.GET.get("parent") or request.user.office_id},
    )
    return form_page(
        request,
        form=form,
        template="organisation/office_form.html",
        write=lambda data: services.office_create(
            actor=request.user,
            name=data["name"],
            parent=data["parent"],
            opening_date=data["opening_date"],
            external_id=data["external_id"],
        ),
        success_url=reverse("office_list"),
        success_message=lambda office: _("Office “%(name)s” created.") % {"name": office.name},
    )


@permission_required("UPDATE_OFFICE")
def office_update(request, pk: int):
    office = scoped_record(request, Office.objects.select_related("parent"), pk)
    movable = office.pk != HEAD_OFFICE_ID and office.pk != request.user.office_id
    form = OfficeForm(
        request.POST or None,
        user=request.user,
        movable=movable,
        initial={
            "name": office.name,
            "parent": office.parent_id,
            "opening_date": office.opening_date,
            "external_id": office.external_id or "",
        },
    )

    def write(data):
        fields = {
            "name": data["name"],
            "opening_date": data["opening_date"],
            "external_id": data["external_id"],
        }
        if movable:
            fields["parent"] = data["parent"]
        return services.office_update(actor=request.user, office=office, **fields)

    return form_page(
        request,
        form=form,
        template="organisation/office_form.html",
        write=write,
        success_url=reverse("office_list"),
        success_message=lambda result: _("Office “%(name)s” saved.") % {"name": result[0].name},
        context={"office": office},
    )


# --- Staff ---------------------------------------------------------------------------------


@permission_required("READ_STAFF")
def staff_list(request):
    filters = StaffFilterForm(request.GET, user=request.user)
    staff = selectors.staff_list(user=request.user, **filters.selection())
    if name := filters.cleaned_data.get("q"):
        staff = staff.filter(display_name__icontains=name.strip())
    table = configure(request, StaffTable(staff, order_by_field="sort"))
    return render(request, "organisation/staff_list.html", {"filters": filters, "table": table})


@permission_required("READ_STAFF")
def staff_detail(request, pk: int):
    staff = scoped_record(request, Staff.objects.select_related("office"), pk)
    return render(
        request,
        "organisation/staff_detail.html",
        {"staff": staff, "history": record_history(request.user, "STAFF", staff.pk)},
    )


STAFF_FIELDS = (
    "office",
    "firstname",
    "lastname",
    "is_loan_officer",
    "is_active",
    "joining_date",
    "mobile_no",
    "external_id",
)


@permission_required("CREATE_STAFF")
def staff_create(request):
    form = StaffForm(
        request.POST or None,
        user=request.user,
        initial={"office": request.GET.get("office") or request.user.office_id},
    )
    return form_page(
        request,
        form=form,
        template="organisation/staff_form.html",
        write=lambda data: services.staff_create(
            actor=request.user, **{name: data[name] for name in STAFF_FIELDS}
        ),
        success_url=lambda staff: reverse("staff_detail", args=[staff.pk]),
        success_message=lambda staff: (
            _("Staff member “%(name)s” created.") % {"name": staff.display_name}
        ),
    )


@permission_required("UPDATE_STAFF")
def staff_update(request, pk: int):
    staff = scoped_record(request, Staff.objects.select_related("office"), pk)
    initial = {name: getattr(staff, name) for name in STAFF_FIELDS}
    initial["external_id"] = staff.external_id or ""
    form = StaffForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        template="organisation/staff_form.html",
        write=lambda data: services.staff_update(
            actor=request.user, staff=staff, **{name: data[name] for name in STAFF_FIELDS}
        ),
        success_url=reverse("staff_detail", args=[staff.pk]),
        success_message=lambda result: (
            _("Staff member “%(name)s” saved.") % {"name": result[0].display_name}
        ),
        context={"staff": staff},
    )


# --- Code lists ----------------------------------------------------------------------------


@permission_required("READ_CODE")
def code_list(request):
    codes = selectors.code_list(user=request.user).annotate(value_count=Count("values"))
    table = configure(request, CodeTable(codes, order_by_field="sort"))
    return render(request, "organisation/code_list.html", {"table": table})


def _code(request, pk: int) -> Code:
    return scoped_record(request, Code.objects.all(), pk)


def _code_value(request, code: Code, pk: int) -> CodeValue:
    value = scoped_record(request, CodeValue.objects.select_related("code"), pk)
    if value.code_id != code.pk:
        raise Http404
    return value


@permission_required("READ_CODE")
def code_detail(request, pk: int):
    code = _code(request, pk)
    values = selectors.code_value_list(user=request.user, code=code)
    return render(request, "organisation/code_detail.html", {"code": code, "values": values})


@permission_required("CREATE_CODE")
def code_create(request):
    return form_page(
        request,
        form=CodeForm(request.POST or None),
        template="organisation/code_form.html",
        write=lambda data: services.code_create(actor=request.user, name=data["name"]),
        success_url=lambda code: reverse("code_detail", args=[code.pk]),
        success_message=lambda code: _("Code list “%(name)s” created.") % {"name": code.name},
    )


@permission_required("UPDATE_CODE")
def code_update(request, pk: int):
    code = _code(request, pk)
    return form_page(
        request,
        form=CodeForm(request.POST or None, initial={"name": code.name}),
        template="organisation/code_form.html",
        write=lambda data: services.code_update(actor=request.user, code=code, name=data["name"]),
        success_url=reverse("code_detail", args=[code.pk]),
        success_message=_("Code list renamed."),
        context={"code": code},
    )


@permission_required("DELETE_CODE")
def code_delete(request, pk: int):
    code = _code(request, pk)
    if request.method != "POST":
        return render(
            request,
            "core/confirm.html",
            {
                "title": _("Delete the code list “%(name)s”?") % {"name": code.name},
                "message": _("Its values are deleted with it. This cannot be undone."),
                "confirm_label": _("Delete"),
                "cancel_url": reverse("code_detail", args=[code.pk]),
            },
        )
    return run_action(
        request,
        lambda: services.code_delete(actor=request.user, code=code),
        success_message=_("Code list “%(name)s” deleted.") % {"name": code.name},
        next_url=reverse("code_list"),
        failure_url=reverse("code_detail", args=[code.pk]),
    )


@permission_required("CREATE_CODEVALUE")
def code_value_create(request, code_pk: int):
    code = _code(request, code_pk)
    positions = code.values.order_by("-position").values_list("position", flat=True)
    next_position = (positions.first() or 0) + 1
    form = CodeValueForm(request.POST or None, initial={"position": next_position})
    return form_page(
        request,
        form=form,
        template="organisation/code_value_form.html",
        write=lambda data: services.code_value_create(actor=request.user, code=code, **data),
        success_url=reverse("code_detail", args=[code.pk]),
        success_message=lambda value: _("Value “%(name)s” added.") % {"name": value.name},
        context={"code": code},
    )


@permission_required("UPDATE_CODEVALUE")
def code_value_update(request, code_pk: int, pk: int):
    code = _code(request, code_pk)
    value = _code_value(request, code, pk)
    form = CodeValueForm(
        request.POST or None,
        initial={
            "name": value.name,
            "description": value.description,
            "position": value.position,
            "is_active": value.is_active,
        },
    )
    return form_page(
        request,
        form=form,
        template="organisation/code_value_form.html",
        write=lambda data: services.code_value_update(actor=request.user, code_value=value, **data),
        success_url=reverse("code_detail", args=[code.pk]),
        success_message=lambda result: _("Value “%(name)s” saved.") % {"name": result[0].name},
        context={"code": code, "value": value},
    )


@permission_required("UPDATE_CODEVALUE")
@require_POST
def code_value_set_active(request, code_pk: int, pk: int, active: bool):
    code = _code(request, code_pk)
    value = _code_value(request, code, pk)
    message = (
        _("Value “%(name)s” activated.") if active else _("Value “%(name)s” deactivated.")
    ) % {"name": value.name}
    return run_action(
        request,
        lambda: services.code_value_update(actor=request.user, code_value=value, is_active=active),
        success_message=message,
        next_url=reverse("code_detail", args=[code.pk]),
    )


@permission_required("DELETE_CODEVALUE")
def code_value_delete(request, code_pk: int, pk: int):
    code = _code(request, code_pk)
    value = _code_value(request, code, pk)
    if request.method != "POST":
        return render(
            request,
            "core/confirm.html",
            {
                "title": _("Delete the value “%(name)s”?") % {"name": value.name},
                "message": _(
                    "A value that records still use cannot be deleted; deactivate it instead."
                ),
                "confirm_label": _("Delete"),
                "cancel_url": reverse("code_detail", args=[code.pk]),
            },
        )
    return run_action(
        request,
        lambda: services.code_value_delete(actor=request.user, code_value=value),
        success_message=_("Value “%(name)s” deleted.") % {"name": value.name},
        next_url=reverse("code_detail", args=[code.pk]),
    )
