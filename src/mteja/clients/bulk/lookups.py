"""The names a client file's cells may give, read once per file and user: the offices of
the user's, the staff who may serve their clients, the code lists' values."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from mteja.clients.bulk.headers import folded
from mteja.organisation.models import CodeValue, Office, Staff


def choice_labels(model_field) -> dict:
    """A model field's choices by their folded label, in the active language."""
    return {folded(label): stored for stored, label in model_field.choices}


def names_for(user) -> dict:
    """{"office": {folded name: {name: id}}, "staff": {folded name: [(id, serves, name)]},
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
        staff[folded(name)].append((pk, serving, name))
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
    one of those spelt as the cell is (`spelt_as`); None when that tells none apart."""
    found = spelt_as([(pk, name) for name, pk in spellings.items()], value)
    return found[0][0] if len(found) == 1 else None


def spelt_as(named: list[tuple], value) -> list[tuple]:
    """Of things of one folded name (each with its name last), those spelt as the cell is,
    else as it is with inner spaces folded; all of them when none is."""
    text = str(value).strip()
    return (
        [item for item in named if item[-1] == text]
        or [item for item in named if item[-1].split() == text.split()]
        or named
    )
