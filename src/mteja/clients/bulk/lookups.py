"""The names a client file's cells may give, read once per file and user: the offices of
the user's, the staff who may serve their clients, the code lists' values."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from mteja.clients.bulk.headers import folded
from mteja.organisation.models import CodeValue, Office, Staff


def names_for(user) -> dict:
    """{"office": {folded name: {name: id}}, "staff": {folded name: [(id, serves)]},
    "codes": {code: {folded name: {name: id}}}}."""
    # Offices by folded name; names differing in case or inner spaces only (Kibera, KIBERA)
    # are told apart by their spelling (`one_named`).
    offices_by_name = defaultdict(dict)
    for pk, name in Office.objects.restrict(user).values_list("pk", "name"):
        offices_by_name[folded(name)][name] = pk
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
    codes = defaultdict(lambda: defaultdict(dict))  # told apart as offices are
    for pk, code, name in CodeValue.objects.values_list("pk", "code__name", "name"):
        codes[code][folded(name)][name] = pk
    return {
        "office": offices_by_name,
        "staff": staff,
        "codes": codes,
    }


def one_named(spellings: dict[str, int], value) -> int | None:
    """The id a cell names of those of one folded name (`spellings`: {name: id}): the only
    one; else the one spelt as the cell is, else as it is with inner spaces folded; None
    when that tells none apart."""
    if len(spellings) == 1:
        return next(iter(spellings.values()))
    text = str(value).strip()
    if text in spellings:
        return spellings[text]
    alike = [pk for name, pk in spellings.items() if name.split() == text.split()]
    return alike[0] if len(alike) == 1 else None
