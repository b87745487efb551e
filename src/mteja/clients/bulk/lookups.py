"""The names a client file's cells may give, read once per file and user: the offices of
the user's, the staff who may serve their clients, the code lists' values."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from mteja.clients.bulk.headers import folded
from mteja.organisation.models import CodeValue, Office, Staff


def names_for(user) -> dict:
    """{"office": {folded name: {spelling: id}}, "staff": {folded name: [(id, serves)]},
    "codes": {code: {folded name: id}}}."""
    # Offices by folded name; names differing in case only (Kibera, KIBERA) are told
    # apart by their exact spelling.
    offices_by_name = defaultdict(dict)
    for pk, name in Office.objects.restrict(user).values_list("pk", "name"):
        offices_by_name[folded(name)][" ".join(name.split())] = pk
    # Staff by name: those of the user's offices and of the offices above them (who may
    # serve the user's clients), each with whether they serve (an active loan officer).
    staff = defaultdict(list)
    related = Q(office__in=Office.objects.restrict(user))
    if user.office is not None:
        related |= Q(office__hierarchy__in=user.office.lineage)
    for pk, name, serving in (
        Staff.objects.filter(related)
        .annotate(serving=Q(is_active=True, is_loan_officer=True))
        .values_list("pk", "display_name", "serving")
    ):
        staff[folded(name)].append((pk, serving))
    codes = defaultdict(dict)
    for pk, code, name in CodeValue.objects.values_list("pk", "code__name", "name"):
        codes[code][folded(name)] = pk
    return {
        "office": offices_by_name,
        "staff": staff,
        "codes": codes,
    }
