"""Administrator-written patterns run on RE2: linear time whatever their shape, and a pattern
RE2 refuses is explained in a sentence."""

import pytest
from django.utils import translation

from mteja.core import regexes

HOSTILE = [
    # (pattern, text that almost matches): each makes a backtracking engine take exponential time.
    (r"^(A|A)*$", "A" * 40 + "!"),
    (r"(a+)+$", "a" * 40 + "b"),
    (r"^(\w+\s?)*$", "word " * 20 + "!"),
    (r"^([A-Z0-9]+[0-9]?)*$", "A1" * 20 + "-"),
    (r"^(?:[A-Z]*){2,}$", "A" * 40 + "1"),
]


@pytest.mark.parametrize(("pattern", "text"), HOSTILE)
def test_nested_repetitions_are_accepted_and_answer_at_once(pattern, text):
    # RE2's time is linear in the text: these return in microseconds, so asserting the result
    # is enough (a backtracking engine would not return within the test run).
    assert regexes.problem(pattern) is None
    assert regexes.conforms(pattern, text) is False
    assert regexes.conforms(pattern, text * 2_500) is False  # about 100 kB


def test_matching_is_of_the_whole_text():
    assert regexes.conforms(r"[0-9]{3}", "123")
    assert not regexes.conforms(r"[0-9]{3}", "1234")
    assert not regexes.conforms(r"[0-9]{3}", "x123")
    assert regexes.conforms(r"(a+)+$", "a" * 100_000)


@pytest.mark.parametrize(
    ("pattern", "named"),
    [
        (r"^(A)\1$", r"\1"),
        (r"^(?=A)A+$", "(?="),
        (r"^(?!A)[A-Z]+$", "(?!"),
        (r"^(?<=A)B$", "(?<="),
        (r"^(?<!A)B$", "(?<!"),
        ("[A-Z", "[A-Z"),
        ("(unclosed", "(unclosed"),
        ("a{2,1}", "{2,1}"),
    ],
)
def test_a_refused_pattern_is_explained_in_a_sentence(pattern, named):
    reason = regexes.problem(pattern)
    assert reason is not None and named in reason
    assert reason.endswith(".")


def test_the_explanation_is_in_the_users_language():
    with translation.override("fr"):
        reason = regexes.problem(r"^(A)\1$")
    assert reason is not None and "expression régulière" in reason


@pytest.mark.parametrize("pattern", ["", None])
def test_no_pattern_is_no_rule(pattern):
    assert regexes.conforms(pattern, "anything")


def test_a_stored_pattern_re2_refuses_blocks_nothing():
    assert regexes.conforms(r"^(A)\1$", "anything")


def test_text_that_is_not_unicode_does_not_conform():
    assert not regexes.conforms(r"^.*$", "a\ud800b")


@pytest.mark.parametrize(
    ("pattern", "text", "conforms"),
    [
        (r".{3}", "Éüa", True),  # three characters (five bytes of UTF-8)
        (r".{5}", "Éüa", False),
        (r"[À-ÿ]{2}a", "Éüa", True),
        (r"\pL{5}", "Ñandú", True),
        (r"[0-9]{2}.", "12😀", True),  # one character of four bytes
        (r"[0-9]{2}.{4}", "12😀", False),
        (r"\d+", "１２３", False),  # RE2's \d is ASCII
    ],
)
def test_a_pattern_counts_characters_not_bytes(pattern, text, conforms):
    assert regexes.conforms(pattern, text) is conforms
