"""A mobile number's key for the shapes most files hold, without phonenumbers' parser: ASCII
digits, maybe grouped by spaces, after a "+" (`+254 712 345 678`) or, with a default country,
alone (`0712 345 678`). phonenumbers' `parse`, `is_possible_number` and E.164 formatting
cost about 5 % of an imported row's check; these shapes follow the same steps here, with
phonenumbers' own metadata and length verdicts, and give the same key. A text of any other
shape, or one reaching a step not followed here (an international dialling prefix, the
country code written without its plus, a national prefix that rewrites the number, a
national number beginning with 0, a country code not read from the text alone), is left to
phonenumbers: None (tests/clients/test_phone_shapes.py compares the two on many numbers).

A length's verdict is read from the plan's public metadata (its possible lengths), by the
rule phonenumbers applies to a number of no particular type (docs/decisions.md 250); its
private helper is not called (tests/clients/test_phone_length_verdicts.py compares them for
every plan and length used here)."""

from __future__ import annotations

import functools
import re

from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import (
    COUNTRY_CODE_TO_REGION_CODE,
    SUPPORTED_REGIONS,
    ValidationResult,
    region_code_for_country_code,
)

# phonenumbers' bounds of a national (significant) number: shorter or longer, it refuses it.
LEAST_NATIONAL_DIGITS, MOST_NATIONAL_DIGITS = 2, 17
MOST_COUNTRY_CODE_DIGITS = 3
# The national lengths whose verdicts a plan keeps: every length `_key` may ask of.
VERDICT_LENGTHS = range(MOST_NATIONAL_DIGITS + MOST_COUNTRY_CODE_DIGITS + 1)
# The longest text phonenumbers reads: a longer one, however many of its characters are
# spaces, it refuses.
MOST_TEXT_CHARACTERS = 250
LEAST_PLUS_DIGITS = 4  # ("+" and three digits or fewer: phonenumbers' refusals, left to it)
# The length verdicts that make a number possible (`is_possible_number`), and those under
# which `parse` keeps a number as written rather than less its national prefix.
POSSIBLE = frozenset({ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY})
KEEPS_PREFIX = frozenset(
    {
        ValidationResult.TOO_SHORT,
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
        ValidationResult.INVALID_LENGTH,
    }
)


class _Plan:
    """A numbering plan's metadata as `parse` uses it, its patterns compiled once and its
    length verdicts (which depend on a number's length alone) worked out for every length."""

    def __init__(self, metadata):
        self.country_code = str(metadata.country_code)
        self.international = _compiled(metadata.international_prefix)
        self.national_prefix = _compiled(metadata.national_prefix_for_parsing)
        self.rewrites = bool(metadata.national_prefix_transform_rule)
        self.pattern = _compiled(metadata.general_desc.national_number_pattern)
        self.verdicts = [length_verdict(length, metadata) for length in VERDICT_LENGTHS]

    def national(self, number: str) -> str | None:
        """`number` less its national prefix as `parse` takes it (kept when the rest would
        not be a possible length, or when only the whole matches the plan's pattern); None
        for a prefix that rewrites the number (phonenumbers' to read)."""
        found = self.national_prefix.match(number) if self.national_prefix else None
        if found is None:
            return number
        if self.rewrites:
            return None
        rest = number[found.end() :]
        whole_fits = self.pattern is not None and self.pattern.fullmatch(number)
        if whole_fits and not self.pattern.fullmatch(rest):
            return number
        return number if self.verdicts[len(rest)] in KEEPS_PREFIX else rest


def length_verdict(length: int, metadata) -> ValidationResult:
    """`is_possible_number`'s verdict on a national number of `length` digits measured by
    `metadata` (a number of no particular type: its general description's lengths)."""
    general = metadata.general_desc
    if length in general.possible_length_local_only:
        return ValidationResult.IS_POSSIBLE_LOCAL_ONLY
    lengths = general.possible_length
    if length in lengths:
        return ValidationResult.IS_POSSIBLE
    if length < min(lengths):
        return ValidationResult.TOO_SHORT
    if length > max(lengths):
        return ValidationResult.TOO_LONG
    return ValidationResult.INVALID_LENGTH


def _compiled(pattern: str | None) -> re.Pattern | None:
    return re.compile(pattern) if pattern else None


@functools.cache
def _plan_of_region(region: str) -> _Plan:
    return _Plan(PhoneMetadata.metadata_for_region(region))


@functools.cache
def _plan_of_code(code: int) -> _Plan:
    """The plan `parse` reads a number of this calling code with, and `is_possible_number`
    measures it by: its main region's (or the non-geographic entity's)."""
    region = region_code_for_country_code(code)
    return _Plan(PhoneMetadata.metadata_for_region_or_calling_code(code, region))


def common_shape_key(text: str, region: str | None) -> str | None:
    """The key phonenumbers would give `text` (stripped, not empty) with `region` (upper
    case, or None) as the default country, for the shapes read here; None for any other."""
    if len(text) > MOST_TEXT_CHARACTERS:
        return None
    plus = text[0] == "+"
    digits = text[1:] if plus else text
    if " " in digits:
        digits = digits.replace(" ", "")
    if not (digits.isdigit() and digits.isascii()):
        return None
    if plus:
        return _international_key(digits)
    if region is None or region not in SUPPORTED_REGIONS:
        return None
    return _local_key(digits, _plan_of_region(region))


def _international_key(digits: str) -> str | None:
    if len(digits) < LEAST_PLUS_DIGITS or digits[0] == "0":
        return None
    for length in range(1, MOST_COUNTRY_CODE_DIGITS + 1):
        if int(digits[:length]) in COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    plan = _plan_of_code(int(digits[:length]))
    return _key(digits[length:], plan, plan, digits)


def _local_key(digits: str, plan: _Plan) -> str | None:
    if len(digits) < LEAST_NATIONAL_DIGITS + 1 or len(digits) > MOST_NATIONAL_DIGITS:
        return None
    if plan.international is not None and plan.international.match(digits):
        return None
    if digits.startswith(plan.country_code):
        return None
    return _key(digits, plan, _plan_of_code(int(plan.country_code)), digits)


def _key(number: str, plan: _Plan, measure: _Plan, digits: str) -> str | None:
    """E.164 of the national `number` read with `plan` when `measure`'s lengths make it
    possible, else the text's `digits`; None where phonenumbers refuses it or keeps leading
    zeros (its steps for those are not followed here)."""
    if not LEAST_NATIONAL_DIGITS <= len(number) <= MOST_NATIONAL_DIGITS:
        return None
    national = plan.national(number)
    if national is None or national[:1] in ("0", "") or len(national) > MOST_NATIONAL_DIGITS:
        return None
    if measure.verdicts[len(national)] in POSSIBLE:
        return f"+{plan.country_code}{national}"
    return digits
