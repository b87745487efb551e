"""Pages of users and roles, declared (core/web/generic.py). Every write goes through
users.services."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mteja.core.web.generic import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from mteja.users import selectors, services
from mteja.users.filtersets import RoleFilterSet, UserFilterSet
from mteja.users.models import AppUser, Role
from mteja.users.permission_labels import grouped
from mteja.users.services import guards
from mteja.users.twofactor import services as two_factor
from mteja.users.web.forms import RoleForm, UserForm
from mteja.users.web.tables import RoleTable, UserTable

# --- Users ---------------------------------------------------------------------------------

VISIBLE_USERS = AppUser.objects.filter(is_deleted=False).select_related("office", "staff")


class UserListView(ObjectListView):
    model = AppUser
    queryset = selectors.user_rows()
    filterset = UserFilterSet
    table = UserTable


class UserDetailView(ObjectDetailView):
    model = AppUser
    queryset = VISIBLE_USERS.prefetch_related("roles")
    context_object_name = "shown_user"

    def get_extra_context(self):
        shown = self.object
        guard = guards.ensure_may_change_user
        return {
            "may_change": guards.allows(guard, self.request.user, shown, shown.roles.all()),
            "two_factor_enrolled": two_factor.is_enrolled(shown),
        }


class UserEditView(ObjectEditView):
    model = AppUser
    queryset = VISIBLE_USERS.prefetch_related("roles")
    form = UserForm
    context_object_name = "edited_user"
    create = services.user_create
    update = services.user_update
    # Service error parameters (Fineract's names) whose form field is not found by name.
    params = {"staffId": "staff", "officeId": "office"}
    created_message = _("User “%(name)s” created.")
    saved_message = _("User “%(name)s” saved.")
    success_url_name = "user_detail"

    def get_form_kwargs(self):
        return {"user": self.request.user, "editing": not self.creating}

    def creation_defaults(self):
        return {"office": self.request.user.office_id}

    def get_initial(self):
        edited = self.object
        if edited is None:
            return super().get_initial()
        return {
            **super().get_initial(),
            "firstname": edited.first_name,
            "lastname": edited.last_name,
            "roles": [role.pk for role in edited.roles.all()],
        }

    @staticmethod
    def _service_data(data: dict) -> dict:
        fields = {name: value for name, value in data.items() if name != "password_repeat"}
        fields["roles"] = list(data["roles"])
        return fields

    def create_object(self, data):
        return services.user_create(actor=self.actor, **self._service_data(data))

    def update_object(self, data):
        fields = self._service_data(data)
        if not fields["password"]:
            del fields["password"]
        return services.user_update(actor=self.actor, user=self.object, **fields)


class UserDeleteView(ObjectDeleteView):
    model = AppUser
    queryset = VISIBLE_USERS
    delete_service = services.user_delete
    confirm_title = _("Delete the user “%(name)s”?")
    confirm_message = _(
        "The user can no longer log in and disappears from lists; the audit log "
        "keeps what they did."
    )
    deleted_message = _("User “%(name)s” deleted.")

    def get_cancel_url(self):
        return reverse("user_detail", args=[self.object.pk])

    def get_next_url(self):
        return reverse("user_list")


# --- Roles ---------------------------------------------------------------------------------


class RoleListView(ObjectListView):
    model = Role
    queryset = Role.objects.annotate(
        user_count=Count("users", filter=Q(users__is_deleted=False))
    ).order_by("name", "id")
    filterset = RoleFilterSet
    table = RoleTable


def _grouped_codes(codes: set[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    return grouped(selectors.permission_list().filter(code__in=codes))


class RoleDetailView(ObjectDetailView):
    model = Role

    def get_extra_context(self):
        role = self.object
        return {
            "permission_groups": _grouped_codes(selectors.role_permission_codes(role)),
            "may_change": guards.allows(guards.ensure_may_change_role, self.request.user, role),
            "is_super_user_role": role.pk == guards.super_user_role_id(),
        }


class RoleEditView(ObjectEditView):
    """Name and description, and the permission codes when the user may change them."""

    model = Role
    form = RoleForm
    created_message = _("Role “%(name)s” created.")
    saved_message = _("Role saved.")
    success_url_name = "role_detail"

    @property
    def with_permissions(self) -> bool:
        return self.request.user.has_fineract_permission("PERMISSIONS_ROLE")

    def get_form_kwargs(self):
        return {"user": self.request.user, "with_permissions": self.with_permissions}

    def get_initial(self):
        if self.object is None:
            return {}
        self.current = selectors.role_permission_codes(self.object)
        return {**super().get_initial(), **RoleForm.initial_for(self.current)}

    def _set_permissions(self, role: Role, changed: dict[str, bool]) -> None:
        if changed:
            services.role_set_permissions(actor=self.actor, role=role, permissions=changed)

    @transaction.atomic
    def create_object(self, data):
        role = services.role_create(
            actor=self.actor,
            name=data["name"],
            description=data["description"],
            requires_two_factor=data["requires_two_factor"],
        )
        self._set_permissions(role, dict.fromkeys(self.form_chosen(data), True))
        return role

    @transaction.atomic
    def update_object(self, data):
        role = self.object
        services.role_update(
            actor=self.actor,
            role=role,
            name=data["name"],
            description=data["description"],
            requires_two_factor=data["requires_two_factor"],
        )
        if self.with_permissions:
            chosen = self.form_chosen(data)
            self._set_permissions(role, {code: code in chosen for code in self.current ^ chosen})
        return role

    @staticmethod
    def form_chosen(data: dict) -> set[str]:
        return {
            code
            for name, codes in data.items()
            if name.startswith("permissions_")
            for code in codes
        }


class RoleSwitchView(ObjectActionView):
    """Enables (`enabled=True`) or disables a role."""

    model = Role
    enabled = True

    @classmethod
    def default_permission(cls, initkwargs):
        return "ENABLE_ROLE" if initkwargs.get("enabled", cls.enabled) else "DISABLE_ROLE"

    @property
    def success_message(self):
        return _("Role “%(name)s” enabled.") if self.enabled else _("Role “%(name)s” disabled.")

    def act(self):
        service = services.role_enable if self.enabled else services.role_disable
        service(actor=self.actor, role=self.object)

    def get_next_url(self):
        return reverse("role_detail", args=[self.object.pk])
