"""Declarative pages, in NetBox's manner: list, detail, edit, delete and action views declared
with a few attributes.

    class StaffListView(ObjectListView):
        model = Staff
        queryset = Staff.objects.select_related("office")
        filterset = StaffFilterSet
        table = StaffTable
        template_name = "organisation/staff_list.html"

Each view names the permission code it requires in `permission_required`; by default it is
Fineract's `<ACTION>_<ENTITY>` with the entity from the model's declaration (READ for lists
and details, CREATE or UPDATE for the edit page, DELETE for the delete page). `as_view()`
wraps the page in core.web.access.permission_required, so the callable the URL resolver
holds carries the same code as `permission_code` and its class as `view_class`. Every write
goes through the service the view names; a service's errors land beside the form's fields
(core.web.forms.form_page) or at the top of the page (run_action).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from mteja.core.declarations import declaration_of
from mteja.core.web.access import permission_required
from mteja.core.web.chips import filter_chips
from mteja.core.web.forms import form_page, run_action
from mteja.core.web.records import record_history, scoped_record
from mteja.core.web.tables import configure


class ObjectView(View):
    model: type[models.Model] | None = None
    queryset: models.QuerySet | None = None
    permission_required: str | None = None
    permission_action = "READ"
    # Derived from the model's declaration unless declared: `<app>/<resource>_<suffix>.html`
    # (organisation/code_value_form.html), the resource as the context name of the record.
    template_suffix = ""
    template_name = ""
    context_object_name = ""
    object_kwarg = ""  # the services' keyword for the record
    list_url_name = ""  # `<resource>_list` unless declared

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        declaration = declaration_of(cls.model) if cls.model is not None else None
        if declaration is None:
            return
        name = declaration.resource.replace(".", "_")
        if not cls.template_name and cls.template_suffix:
            cls.template_name = f"{cls.model._meta.app_label}/{name}_{cls.template_suffix}.html"
        cls.context_object_name = cls.context_object_name or name
        cls.object_kwarg = cls.object_kwarg or name
        cls.list_url_name = cls.list_url_name or f"{name}_list"

    @classmethod
    def required_permission(cls, initkwargs: dict) -> str:
        """The code the page needs: declared, or Fineract's `<ACTION>_<ENTITY>`."""
        code = initkwargs.get("permission_required", cls.permission_required)
        return code or cls.default_permission(initkwargs)

    @classmethod
    def default_permission(cls, initkwargs: dict) -> str:
        return f"{cls.permission_action}_{declaration_of(cls.model).entity}"

    @classmethod
    def as_view(cls, **initkwargs):
        code = cls.required_permission(initkwargs)
        initkwargs["permission_required"] = code
        guarded = permission_required(code)(super().as_view(**initkwargs))
        guarded.permission_required = code
        return guarded

    @property
    def actor(self):
        return self.request.user

    def get_queryset(self) -> models.QuerySet:
        return (self.queryset if self.queryset is not None else self.model.objects).all()

    def get_object(self):
        """The record the URL names: 404 outside the user's scope (403 for a write)."""
        return scoped_record(self.request, self.get_queryset(), self.kwargs["pk"])

    def get_extra_context(self) -> dict[str, Any]:
        return {}

    def message_names(self, record) -> dict[str, Any]:
        """What the page's titles and messages name the record by: `%(name)s`."""
        return {"name": record}

    def get_next_url(self) -> str:
        raise NotImplementedError

    def run(self, request, action: Callable, message, **options):
        """Runs `action` as `run_action` does, its success message naming the record, then
        goes to the next page."""
        success = str(message) % self.message_names(self.object)
        next_url = self.get_next_url()
        return run_action(request, action, success_message=success, next_url=next_url, **options)


def _instance_of(result):
    """The record a service returned: alone, or with its changes."""
    return result[0] if isinstance(result, tuple) else result


class ReadView(ObjectView):
    """A page that only shows: it answers a POST as a GET (outside the user's scope, the
    gate's 403 for a write)."""

    def post(self, request, **kwargs):
        return self.get(request, **kwargs)


class ObjectListView(ReadView):
    template_suffix = "list"
    filterset = None  # a core.filtersets.MtejaFilterSet
    # For a FilterSet declared by the API's parameters: the page's filter form, whose
    # `selection()` gives those parameters (a bad value of one filter leaves the others).
    filter_form = None
    table = None  # a django-tables2 table; None when the template draws the rows itself
    lazy = False  # pages without counting every row (lists that grow without bound)

    def get(self, request, **kwargs):
        rows = self.get_queryset().restrict(request.user)
        self.filtered = None  # the filtered rows before the scope, when a filter form filters
        context = {}
        if self.filter_form is not None:
            form = self.filter_form(request.GET, user=request.user)
            filterset = self.filterset(
                form.selection(), queryset=self.get_queryset(), user=request.user
            )
            self.filtered = filterset.results()
            rows, context["filters"] = self.filtered.restrict(request.user), form
            context["chips"] = filter_chips(request, form)
        elif self.filterset is not None:
            filterset = self.filterset(request.GET, queryset=rows, user=request.user)
            rows, context["filters"] = filterset.qs, filterset.form
        if self.table is not None:
            if not request.GET.get("sort"):
                rows = self.default_order(rows)
            known = {}
            if self.lazy:
                # Counted once, no further than the bound; beyond it the list says "more than".
                total, bound = self.bounded_count(rows), self.count_bound()
                beyond = bound if total is not None and total > bound else None
                known = {"total": total, "beyond": beyond}
            table = self.table(rows, order_by_field="sort")
            context["table"] = configure(request, table, lazy=self.lazy, **known)
        context.update(self.get_list_context(rows))
        return render(request, self.template_name, context)

    def default_order(self, rows):
        """The rows' order when the user sorts by no column (the model's own)."""
        return rows

    def count_bound(self) -> int:
        """The number beyond which a lazy list says "more than"."""
        return settings.MTEJA_EXACT_COUNT_LIMIT

    def bounded_count(self, rows) -> int | None:
        """A lazy list's row count, read no further than MTEJA_EXACT_COUNT_LIMIT + 1 (the page
        then says "more than"); None shows no count."""
        return None

    def get_list_context(self, rows) -> dict[str, Any]:
        return {}


