"""Pages of offices, staff and code lists, declared (core/web/generic.py). Every write goes
through organisation.services."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mteja.core.web.generic import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from mteja.core.web.records import scoped_record
from mteja.organisation import selectors, services
from mteja.organisation.filtersets import CodeFilterSet, OfficeFilterSet, StaffFilterSet
from mteja.organisation.models import HEAD_OFFICE_ID, Code, CodeValue, Office, Staff
from mteja.organisation.web.forms import CodeForm, CodeValueForm, OfficeForm, StaffForm
from mteja.organisation.web.tables import CodeTable, StaffTable

# --- Offices -------------------------------------------------------------------------------


class OfficeListView(ObjectListView):
    """The tree, each office indented below the user's own."""

    model = Office
    queryset = (
        Office.objects.select_related("parent")
        .annotate(staff_count=Count("staff"))
        .order_by("hierarchy", "id")
    )
    filterset = OfficeFilterSet

    def get_list_context(self, rows):
        base_depth = self.request.user.office.depth
        return {"offices": [(office, office.depth - base_depth) for office in rows]}


class OfficeEditView(ObjectEditView):
    model = Office
    queryset = Office.objects.select_related("parent")
    form = OfficeForm
    create = services.office_create
    update = services.office_update
    created_message = _("Office “%(name)s” created.")
    saved_message = _("Office “%(name)s” saved.")

    @property
    def movable(self) -> bool:
        # The head office, and the user's own office, stay where they are.
        office = self.object
        return office is None or office.pk not in (HEAD_OFFICE_ID, self.request.user.office_id)

    def get_form_kwargs(self):
        return {"user": self.request.user, "movable": self.movable}

    def creation_defaults(self):
        return {"parent": self.request.user.office_id}

    def get_success_url(self, instance):
        return reverse("office_list")


# --- Staff ---------------------------------------------------------------------------------


class StaffListView(ObjectListView):
    model = Staff
    queryset = Staff.objects.select_related("office").order_by("display_name", "id")
    filterset = StaffFilterSet
    table = StaffTable


class StaffDetailView(ObjectDetailView):
    model = Staff
    queryset = Staff.objects.select_related("office")


class StaffEditView(ObjectEditView):
    model = Staff
    queryset = Staff.objects.select_related("office")
    form = StaffForm
    create = services.staff_create
    update = services.staff_update
    created_message = _("Staff member “%(name)s” created.")
    saved_message = _("Staff member “%(name)s” saved.")
    success_url_name = "staff_detail"

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def creation_defaults(self):
        return {"office": self.request.user.office_id}


# --- Code lists ----------------------------------------------------------------------------


class CodeListView(ObjectListView):
    model = Code
    queryset = Code.objects.annotate(value_count=Count("values")).order_by("name", "id")
    filterset = CodeFilterSet
    table = CodeTable


class CodeDetailView(ObjectDetailView):
    model = Code
    history = False

    def get_extra_context(self):
        return {"values": selectors.code_value_list(user=self.request.user, code=self.object)}


class CodeEditView(ObjectEditView):
    model = Code
    form = CodeForm
    create = services.code_create
    update = services.code_update
    created_message = _("Code list “%(name)s” created.")
    saved_message = _("Code list renamed.")
    success_url_name = "code_detail"


class CodeDeleteView(ObjectDeleteView):
    model = Code
    delete_service = services.code_delete
    confirm_title = _("Delete the code list “%(name)s”?")
    confirm_message = _("Its values are deleted with it. This cannot be undone.")
    deleted_message = _("Code list “%(name)s” deleted.")

    def get_cancel_url(self):
        return reverse("code_detail", args=[self.object.pk])

    def get_next_url(self):
        return reverse("code_list")


class CodeValueMixin:
    """A value as the URL names it: the code must be the user's, the value one of its own."""

    model = CodeValue

    def get_queryset(self):
        self.code = scoped_record(self.request, Code.objects.all(), self.kwargs["code_pk"])
        return CodeValue.objects.filter(code=self.code).select_related("code")

    def get_next_url(self):
        return reverse("code_detail", args=[self.code.pk])

    get_cancel_url = get_success_url = get_next_url


class CodeValueEditView(CodeValueMixin, ObjectEditView):
    form = CodeValueForm
    context_object_name = "value"
    update = services.code_value_update
    created_message = _("Value “%(name)s” added.")
    saved_message = _("Value “%(name)s” saved.")

    def handle(self, request, **kwargs):
        self.get_queryset()  # the code, also when creating
        return super().handle(request, **kwargs)

    def creation_defaults(self):
        positions = self.code.values.order_by("-position").values_list("position", flat=True)
        return {"position": (positions.first() or 0) + 1}

    def get_extra_context(self):
        return {"code": self.code}

    def create_object(self, data):
        return services.code_value_create(actor=self.actor, code=self.code, **data)

    def get_success_url(self, instance):
        return self.get_next_url()


class CodeValueActiveView(CodeValueMixin, ObjectActionView):
    """Activates (`active=True`) or deactivates a value."""

    active = True

    @property
    def success_message(self):
        if self.active:
            return _("Value “%(name)s” activated.")
        return _("Value “%(name)s” deactivated.")

    def act(self):
        services.code_value_update(actor=self.actor, code_value=self.object, is_active=self.active)


class CodeValueDeleteView(CodeValueMixin, ObjectDeleteView):
    delete_service = services.code_value_delete
    confirm_title = _("Delete the value “%(name)s”?")
    confirm_message = _("A value that records still use cannot be deleted; deactivate it instead.")
    deleted_message = _("Value “%(name)s” deleted.")
