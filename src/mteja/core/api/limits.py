"""A field's usual limits checked at once for the plain values that keep within them.

DRF runs a text field's three validators (its length, no NUL, no surrogate character) and a
number's two (its range) one call each for every value, each building its message's
parameters first; a bulk import reads a dozen such values a row. When a field's validators
are only those limits, a value of the plain type that keeps within them (text: without NUL
nor surrogate, told at once for ASCII and by one search in C for other text) is known valid
at once; any other value runs the validators themselves, with their messages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from rest_framework.validators import ProhibitSurrogateCharactersValidator

# Validators that refuse nothing a plain text without NUL and surrogates is, nor any number.
_TEXT_CHARACTERS = (ProhibitNullCharactersValidator, ProhibitSurrogateCharactersValidator)
# What those refuse: NUL, and the code points ProhibitSurrogateCharactersValidator names.
_REFUSED_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class _Limits:
    shortest: int = 0
    longest: float = float("inf")
    lowest: float = float("-inf")
    highest: float = float("inf")
    lengths: bool = False  # a length validator: a number is left to the validators
    ranges: bool = False  # a range validator: a text is left to the validators

    def keeps(self, value) -> bool:
        kind = type(value)
        if kind is str:
            return (
                not self.ranges
                and self.shortest <= len(value) <= self.longest
                and (
                    "\x00" not in value
                    if value.isascii()
                    else not _REFUSED_CHARACTERS.search(value)
                )
            )
        return kind is int and not self.lengths and self.lowest <= value <= self.highest


def limits_of(validators: list) -> _Limits | None:
    """The limits `validators` set, None when one of them is not such a limit."""
    bounds = {}
    for validator in validators:
        kind, limit = type(validator), getattr(validator, "limit_value", None)
        if kind in _TEXT_CHARACTERS:
            continue
        if type(limit) is not int:
            return None
        if kind is MinLengthValidator:
            bounds.update(shortest=limit, lengths=True)
        elif kind is MaxLengthValidator:
            bounds.update(longest=limit, lengths=True)
        elif kind is MinValueValidator:
            bounds.update(lowest=limit, ranges=True)
        elif kind is MaxValueValidator:
            bounds.update(highest=limit, ranges=True)
        else:
            return None
    return _Limits(**bounds)


class QuickLimits:
    """Mixin of a DRF field: `run_validators` returns at once for a value within the
    field's limits (see the module)."""

    def run_validators(self, value):
        validators = self.validators
        known = self.__dict__.get("_known_limits")
        if known is None or known[0] is not validators or known[1] != len(validators):
            limits = limits_of(validators)
            known = self._known_limits = (validators, len(validators), limits)
        limits = known[2]
        if limits is not None and limits.keeps(value):
            return
        super().run_validators(value)
