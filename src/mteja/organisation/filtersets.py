"""One FilterSet per model of the organisation app: the web lists and the API lists read their
filters through these."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

from mteja.core.api.query import (
    int_parameter,
    query_bool,
    query_choice,
    query_descending,
    query_int,
)
from mteja.core.filtersets import MtejaFilterSet, search_filter
from mteja.organisation.models import Code, Office, Staff
from mteja.organisation.selectors import STAFF_STATUSES, office_list
from mteja.organisation.web.forms import OfficeChoiceField

# The API's orderBy values (case does not matter) → the column.
OFFICE_ORDER = {
    "id": "id",
    "name": "name",
    "openingDate": "opening_date",
    "externalId": "external_id",
    "hierarchy": "hierarchy",
}


class OfficeFilter(django_filters.ModelChoiceFilter):
    """One of the user's offices, offered indented as in the tree."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Office"))
        super().__init__(queryset=None, empty_label=_("All offices"), **kwargs)

    def bind(self, filterset: MtejaFilterSet, name: str) -> None:
        self.queryset = office_list(user=filterset.user)
        filterset.form.fields[name] = OfficeChoiceField(
            user=filterset.user, label=self.label, required=False, empty_label=_("All offices")
        )


class OfficeFilterSet(MtejaFilterSet):
    """The web shows the whole tree; the API may order it (orderBy, sortOrder)."""

    order = django_filters.CharFilter(method="filter_order", widget=forms.HiddenInput)
    api_parameters = [
        OpenApiParameter("orderBy", str, enum=sorted(OFFICE_ORDER)),
        OpenApiParameter("sortOrder", str, enum=["ASC", "DESC"]),
    ]

    class Meta:
        model = Office
        fields: list[str] = []

    @classmethod
    def api_data(cls, params) -> dict:
        column = query_choice(params, "orderBy", {k.lower(): v for k, v in OFFICE_ORDER.items()})
        descending = query_descending(params)
        if not column:
            return {}
        return {"order": f"-{column}" if descending else column}

    def filter_order(self, queryset, name, value):
        return queryset.order_by(value, "id")


class StaffFilterSet(MtejaFilterSet):
    q = search_filter("filter_name", _("Name"))
    office = OfficeFilter()
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        empty_label=None,
        choices=[("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
    )
    loan_officers_only = django_filters.BooleanFilter(
        label=_("Loan officers only"), method="filter_loan_officers", widget=forms.CheckboxInput
    )
    api_parameters = [
        int_parameter("officeId", 1, description="Only staff of this office."),
        OpenApiParameter(
            "status",
            str,
            enum=list(STAFF_STATUSES),
            description="Which staff by state; active unless given.",
        ),
        OpenApiParameter("loanOfficersOnly", bool),
    ]

    class Meta:
        model = Staff
        fields: list[str] = []

    @classmethod
    def api_data(cls, params) -> dict:
        data = {"office": query_int(params, "officeId", minimum=1)}
        data["status"] = query_choice(params, "status", {s: s for s in STAFF_STATUSES})
        data["loan_officers_only"] = bool(query_bool(params, "loanOfficersOnly"))
        return {name: value for name, value in data.items() if value is not None}

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):  # active staff unless asked otherwise
            queryset = queryset.filter(is_active=True)
        return queryset

    def filter_name(self, queryset, name, value):
        return queryset.filter(display_name__icontains=value.strip())

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(is_active=value == "active")

    def filter_loan_officers(self, queryset, name, value):
        return queryset.filter(is_loan_officer=True) if value else queryset


class CodeFilterSet(MtejaFilterSet):
    class Meta:
        model = Code
        fields: list[str] = []
