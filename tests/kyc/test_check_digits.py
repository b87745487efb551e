"""Check-digit algorithms against published test vectors, and their defining properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mteja.clients.kyc import check_digits
from mteja.clients.kyc.check_digits import LUHN, MOD11_2, MOD97_10, VERHOEFF
from mteja.clients.kyc.identifiers import normalise_key
from mteja.clients.models import CheckDigit

# --- published vectors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("79927398713", True),  # the classic Luhn example
        ("79927398710", False),
        ("79927398711", False),
        ("4111111111111111", True),  # a well-known test card number
        ("4111111111111112", False),
        ("0", False),  # too short to carry a check digit
        ("7992739871A", False),
        ("", False),
    ],
)
def test_luhn_vectors(key, valid):
    assert LUHN.validate(key) is valid


def test_luhn_computes_the_published_check_digit():
    assert LUHN.compute("7992739871") == "3"


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("2363", True),  # Verhoeff's worked example: 236 → 3
        ("2364", False),
        ("2336", False),  # neighbours swapped: Verhoeff catches every such swap
        ("123451", True),
        ("123459", False),
        ("2", False),
        ("23X3", False),
    ],
)
def test_verhoeff_vectors(key, valid):
    assert VERHOEFF.validate(key) is valid


def test_verhoeff_computes_the_published_check_digits():
    assert VERHOEFF.compute("236") == "3"
    assert VERHOEFF.compute("12345") == "1"


def _iban_for_mod97(iban: str) -> str:
    """ISO 13616: the country code and check digits move to the end before MOD 97-10."""
    compact = normalise_key(iban)
    return compact[4:] + compact[:4]


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("GB82 WEST 1234 5698 7654 32", True),  # the ISO 13616 / ECBS example
        ("GB82 WEST 1234 5698 7654 33", False),
        ("GB28 WEST 1234 5698 7654 32", False),
        ("DE89 3704 0044 0532 0130 00", True),
        ("DE89 3704 0044 0532 0131 00", False),
    ],
)
def test_mod97_10_on_ibans(iban, valid):
    assert MOD97_10.validate(_iban_for_mod97(iban)) is valid


def test_mod97_10_numeric_example():
    # ISO 7064's own example: 794 carries the check digits 44.
    assert MOD97_10.compute("794") == "44"
    assert MOD97_10.validate("79444")
    assert not MOD97_10.validate("79445")
    assert not MOD97_10.validate("794AB")  # the check part is two digits
    assert not MOD97_10.validate("44")


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("0000-0002-1825-0097", True),  # ORCID's documented example
        ("0000-0002-1694-233X", True),  # check character X (ten)
        ("0000-0002-1694-233x", True),  # lower-case x is the same X
        ("0000-0002-9079-593X", True),
        ("0000-0003-1415-9269", True),
        ("0000-0002-1825-0098", False),
        ("0000-0002-1694-2330", False),
        ("0000-0002-1694-233Y", False),
        ("X", False),
    ],
)
def test_mod11_2_vectors(key, valid):
    assert MOD11_2.validate(normalise_key(key)) is valid


def test_mod11_2_computes_x_for_ten():
    assert MOD11_2.compute("000000021694233") == "X"
    assert MOD11_2.compute("000000021825009") == "7"


def test_every_check_digit_choice_has_an_algorithm():
    named = {value for value in CheckDigit.values if value}
    assert named == set(check_digits.ALGORITHMS)
    assert check_digits.by_name("LUHN") is LUHN
    assert check_digits.by_name("") is None
    assert check_digits.by_name("nonsense") is None


@pytest.mark.parametrize("algorithm", [LUHN, VERHOEFF, MOD11_2])
def test_compute_refuses_a_payload_that_is_not_digits(algorithm):
    with pytest.raises(ValueError):
        algorithm.compute("12A4")


# --- properties -----------------------------------------------------------------------------

payloads = st.text(alphabet="0123456789", min_size=1, max_size=30)
ALL = [LUHN, VERHOEFF, MOD97_10, MOD11_2]


@pytest.mark.parametrize("algorithm", ALL, ids=lambda a: a.name)
@given(payload=payloads)
def test_appending_the_computed_check_always_validates(algorithm, payload):
    assert algorithm.validate(payload + algorithm.compute(payload))


@given(payload=st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=30))
def test_mod97_10_accepts_letters_in_the_payload(payload):
    assert MOD97_10.validate(payload + MOD97_10.compute(payload))


@pytest.mark.parametrize("algorithm", ALL, ids=lambda a: a.name)
@given(payload=payloads, data=st.data())
def test_changing_one_digit_never_validates(algorithm, payload, data):
    """All four catch every single mistyped digit of the number (ISO 7064's pure systems and
    Luhn and Verhoeff by construction)."""
    key = payload + algorithm.compute(payload)
    position = data.draw(st.integers(min_value=0, max_value=len(payload) - 1), label="position")
    replacement = data.draw(
        st.sampled_from([d for d in "0123456789" if d != key[position]]), label="digit"
    )
    mistyped = key[:position] + replacement + key[position + 1 :]
    assert not algorithm.validate(mistyped)


@given(payload=st.text(alphabet="0123456789", min_size=2, max_size=30), data=st.data())
def test_verhoeff_catches_every_swap_of_different_neighbours(payload, data):
    key = payload + VERHOEFF.compute(payload)
    position = data.draw(st.integers(min_value=0, max_value=len(key) - 2), label="position")
    swapped = key[:position] + key[position + 1] + key[position] + key[position + 2 :]
    if swapped != key:
        assert not VERHOEFF.validate(swapped)


@pytest.mark.parametrize("algorithm", ALL, ids=lambda a: a.name)
@given(key=st.text(max_size=40))
def test_validate_never_raises(algorithm, key):
    assert algorithm.validate(key) in (True, False)
