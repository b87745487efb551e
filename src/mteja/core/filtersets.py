"""The base of every model's FilterSet: one set of filters serves the web list and the API list.

The web list binds the query string as it is (a bad value of one filter is ignored, the
others still apply). The API reads its own, Fineract-named parameters (`officeId`,
`loanOfficersOnly`) with the house's typed readers, so a malformed value is Fineract's 400;
`api_data` turns them into the FilterSet's data, and a value that names nothing the user may
see (an office outside their subtree) matches no rows.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db import models


class MtejaFilterSet(django_filters.FilterSet):
    api_parameters: list = []  # the API's query parameters, for the OpenAPI schema

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        self.user = user
        super().__init__(data, queryset=queryset, **kwargs)

    @classmethod
    def api_data(cls, params) -> dict:
        """The FilterSet's data from an API query string; none unless a model says so."""
        return {}

    @classmethod
    def for_api(cls, params, queryset: models.QuerySet, *, user) -> models.QuerySet:
        filterset = cls(cls.api_data(params), queryset=queryset, user=user)
        if filterset.form.errors:
            return queryset.none()
        return filterset.qs


def search_filter(method: str, label) -> django_filters.CharFilter:
    """A free-text search box (`q`) served by the FilterSet's `method`."""
    return django_filters.CharFilter(
        method=method,
        label=label,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