class ObjectDetailView(ReadView):
    template_suffix = "detail"
    history = True  # the record's latest audit events (for those who may read the journal)

    def get(self, request, **kwargs):
        self.object = self.get_object()
        context = {self.context_object_name: self.object, **self.get_extra_context()}
        if self.history:
            entity = declaration_of(self.model).entity
            context["history"] = record_history(request.user, entity, self.object.pk)
        return render(request, self.template_name, context)


class ObjectEditView(ObjectView):
    """The create page (`as_view(creating=True)`) and the edit page of one model.

    `create` and `update` are the services (`update` takes the record as `object_kwarg`);
    the form's cleaned data are their keyword arguments unless `create_object` /
    `update_object` say otherwise."""

    template_suffix = "form"
    form = None
    creating = False
    create: Callable | None = None
    update: Callable | None = None
    created_message = ""
    saved_message = ""
    params: dict[str, str] | None = None  # service parameters whose form field has another name
    success_url_name = ""

    @classmethod
    def default_permission(cls, initkwargs: dict) -> str:
        action = "CREATE" if initkwargs.get("creating", cls.creating) else "UPDATE"
        return f"{action}_{declaration_of(cls.model).entity}"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def creation_defaults(self) -> dict[str, Any]:
        """The new record's form before the query string fills it in."""
        return {}

    def get_initial(self) -> dict[str, Any]:
        """The form's fields from the record; when creating, the defaults, then the form's
        fields the query string names (`?parent=7`: an office below office 7)."""
        if self.object is None:
            given = {k: v for k, v in self.request.GET.items() if k in self.form.base_fields}
            return {**self.creation_defaults(), **given}
        return {
            name: getattr(self.object, name)
            for name in self.form.base_fields
            if hasattr(self.object, name)
        }

    def create_object(self, data: dict):
        return type(self).create(actor=self.actor, **data)

    def update_object(self, data: dict):
        record = {self.object_kwarg: self.object}
        return type(self).update(actor=self.actor, **record, **data)

    def get_success_url(self, instance) -> str:
        return reverse(self.success_url_name, args=[instance.pk])

    def get_cancel_url(self) -> str:
        """Back where saving goes (the record's page), or to the list when creating."""
        if self.object is None:
            return reverse(self.list_url_name)
        return self.get_success_url(self.object)

    def get_success_message(self, result) -> str:
        message = self.created_message if self.creating else self.saved_message
        return str(message) % self.message_names(_instance_of(result))

    def handle(self, request, **kwargs):
        self.object = None if self.creating else self.get_object()
        form = self.form(request.POST or None, initial=self.get_initial(), **self.get_form_kwargs())
        self.bound_form = form  # for services that take the form's typed input
        write = self.create_object if self.creating else self.update_object
        return form_page(
            request,
            form=form,
            template=self.template_name,
            write=write,
            success_url=lambda result: self.get_success_url(_instance_of(result)),
            success_message=self.get_success_message,
            params=self.params,
            context={
                self.context_object_name: self.object,
                "object": self.object,
                "cancel_url": self.get_cancel_url(),
                **self.get_extra_context(),
            },
        )

    def get(self, request, **kwargs):
        return self.handle(request, **kwargs)

    post = get


class ObjectDeleteView(ObjectView):
    """A confirmation page, then the service's delete."""

    permission_action = "DELETE"
    delete_service: Callable | None = None
    confirm_title = ""
    confirm_message = ""
    deleted_message = ""
    confirm_label = _("Delete")

    def get_cancel_url(self) -> str:
        raise NotImplementedError

    def get(self, request, **kwargs):
        self.object = self.get_object()
        return render(
            request,
            "core/confirm.html",
            {
                "title": str(self.confirm_title) % self.message_names(self.object),
                "message": self.confirm_message,
                "confirm_label": self.confirm_label,
                "cancel_url": self.get_cancel_url(),
            },
        )

    def post(self, request, **kwargs):
        self.object = self.get_object()
        service = type(self).delete_service
        delete = functools.partial(service, actor=self.actor, **{self.object_kwarg: self.object})
        return self.run(request, delete, self.deleted_message, failure_url=self.get_cancel_url())


class ObjectActionView(ObjectView):
    """A button without a form of its own (enable, deactivate): POST only."""

    http_method_names = ["post"]
    permission_action = "UPDATE"
    success_message = ""

    def act(self):
        raise NotImplementedError

    def post(self, request, **kwargs):
        self.object = self.get_object()
        return self.run(request, self.act, self.success_message)
