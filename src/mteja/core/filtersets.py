"""FilterSets: one per model serves the API list, the web list and exports, so a filter means
the same everywhere. Every one is a `MtejaFilterSet`, declared in one of two ways:

- by the API's parameters (Fineract's names; the clients list): typed filters read query
  strings as Fineract does, bounded and refused with Fineract's error body at the first bad
  parameter (`results()`), and the web list's form maps its choices to the same parameters;
- by the web list's fields (offices, staff, codes, users, roles): the web list binds the query
  string as it is (a bad value of one filter is ignored, the others still apply), and the API
  reads its own parameters into them with the house's typed readers (`api_data`, `for_api`),
  so a malformed value is Fineract's 400 and a value naming nothing the user may see (an office
  outside their subtree) matches no rows.
"""

from __future__ import annotations

import copy
import functools
import operator

import django_filters
from django import forms
from django.db import models
from drf_spectacular.utils import OpenApiParameter

from mteja.core.api.errors import UnsupportedParameters
from mteja.core.api.query import (
    MAX_QUERY_INT,
    int_parameter,
    query_bool,
    query_choice,
    query_date,
    query_int,
)


class _QueryField(forms.Field):
    """A form field that parses its value with the API's query helpers (whose errors are
    Fineract's). The FilterSet names the field after its parameter."""

    param = ""

    def __init__(self, *, parse, **kwargs):
        self.parse = parse
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return self.parse({self.param: value}, self.param)


class WholeNumberFilter(django_filters.Filter):
    """A whole number; `row_model` ("app_label.Model") when it is the id of a row that its field
    does not say (a filter applied by its method): core/filter_values.py names the row."""

    field_class = _QueryField

    def __init__(
        self, *args, minimum: int = 0, maximum: int = MAX_QUERY_INT, row_model: str = "", **kwargs
    ):
        self.minimum, self.maximum, self.row_model = minimum, maximum, row_model
        super().__init__(
            *args,
            parse=lambda params, name: query_int(params, name, minimum=minimum, maximum=maximum),
            **kwargs,
        )


class TrueFalseFilter(django_filters.Filter):
    """true/false (any case), as the API's booleans are read; applied by the filter's method."""

    field_class = _QueryField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, parse=query_bool, **kwargs)


class IsoDateFilter(django_filters.Filter):
    """A date written yyyy-MM-dd; `lookup_expr` says how it bounds the field (gte, lte)."""

    field_class = _QueryField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, parse=query_date, **kwargs)


class NamedChoiceFilter(django_filters.Filter):
    """A value given by name (case-insensitive): `choices` maps names to stored values."""

    field_class = _QueryField

    def __init__(self, *args, choices: dict[str, object], resource: str = "", **kwargs):
        self.names = choices
        super().__init__(
            *args,
            parse=lambda params, name: query_choice(params, name, choices, resource=resource),
            **kwargs,
        )


class _Filters(dict):
    """A FilterSet's declared filters. django-filter deep-copies them for every FilterSet it
    builds (a tenth of a list request's time); a filter holds nothing of a request until
    the FilterSet it is copied for sets it, so a shallow copy with its own options does."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, declared in self.items():
            filter_copy = copy.copy(declared)
            filter_copy.extra = dict(declared.extra)  # a form field's options, set per use
            filter_copy.__dict__.pop("_field", None)  # its form field is built afresh
            if declared.method is not None:
                filter_copy.method = declared.method  # calls the method of its own FilterSet
            copies[name] = filter_copy
        return copies


class MtejaFilterSet(django_filters.FilterSet):
    """The base of every FilterSet. Filters whose choices depend on the user (`bind`) get the
    user; typed query filters (WholeNumberFilter, NamedChoiceFilter) parse with the API's
    readers, so a malformed value is Fineract's 400 (`results`)."""

    api_parameters: list = []  # the API's query parameters, for the OpenAPI schema
    refused: tuple[str, ...] = ()  # the API's filters refused by design (see `results`)

    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        self.user = user
        super().__init__(data, queryset=queryset, **kwargs)
        for name, declared in self.filters.items():
            if hasattr(declared, "bind"):  # a filter whose choices depend on the user
                declared.bind(self, name)
        for name, field in self.form.fields.items():
            if isinstance(field, _QueryField):
                field.param = name

    @classmethod
    def api_data(cls, params) -> dict:
        """The FilterSet's data from an API query string; none unless a model says so."""
        return {}

    @classmethod
    def for_api(cls, params, queryset: models.QuerySet, *, user) -> models.QuerySet:
        """The web list's FilterSet applied to an API query (read by `api_data`); a value that
        names nothing the user may see matches no rows."""
        filterset = cls(cls.api_data(params), queryset=queryset, user=user)
        if filterset.form.errors:
            return queryset.none()
        return filterset.qs

    def results(self) -> models.QuerySet:
        """For a FilterSet whose parameters are the API's own (Fineract's names): the rows, or
        the first malformed parameter raised as Fineract's 400. A filter of `refused` is a 400
        too: answering the unfiltered list would look like an answer."""
        refused = [name for name in self.refused if self.data.get(name) not in (None, "")]
        if refused:
            raise UnsupportedParameters(refused)
        self.form.full_clean()
        return self.filter_queryset(self.queryset)


def openapi_parameters(filterset_class) -> list[OpenApiParameter]:
    """The query parameters of a FilterSet, for the OpenAPI schema."""
    parameters = []
    for name, declared in filterset_class.base_filters.items():
        if isinstance(declared, WholeNumberFilter):
            parameters.append(int_parameter(name, declared.minimum, declared.maximum))
        elif isinstance(declared, NamedChoiceFilter):
            parameters.append(OpenApiParameter(name, str, enum=sorted(declared.names)))
        elif isinstance(declared, TrueFalseFilter):
            parameters.append(OpenApiParameter(name, bool))
        elif isinstance(declared, IsoDateFilter):
            parameters.append(OpenApiParameter(name, {"type": "string", "format": "date"}))
        else:
            parameters.append(OpenApiParameter(name, str))
    return [*parameters, *filterset_class.api_parameters]


def contains_any(queryset: models.QuerySet, text: str, *fields: str) -> models.QuerySet:
    """The rows where one of `fields` contains `text` (any case); all of them for blank text."""
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(
        functools.reduce(operator.or_, (models.Q(**{f"{f}__icontains": text}) for f in fields))
    )


def search_filter(method: str, label) -> django_filters.CharFilter:
    """A free-text search box (`q`) served by the FilterSet's `method`."""
    return django_filters.CharFilter(
        method=method,
        label=label,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
