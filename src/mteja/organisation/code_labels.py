"""Seeded code lists and values in the user's language; what an administrator adds as entered.

The values the migrations seed (organisation/seed.py, groups/seed.py) are translated through a
gettext catalogue of their own, locale/<language>/LC_MESSAGES/codevalues.po, keyed on the
seeded names only: a value an administrator adds (or a seeded value they rename) has no entry
there and is shown exactly as typed, and the pages' own strings (django.po) never mix in.
The seeded lists' names are Fineract's codes ("MARITAL STATUS", "ClientClosureReason"), so
each has a readable label here; a list an administrator adds keeps its name. The API keeps the
stored names, as Fineract's clients expect (docs/decisions.md).
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

CODE_LIST_LABELS = {
    "Gender": _("Gender"),
    "ClientType": _("Client type"),
    "ClientClassification": _("Classification"),
    "Customer Identifier": _("Identity document types"),
    "ClientClosureReason": _("Reasons for closing a client"),
    "ClientRejectReason": _("Reasons for rejecting a client"),
    "ClientWithdrawReason": _("Reasons for a client's withdrawal"),
    "RELATIONSHIP": _("Family relationships"),
    "MARITAL STATUS": _("Marital status"),
    "PROFESSION": _("Profession"),
    "EDUCATION LEVEL": _("Education level"),
    "ADDRESS_TYPE": _("Address types"),
    "COUNTRY": _("Countries"),
    "STATE": _("Regions"),
    "Constitution": _("Constitution"),
    "Main Business Line": _("Main business line"),
    "Document Category": _("Document categories"),
    "GroupClosureReason": _("Reasons for closing a group"),
}

CODE_VALUE_DOMAIN = "codevalues"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@functools.cache
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        CODE_VALUE_DOMAIN, LOCALE_DIR, languages=[to_locale(language)], fallback=True
    )


def code_list_label(name: str) -> str:
    """A seeded list's readable name in the active language; any other name as it is."""
    label = CODE_LIST_LABELS.get(name)
    return str(label) if label is not None else name


def code_value_label(name: str) -> str:
    """A seeded value's name in the active language; any other name as it is."""
    language = get_language()
    if not name or not language:
        return name
    return _catalogue(language).gettext(name)
