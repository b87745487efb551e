"""Pages of users and roles. Every write goes through users.services."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mteja.core.web.access import permission_required
from mteja.core.web.forms import form_page, run_action
from mteja.core.web.records import record_history, scoped_record
from mteja.core.web.tables import configure
from mteja.users import selectors, services
from mteja.users.models import AppUser, Role
from mteja.users.web.forms import GROUPING_LABELS, RoleForm, UserFilterForm, UserForm
from mteja.users.web.tables import RoleTable, UserTable

# Service error parameters (Fineract's names) whose form field is not found by name.
USER_PARAMS = {"staffId": "staff", "officeId": "office"}


# --- Users ---------------------------------------------------------------------------------


def _visible_users():
    return AppUser.objects.filter(is_deleted=False).select_related("office", "staff")


@permission_required("READ_USER")
def user_list(request):
    filters = UserFilterForm(request.GET, user=request.user)
    filters.is_valid()
    users = selectors.user_list(user=request.user)
    if office := filters.cleaned_data.get("office"):
        users = users.filter(office=office)
    if text := (filters.cleaned_data.get("q") or "").strip():
        users = users.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
        )
    table = configure(request, UserTable(users, order_by_field="sort"))
    return render(request, "users/user_list.html", {"filters": filters, "table": table})


@permission_required("READ_USER")
def user_detail(request, pk: int):
    shown = scoped_record(request, _visible_users().prefetch_related("roles"), pk)
    return render(
        request,
        "users/user_detail.html",
        {"shown_user": shown, "history": record_history(request.user, "USER", shown.pk)},
    )


@permission_required("CREATE_USER")
def user_create(request):
    form = UserForm(
        request.POST or None,
        user=request.user,
        initial={"office": request.user.office_id},
    )
    return form_page(
        request,
        form=form,
        template="users/user_form.html",
        write=lambda data: services.user_create(
            actor=request.user,
            username=data["username"],
            firstname=data["firstname"],
            lastname=data["lastname"],
            email=data["email"],
            office=data["office"],
            staff=data["staff"],
            roles=list(data["roles"]),
            password=data["password"],
            is_active=data["is_active"],
            password_never_expires=data["password_never_expires"],
        ),
        params=USER_PARAMS,
        success_url=lambda created: reverse("user_detail", args=[created.pk]),
        success_message=lambda created: _("User “%(name)s” created.") % {"name": created.username},
    )


@permission_required("UPDATE_USER")
def user_update(request, pk: int):
    edited = scoped_record(request, _visible_users().prefetch_related("roles"), pk)
    form = UserForm(
        request.POST or None,
        user=request.user,
        editing=True,
        initial={
            "username": edited.username,
            "firstname": edited.first_name,
            "lastname": edited.last_name,
            "email": edited.email,
            "office": edited.office_id,
            "staff": edited.staff_id,
            "roles": [role.pk for role in edited.roles.all()],
            "is_active": edited.is_active,
            "password_never_expires": edited.password_never_expires,
        },
    )

    def write(data):
        fields = {
            name: data[name]
            for name in (
                "username",
                "firstname",
                "lastname",
                "email",
                "office",
                "staff",
                "is_active",
                "password_never_expires",
            )
        }
        fields["roles"] = list(data["roles"])
        if data["password"]:
            fields["password"] = data["password"]
        return services.user_update(actor=request.user, user=edited, **fields)

    return form_page(
        request,
        form=form,
        template="users/user_form.html",
        write=write,
        params=USER_PARAMS,
        success_url=reverse("user_detail", args=[edited.pk]),
        success_message=lambda result: _("User “%(name)s” saved.") % {"name": result[0].username},
        context={"edited_user": edited},
    )


@permission_required("DELETE_USER")
def user_delete(request, pk: int):
    doomed = scoped_record(request, _visible_users(), pk)
    if request.method != "POST":
        return render(
            request,
            "core/confirm.html",
            {
                "title": _("Delete the user “%(name)s”?") % {"name": doomed.username},
                "message": _(
                    "The user can no longer log in and disappears from lists; the audit log "
                    "keeps what they did."
                ),
                "confirm_label": _("Delete"),
                "cancel_url": reverse("user_detail", args=[doomed.pk]),
            },
        )
    return run_action(
        request,
        lambda: services.user_delete(actor=request.user, user=doomed),
        success_message=_("User “%(name)s” deleted.") % {"name": doomed.username},
        next_url=reverse("user_list"),
        failure_url=reverse("user_detail", args=[doomed.pk]),
    )


# --- Roles ---------------------------------------------------------------------------------


@permission_required("READ_ROLE")
def role_list(request):
    roles = selectors.role_list().annotate(
        user_count=Count("users", filter=Q(users__is_deleted=False))
    )
    table = configure(request, RoleTable(roles, order_by_field="sort"))
    return render(request, "users/role_list.html", {"table": table})


def _grouped_codes(codes: set[str]) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for permission in selectors.permission_list().filter(code__in=codes):
        groups.setdefault(permission.grouping, []).append(permission.code)
    return [(GROUPING_LABELS.get(grouping, grouping), items) for grouping, items in groups.items()]


@permission_required("READ_ROLE")
def role_detail(request, pk: int):
    role = scoped_record(request, Role.objects.all(), pk)
    codes = selectors.role_permission_codes(role)
    return render(
        request,
        "users/role_detail.html",
        {
            "role": role,
            "permission_groups": _grouped_codes(codes),
            "history": record_history(request.user, "ROLE", role.pk),
        },
    )


@permission_required("CREATE_ROLE")
def role_create(request):
    with_permissions = request.user.has_fineract_permission("PERMISSIONS_ROLE")
    form = RoleForm(request.POST or None, with_permissions=with_permissions)

    @transaction.atomic
    def write(data):
        role = services.role_create(
            actor=request.user, name=data["name"], description=data["description"]
        )
        chosen = form.chosen_permissions()
        if chosen:
            services.role_set_permissions(
                actor=request.user, role=role, permissions=dict.fromkeys(chosen, True)
            )
        return role

    return form_page(
        request,
        form=form,
        template="users/role_form.html",
        write=write,
        success_url=lambda role: reverse("role_detail", args=[role.pk]),
        success_message=lambda role: _("Role “%(name)s” created.") % {"name": role.name},
    )


@permission_required("UPDATE_ROLE")
def role_update(request, pk: int):
    role = scoped_record(request, Role.objects.all(), pk)
    with_permissions = request.user.has_fineract_permission("PERMISSIONS_ROLE")
    current = selectors.role_permission_codes(role)
    form = RoleForm(
        request.POST or None,
        with_permissions=with_permissions,
        initial={
            "name": role.name,
            "description": role.description,
            **RoleForm.initial_for(current),
        },
    )

    @transaction.atomic
    def write(data):
        services.role_update(
            actor=request.user, role=role, name=data["name"], description=data["description"]
        )
        if with_permissions:
            chosen = form.chosen_permissions()
            changed = {code: code in chosen for code in current ^ chosen}
            if changed:
                services.role_set_permissions(actor=request.user, role=role, permissions=changed)
        return role

    return form_page(
        request,
        form=form,
        template="users/role_form.html",
        write=write,
        success_url=reverse("role_detail", args=[role.pk]),
        success_message=_("Role saved."),
        context={"role": role},
    )


def _switch_role(request, pk: int, *, enabled: bool):
    role = scoped_record(request, Role.objects.all(), pk)
    service = services.role_enable if enabled else services.role_disable
    message = _("Role “%(name)s” enabled.") if enabled else _("Role “%(name)s” disabled.")
    return run_action(
        request,
        lambda: service(actor=request.user, role=role),
        success_message=message % {"name": role.name},
        next_url=reverse("role_detail", args=[role.pk]),
    )


@permission_required("ENABLE_ROLE")
@require_POST
def role_enable(request, pk: int):
    return _switch_role(request, pk, enabled=True)


@permission_required("DISABLE_ROLE")
@require_POST
def role_disable(request, pk: int):
    return _switch_role(request, pk, enabled=False)
