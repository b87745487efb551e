"""A mobile number's key reads a length's verdict from phonenumbers' public metadata
(phone_shapes.length_verdict), not from its private helper: the two agree for every plan the
key reads numbers with (each supported region's, each calling code's) and every length it
asks of, and for the public `is_possible_number_with_reason` on each calling code's numbers.
A phonenumbers upgrade that changes its rule (or drops the helper) fails here, before a
client's key would differ from the parser's."""

import phonenumbers
import pytest
from phonenumbers import PhoneMetadata, PhoneNumber
from phonenumbers.phonenumberutil import (
    COUNTRY_CODE_TO_REGION_CODE,
    SUPPORTED_REGIONS,
    region_code_for_country_code,
)

from mteja.clients.phone_shapes import VERDICT_LENGTHS, length_verdict


def _plans() -> dict[str, PhoneMetadata]:
    """Every plan phone_shapes measures numbers by, named."""
    plans = {region: PhoneMetadata.metadata_for_region(region) for region in SUPPORTED_REGIONS}
    for code in COUNTRY_CODE_TO_REGION_CODE:
        main = region_code_for_country_code(code)
        plans[f"+{code}"] = PhoneMetadata.metadata_for_region_or_calling_code(code, main)
    return plans


PLANS = _plans()


def _lengths(metadata: PhoneMetadata) -> list[int]:
    """The lengths asked of, and the plan's own lengths with their neighbours."""
    general = metadata.general_desc
    own = {*general.possible_length, *general.possible_length_local_only}
    return sorted({*VERDICT_LENGTHS, *own, *(length + 1 for length in own)})


def test_every_plan_is_measured():
    assert len(PLANS) > 400  # ("KE", "+254", … and the non-geographic codes)
    assert {"KE", "CA", "+254", "+1", "+800"} <= set(PLANS)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_a_lengths_verdict_is_phonenumbers_own(name):
    from phonenumbers.phonenumberutil import _test_number_length  # the rule replaced

    metadata = PLANS[name]
    for length in _lengths(metadata):
        expected = _test_number_length("9" * length, metadata)
        assert length_verdict(length, metadata) == expected, (name, length)


@pytest.mark.parametrize("code", sorted(COUNTRY_CODE_TO_REGION_CODE))
def test_a_calling_codes_verdict_is_is_possible_number_with_reason(code):
    metadata = PLANS[f"+{code}"]
    for length in range(1, max(_lengths(metadata)) + 1):
        number = PhoneNumber(country_code=code, national_number=int("9" * length))
        expected = phonenumbers.is_possible_number_with_reason(number)
        assert length_verdict(length, metadata) == expected, (code, length)
