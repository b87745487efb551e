"""A field's usual limits checked at once answer as DRF's validators do (core/api/limits.py)."""

import pytest
from django.core.validators import RegexValidator
from rest_framework import serializers

from mteja.core.api.fields import IdField, StrictCharField


def _answer(field, value):
    """What the field's validators say of a value as its `to_internal_value` gives it."""
    try:
        field.run_validators(value)
    except serializers.ValidationError as refused:
        return [(str(detail), detail.code) for detail in refused.detail]
    return "valid"


@pytest.mark.parametrize(
    "value", ["", "abc", "abcde", "abcdef", "a\x00b", "é", "éé", "\ud800", "abcdéf"]
)
def test_text_limits_answer_as_the_validators(value):
    quick, plain = StrictCharField(max_length=5), serializers.CharField(max_length=5)
    assert _answer(quick, value) == _answer(plain, value)


@pytest.mark.parametrize("value", [1, 0, -1, 2**63 - 1, 2**63, True, 3.0])
def test_id_limits_answer_as_the_validators(value):
    quick = IdField()
    plain = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    assert _answer(quick, value) == _answer(plain, value)


def test_a_validator_other_than_a_limit_runs():
    field = StrictCharField(max_length=5, validators=[RegexValidator(r"^\d+$")])
    assert _answer(field, "abc") != "valid"


def test_a_text_beyond_ascii_within_its_limits_is_known_valid_without_its_validators(
    monkeypatch,
):
    from rest_framework.validators import ProhibitSurrogateCharactersValidator

    ran = []
    monkeypatch.setattr(
        ProhibitSurrogateCharactersValidator, "__call__", lambda _self, value: ran.append(value)
    )
    field = StrictCharField(max_length=5)
    for value in ("Zoë", "中文名字", "🙂🙂🙂🙂🙂"):
        assert _answer(field, value) == "valid"
    assert ran == []
    # A NUL or a surrogate among other text runs them, and DRF refuses it.
    monkeypatch.undo()
    assert _answer(field, "é\x00") != "valid" and _answer(field, "é\ud800") != "valid"
