"""A code list's value as a file's cell names it: by its stored name (the API's, and the
template's drop-downs'), or by its name in the import's language — the name the user's pages
show (organisation/code_labels.py: a seeded value translated, an added one as entered). The
import's language is its starter's page's, or the API call's `locale` (clients/imports/
running.py `job_language`): a French or Spanish clerk fills a file as their pages name the
values. The values are read once per file (lookups.names_for), their names in a language
worked out once, from those: no query per row. A name that two values of one list go by (one's
stored name, another's translation; or two translations) names neither, and says how to write
each: with its number, as Fineract's template does ("Other-3")."""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import get_language, gettext_lazy

from mteja.clients.bulk.headers import folded
from mteja.clients.bulk.lookups import spelt_as
from mteja.organisation.code_labels import code_list_label, code_value_label

_NOT_A_VALUE = gettext_lazy("“%(value)s” is not a value of the list “%(code)s”.")
_SEVERAL_VALUES = gettext_lazy(
    "Several values of the list “%(code)s” are named “%(value)s”: write it as it is spelt."
)
_NAMED_AND_TRANSLATED = gettext_lazy(
    "“%(value)s” names several values of the list “%(code)s”, stored or translated: write "
    "the one meant with its number, one of %(choices)s."
)
_NAME_AND_ID = re.compile(r"(.+)-(\d{1,18})")  # a code value as Fineract writes it: Female-22


class CodeValueNames:
    """The values of every code list by the names a cell may give them, for one file."""

    def __init__(self, codes: dict):
        """`codes`: lookups.names_for's, {code: {folded name: {name: id}}}."""
        self._codes = codes
        # {(language, code): {folded name: [(id, name)]}}: the names differing from the stored.
        self._translated: dict[tuple, dict] = {}

    def find(self, code: str, value) -> tuple[int | None, str | None]:
        """The id of the value of the list `code` a cell names — by its name or its name in
        the active language (those named but for case or spaces by their spelling:
        `spelt_as`), or by its name and id as Fineract's template writes it ("Female-22",
        both must agree) — else why none."""
        values = self._codes.get(code, {})
        key = folded(value)
        stored = [(pk, name) for name, pk in values.get(key, {}).items()]
        translated = self._translated_names(code).get(key, [])
        matches = spelt_as(stored + translated, value)
        found = {pk for pk, _name in matches}
        if len(found) == 1:
            return found.pop(), None
        if not matches:
            named = _NAME_AND_ID.fullmatch(str(value).strip())
            if named and int(named[2]) in values.get(folded(named[1]), {}).values():
                return int(named[2]), None
            return None, _NOT_A_VALUE % {"value": value, "code": code_list_label(code)}
        if not any(match in translated for match in matches):  # (Single, SINGLE)
            return None, _SEVERAL_VALUES % {"value": value, "code": code_list_label(code)}
        names = {pk: name for spellings in values.values() for name, pk in spellings.items()}
        choices = ", ".join(sorted(f"{names[pk]}-{pk}" for pk in found))
        shown = {"value": value, "code": code_list_label(code), "choices": choices}
        return None, _NAMED_AND_TRANSLATED % shown

    def _translated_names(self, code: str) -> dict[str, list[tuple[int, str]]]:
        """The list's values by their names in the active language, where those differ from
        the stored ones, worked out once per language."""
        key = (get_language(), code)
        if key not in self._translated:
            names = defaultdict(list)
            for spellings in self._codes.get(code, {}).values():
                for name, pk in spellings.items():
                    if (label := code_value_label(name)) != name:
                        names[folded(label)].append((pk, label))
            self._translated[key] = names
        return self._translated[key]
