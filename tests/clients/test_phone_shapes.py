"""A mobile number's key without phonenumbers' parser (clients/phone_shapes.py) is the key
phonenumbers gives, for every text: numbers of many countries written as people write them,
with and without a default country, and hostile texts."""

import random

import phonenumbers
import pytest

from mteja.clients import phones
from mteja.clients.phone_shapes import common_shape_key

COUNTRIES = ["KE", "UG", "TZ", "RW", "IN", "PH", "MX", "FR", "NG", "GB", "US", "IT", "AR",
             "BR", "DE", "CD", "ZA", "GH", "CI", "SN"]  # fmt: skip
REGIONS = [*COUNTRIES, None]
# Characters of hostile texts: digits of other scripts, plus signs, separators, extension
# marks, letters, a tab.
HOSTILE = "0123456789+ ０１٣۴＋-()./x#;,ext\t\u00a0a"


def _reference(text: str | None, region: str | None) -> str:
    """The key as phonenumbers alone reads the number (mobile_key's preparation, then its
    parser)."""
    text = (text or "").strip()
    return phones._parsed_key(text, (region or "").upper() or None) if text else ""


def _national_numbers(rng: random.Random, country: str) -> list[str]:
    """National numbers of the country: its example mobile and fixed numbers with their
    last digits drawn, and digits of lengths around them."""
    found = []
    for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
        example = phonenumbers.example_number_for_type(country, kind)
        if example is None:
            continue
        national = phonenumbers.national_significant_number(example)
        for _ in range(6):
            kept = rng.randrange(1, len(national) + 1)
            found.append(
                national[:kept] + "".join(rng.choices("0123456789", k=len(national) - kept))
            )
    for _ in range(6):
        length = rng.randrange(3, 16)
        found.append("".join(rng.choices("0123456789", k=length)))
    return found


def _writings(rng: random.Random, country: str, national: str) -> list[str]:
    """How people write a national number of the country."""
    code = str(phonenumbers.country_code_for_region(country))
    spaced = " ".join(national[i : i + 3] for i in range(0, len(national), 3))
    return [
        f"+{code}{national}",
        f"+{code} {spaced}",
        f"0{national}",
        f"0{spaced}",
        national,
        spaced,
        f"{code}{national}",
        f"00{code}{national}",
        f"+{code}0{national}",
        f"+ {code}{national}",
        f"+{code}{national[: rng.randrange(len(national) + 1)]}",
        f"{national}{rng.randrange(100)}",
    ]


def _generated(seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for country in COUNTRIES:
        for national in _national_numbers(rng, country):
            texts.extend(_writings(rng, country, national))
    return texts


def _hostile(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = ["+", "+0", "+00", "++254712345678", "+999123456", "+2", "+25", "+254",
             "0" * 20, "+" + "9" * 30, "0 7", "1 2 3", "+ ", "0" + " " * 300 + "712345678",
             "+254" + " " * 260 + "712345678", "+8001234567", "+80012345678", "+979123456789",
             "+882123456789", "+3906123456", "+39 06 1234 5678", "+2540712345678"]  # fmt: skip
    for _ in range(count):
        texts.append("".join(rng.choices(HOSTILE, k=rng.randrange(1, 18))))
        digits = "".join(rng.choices("0123456789", k=rng.randrange(1, 22)))
        texts.extend([digits, "+" + digits])
    return texts


@pytest.mark.parametrize("region", REGIONS)
def test_the_key_of_common_shapes_is_phonenumbers_key(region):
    phones.forget_kept_keys()
    texts = _generated(seed=1414)
    answered = 0
    for text in texts:
        expected = _reference(text, region)
        assert phones.mobile_key(text, region) == expected, (text, region)
        fast = common_shape_key(text.strip(), region)
        if fast is not None:
            assert fast == expected, (text, region)
            answered += 1
    # The shapes people write most go the short way (else it would be worth nothing), but
    # where the country's national prefix rewrites the number (Argentina, Brazil).
    if region not in ("AR", "BR"):
        common = [t for t in texts if t.replace(" ", "").lstrip("+").isdigit()]
        if region is None:  # (only a number written with its country code is one)
            common = [t for t in common if t.startswith("+")]
        assert answered > len(common) / 2


@pytest.mark.parametrize("region", REGIONS)
def test_hostile_texts_get_phonenumbers_key(region):
    phones.forget_kept_keys()
    for text in _hostile(seed=27, count=400):
        expected = _reference(text, region)
        assert phones.mobile_key(text, region) == expected, (text, region)
        if text.strip():
            fast = common_shape_key(text.strip(), region)
            assert fast is None or fast == expected, (text, region)


@pytest.mark.parametrize(
    ("typed", "region", "key"),
    [
        ("+254712345678", None, "+254712345678"),
        ("+254 712 345 678", "TZ", "+254712345678"),
        ("0712345678", "KE", "+254712345678"),
        ("0712 345 678", "UG", "+256712345678"),
        ("9876543210", "IN", "+919876543210"),
        ("09171234567", "PH", "+639171234567"),
        ("5512345678", "MX", "+525512345678"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("+254 0712 345 678", None, "+254712345678"),  # the national prefix dropped
        ("712 345", "KE", "712345"),  # not a possible number: its digits
    ],
)
def test_common_shapes_take_the_short_way(typed, region, key):
    assert common_shape_key(typed, region) == key


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("254712345678", "KE"),  # the country code without its plus
        ("000254712345678", "KE"),  # Kenya's international dialling prefix
        ("07123", "KE"),  # a national number beginning with 0 (too short without it)
        ("+39 06 1234 5678", None),  # Italy's leading zero
        ("0712345678", None),  # no default country
        ("0712-345-678", "KE"),  # other separators
        ("\u0660\u0667\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "KE"),  # other digits
    ],
)
def test_other_shapes_are_left_to_phonenumbers(typed, region):
    assert common_shape_key(typed, region) is None
    assert phones.mobile_key(typed, region) == _reference(typed, region)
