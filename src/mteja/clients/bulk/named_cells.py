"""What a cell names: a choice by its label, an office, a loan officer or a code list's value
by name (the names the user may give: lookups.py), with the message when it names none."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.bulk.code_values import CodeValueNames
from mteja.clients.bulk.headers import folded
from mteja.clients.bulk.lookups import choice_labels, one_named, spelt_as
from mteja.organisation.models import Office, Staff


def named_choice(model_field, value) -> tuple[int | None, str | None]:
    """A choice by its label in the user's language, else in another of the
    institution's (a file a colleague filled in English, imported by a French-speaking
    user), else by its stored number."""
    wanted = folded(value)
    found = choice_labels(model_field).get(wanted)
    for language, _name in settings.LANGUAGES if found is None else ():
        with translation.override(language):
            found = choice_labels(model_field).get(wanted)
        if found is not None:
            break
    if found is None and str(value).isdigit():
        found = int(value)
    if found is None:
        return None, _("“%(value)s” is not one of the choices.") % {"value": value}
    return found, None


def named_reference(
    names: dict, code_names: CodeValueNames, model_field, value
) -> tuple[int | None, str | None]:
    """The office, staff member or code value (`names_for`'s, `code_names`) the cell names."""
    name = folded(value)
    related = model_field.related_model
    if related is Office:
        spellings = names["office"].get(name, {})
        found = one_named(spellings, value)
        message = (
            gettext_lazy("Several offices are named “%(value)s”: write it as it is spelt.")
            if spellings
            else gettext_lazy("No office named “%(value)s” among your offices.")
        )
    elif related is Staff:
        # Namesakes but for case or spaces: those spelt as the cell is.
        matches = spelt_as(names["staff"].get(name, []), value)
        serving = [pk for pk, serves, _name in matches if serves]
        # One who serves among namesakes who do not; else the one so named (the create
        # service then says why they cannot serve).
        found = serving[0] if len(serving) == 1 else None
        if found is None and len(matches) == 1:
            found = matches[0][0]
        message = (
            gettext_lazy("Several staff members are named “%(value)s”.")
            if matches
            else gettext_lazy("No staff member named “%(value)s”.")
        )
    else:
        return code_names.find(model_field.code_name, value)
    if found is None:  # the message translated only now (a lazy string until then)
        return None, message % {"value": value}
    return found, None
