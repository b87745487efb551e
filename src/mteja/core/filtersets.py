"""FilterSets that read query strings as Fineract does: typed, bounded, and refused with
Fineract's error body (the first bad parameter) rather than silently ignored.

One FilterSet per model serves the API list, the web list (its form maps the page's choices to
the same parameters) and exports, so a filter means the same everywhere.
"""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.utils import OpenApiParameter

from mteja.core.api.query import query_choice, query_int


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
    field_class = _QueryField

    def __init__(self, *args, minimum: int = 0, maximum: int = 2**62, **kwargs):
        super().__init__(
            *args,
            parse=lambda params, name: query_int(params, name, minimum=minimum, maximum=maximum),
            **kwargs,
        )


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


class FineractFilterSet(django_filters.FilterSet):
    """Applies the filters or raises the first bad parameter as Fineract's 400."""

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        for name, field in self.form.fields.items():
            if isinstance(field, _QueryField):
                field.param = name

    def results(self):
        # Parsing raises ValidationFailed (Fineract's 400) at the first malformed parameter.
        self.form.full_clean()
        return self.filter_queryset(self.queryset)


def openapi_parameters(filterset_class) -> list[OpenApiParameter]:
    """The query parameters of a FilterSet, for the OpenAPI schema."""
    parameters = []
    for name, declared in filterset_class.base_filters.items():
        if isinstance(declared, WholeNumberFilter):
            parameters.append(OpenApiParameter(name, int))
        elif isinstance(declared, NamedChoiceFilter):
            parameters.append(OpenApiParameter(name, str, enum=sorted(declared.names)))
        else:
            parameters.append(OpenApiParameter(name, str))
    return parameters
