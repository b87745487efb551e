"""A field among many values given as one parameter (core/among.py) finds what `__in`
finds, on either database: text, whole numbers, none, and a text holding a NUL (which no
row holds, and SQLite's JSON would read cut short)."""

import pytest
from django.db.models import Q

from mteja.core.among import Among
from mteja.organisation.models import Office

pytestmark = pytest.mark.django_db


def names(condition) -> list[str]:
    return sorted(Office.objects.filter(condition).values_list("name", flat=True))


@pytest.mark.parametrize(
    "values",
    [
        ["Kibera", "Kisumu", "Nowhere", "kibera"],
        [],
        ["Kibera\x00", "Kib\x00era", "Ki"],
        ["Zoë Ñandú", "Kisumu ", "Kisumu"],
    ],
)
def test_a_field_among_values_is_what_in_finds(make_office, values):
    for name in ("Kibera", "Kisumu", "Ki", "Zoë Ñandú"):
        make_office(name)
    wanted = [value for value in values if "\x00" not in value]
    assert names(Among("name", values)) == names(Q(name__in=wanted))
    ids = list(Office.objects.filter(name__in=["Kibera", "Ki"]).values_list("pk", flat=True))
    assert names(Among("id", [*ids, 10**9])) == ["Ki", "Kibera"]
    assert names(Q(Among("name", ["Kisumu"])) | Q(Among("id", ids))) == ["Ki", "Kibera", "Kisumu"]
