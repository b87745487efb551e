"""Pages of centers and groups, declared on core/web/generic.py. Every write goes through
groups.services; the member pages are in members.py."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mteja.core import clock
from mteja.core.web.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from mteja.groups import selectors, services
from mteja.groups.filtersets import CenterFilterSet, GroupFilterSet
from mteja.groups.models import Center, Group, GroupStatus
from mteja.groups.web.forms import ActivateForm, CenterForm, CloseForm, GroupForm
from mteja.groups.web.tables import CenterTable, GroupTable, status_badge
from mteja.notes import selectors as note_selectors


class GroupListView(ObjectListView):
    model = Group
    queryset = selectors.group_rows().order_by("name", "id")
    filterset = GroupFilterSet
    table = GroupTable


class CenterListView(ObjectListView):
    model = Center
    queryset = selectors.center_rows().order_by("name", "id")
    filterset = CenterFilterSet
    table = CenterTable


def notes_context(request, record) -> dict:
    """What the record's page shows of its notes (nothing without READ_GROUPNOTE)."""
    if not request.user.has_fineract_permission("READ_GROUPNOTE"):
        return {}
    context = {"notes": list(note_selectors.notes_of(record)), "show_notes": True}
    if request.user.has_fineract_permission("CREATE_GROUPNOTE"):
        context["add_note_url"] = reverse(f"{record._meta.model_name}_note_add", args=[record.pk])
    return context


class RecordPage:
    """What a center's or group's page shows beside its details: its status badge."""

    def get_extra_context(self):
        record = self.object
        return {
            "status_badge": status_badge(record.status),
            "pending": record.status == GroupStatus.PENDING,
            "is_open": record.status != GroupStatus.CLOSED,
            "entity": self.model.__name__.upper(),
            **self.members_context(record),
            **notes_context(self.request, record),
        }


class GroupDetailView(RecordPage, ObjectDetailView):
    model = Group
    queryset = selectors.group_rows()

    def members_context(self, group):
        stays = list(selectors.group_stays(group))
        return {
            "current": [s for s in stays if s.left_on is None],
            "past": [s for s in stays if s.left_on is not None],
        }


class CenterDetailView(RecordPage, ObjectDetailView):
    model = Center
    queryset = selectors.center_rows()

    def members_context(self, center):
        return {"groups": selectors.group_rows().filter(center=center).order_by("name", "id")}


class EditView(ObjectEditView):
    def get_form_kwargs(self):
        return {"user": self.request.user}

    def creation_defaults(self):
        return {"office": self.request.user.office_id}


class GroupEditView(EditView):
    model = Group
    queryset = selectors.group_rows()
    form = GroupForm
    create = services.group_create
    update = services.group_update
    created_message = _("Group “%(name)s” created.")
    saved_message = _("Group “%(name)s” saved.")
    success_url_name = "group_detail"

    def creation_defaults(self):
        center_id = self.request.GET.get("center")
        center = Center.objects.restrict(self.request.user).filter(pk=center_id).first()
        if center_id and center is not None:
            return {"office": center.office_id, "center": center.pk}
        return super().creation_defaults()


class CenterEditView(EditView):
    model = Center
    queryset = selectors.center_rows()
    form = CenterForm
    create = services.center_create
    update = services.center_update
    created_message = _("Center “%(name)s” created.")
    saved_message = _("Center “%(name)s” saved.")
    success_url_name = "center_detail"


class DeleteView(ObjectDeleteView):
    confirm_message = _("Only a pending record can be deleted. This cannot be undone.")

    def get_cancel_url(self):
        return reverse(f"{self.context_object_name}_detail", args=[self.object.pk])

    def get_next_url(self):
        return reverse(self.list_url_name)


class GroupDeleteView(DeleteView):
    model = Group
    delete_service = services.group_delete
    confirm_title = _("Delete the group “%(name)s”?")
    deleted_message = _("Group “%(name)s” deleted.")


class CenterDeleteView(DeleteView):
    model = Center
    delete_service = services.center_delete
    confirm_title = _("Delete the center “%(name)s”?")
    deleted_message = _("Center “%(name)s” deleted.")


# --- lifecycle commands ---------------------------------------------------------------------


class CommandView(ObjectEditView):
    """A lifecycle command's page: its form, then the service with the record."""

    template_name = "groups/command_form.html"
    action = ""  # ACTIVATE, CLOSE: also the permission's action

    @classmethod
    def default_permission(cls, initkwargs):
        return f"{cls.action}_{cls.model.__name__.upper()}"

    def get_initial(self):
        return {name: clock.today() for name in self.form.base_fields if name.endswith("date")}

    def get_success_url(self, instance):
        return reverse(f"{self.context_object_name}_detail", args=[self.object.pk])

    def get_success_message(self, result):
        return str(self.saved_message) % {"name": self.object.name}

    def update_object(self, data):
        return self.command(actor=self.actor, record=self.object, **data)

    def get_extra_context(self):
        return {"title": self.title % {"name": self.object.name}}


class ActivateView(CommandView):
    action = "ACTIVATE"
    form = ActivateForm
    command = staticmethod(services.activate)
    title = _("Activate “%(name)s”")
    saved_message = _("“%(name)s” is active.")


class CloseView(CommandView):
    action = "CLOSE"
    form = CloseForm
    command = staticmethod(services.close)
    title = _("Close “%(name)s”")
    saved_message = _("“%(name)s” is closed.")


def command_views(model, queryset):
    """The activate and close pages of `model`."""
    declared = {"model": model, "queryset": queryset}
    return {
        verb: type(f"{model.__name__}{view.__name__}", (view,), declared)
        for verb, view in (("activate", ActivateView), ("close", CloseView))
    }
