"""ASCII text is folded by a shorter path than other text: both give the same key."""

import string
import unicodedata

import pytest

from mteja.clients.search.text import _SPELT, fold


def _folded_char_by_char(text: str) -> str:
    """The general path, which every text took before ASCII had its own."""
    bare = "".join(
        char
        for char in unicodedata.normalize("NFKD", text.casefold().translate(_SPELT))
        if not unicodedata.combining(char)
    )
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


@pytest.mark.parametrize(
    "text",
    ["O'Brien-Smith  Jr.", "  WANJIRU\tkamau ", "a_b", "x2y", "'", "--", string.printable],
)
def test_ascii_folds_as_the_general_path_does(text):
    assert fold(text) == _folded_char_by_char(text)


def test_every_ascii_character_folds_as_the_general_path_does():
    for code in range(128):
        text = f"A{chr(code)}b{chr(code)}"
        assert fold(text) == _folded_char_by_char(text), code
