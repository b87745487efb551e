"""Database constraints several models share."""

from django.db import models
from django.db.models import Q


def unique_when_set(field: str, *, name: str) -> models.UniqueConstraint:
    """`field` unique among the rows that have one (an optional external id): NULLs repeat."""
    return models.UniqueConstraint(
        fields=[field], condition=Q(**{f"{field}__isnull": False}), name=name
    )
