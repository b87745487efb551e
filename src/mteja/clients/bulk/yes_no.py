"""A yes/no cell written as a word: yes and no as the interface's languages say them, and
TRUE and FALSE as their spreadsheets save a yes/no cell as text (Excel and LibreOffice in
French write VRAI and FAUX, in Spanish VERDADERO and FALSO), whatever its case."""

from __future__ import annotations

WORDS = {  # a language of settings.LANGUAGES → (its words for yes, its words for no)
    "en": (("true", "yes"), ("false", "no")),
    "fr": (("vrai", "oui"), ("faux", "non")),
    "es": (("verdadero", "sí", "si"), ("falso", "no")),
}

_MEANINGS = {
    word: meaning
    for yes, no in WORDS.values()
    for meaning, words in ((True, yes), (False, no))
    for word in words
}


def yes_no(value):
    """True or False for a cell that is one of the words; any other cell as it is (the
    API's input then reads it, or refuses it)."""
    if isinstance(value, str):
        return _MEANINGS.get(value.strip().casefold(), value)
    return value
