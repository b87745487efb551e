"""Check-digit algorithms for identity document numbers. Pure functions, no Django.

Each algorithm has `compute(payload)` (the check character(s) to append) and
`validate(key)` (is the last part of `key` the right check for the rest?). Keys are the
normalised document numbers: upper case, no separators. A key an algorithm cannot read
(letters where it wants digits, too short) is simply not valid.

- Luhn (mod 10, ISO/IEC 7812-1): payment cards, many national IDs; catches every single
  mistyped digit and most swaps of neighbours.
- Verhoeff (dihedral group D5): Aadhaar and others; catches every single mistyped digit and
  every swap of neighbours.
- ISO 7064 MOD 97-10: two check digits at the end; letters count as 10 (A) to 35 (Z), as in
  IBANs (ISO 13616), whose check digits are tested after moving the first four characters to
  the end.
- ISO 7064 MOD 11-2: one check character, 0-9 or X for ten (ISNI, ORCID, Chinese resident
  identity numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Algorithm", "LUHN", "VERHOEFF", "MOD97_10", "MOD11_2", "ALGORITHMS", "by_name"]


def _digits(text: str) -> list[int] | None:
    if not text or not text.isascii() or not text.isdigit():
        return None
    return [int(c) for c in text]


# --- Luhn -----------------------------------------------------------------------------------


def _luhn_sum(digits: list[int], double_first: bool) -> int:
    """The Luhn sum of `digits` read right to left, doubling every other one."""
    total = 0
    double = double_first
    for digit in reversed(digits):
        if double:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
        double = not double
    return total


def luhn_compute(payload: str) -> str:
    digits = _digits(payload)
    if digits is None:
        raise ValueError("Luhn needs a payload of digits.")
    # The check digit will sit at the right, so the payload's last digit is doubled.
    return str((10 - _luhn_sum(digits, double_first=True) % 10) % 10)


def luhn_validate(key: str) -> bool:
    digits = _digits(key)
    return digits is not None and len(digits) >= 2 and _luhn_sum(digits, False) % 10 == 0


# --- Verhoeff -------------------------------------------------------------------------------


def _d5_multiply(j: int, k: int) -> int:
    """Product in the dihedral group D5: 0-4 are rotations, 5-9 reflections."""
    a, b = j % 5, k % 5
    if j < 5:
        return (a + b) % 5 if k < 5 else 5 + (a + b) % 5
    return 5 + (a - b) % 5 if k < 5 else (a - b) % 5


# The position permutation (0 1 5 8 9 4 2 7)(3 6), as "digit → image" for one step.
_SIGMA = {0: 1, 1: 5, 5: 8, 8: 9, 9: 4, 4: 2, 2: 7, 7: 0, 3: 6, 6: 3}


def _permute(position: int, digit: int) -> int:
    for _ in range(position % 8):
        digit = _SIGMA[digit]
    return digit


_D5_INVERSE = {j: next(k for k in range(10) if _d5_multiply(j, k) == 0) for j in range(10)}


def _verhoeff_fold(digits: list[int], first_position: int) -> int:
    check = 0
    for offset, digit in enumerate(reversed(digits)):
        check = _d5_multiply(check, _permute(first_position + offset, digit))
    return check


def verhoeff_compute(payload: str) -> str:
    digits = _digits(payload)
    if digits is None:
        raise ValueError("Verhoeff needs a payload of digits.")
    return str(_D5_INVERSE[_verhoeff_fold(digits, first_position=1)])


def verhoeff_validate(key: str) -> bool:
    digits = _digits(key)
    return digits is not None and len(digits) >= 2 and _verhoeff_fold(digits, 0) == 0


# --- ISO 7064 MOD 97-10 ---------------------------------------------------------------------


def _as_number(text: str) -> int | None:
    """Digits as themselves, letters A-Z as 10-35 (ISO 7064 / ISO 13616)."""
    if not text or not text.isascii() or not text.isalnum():
        return None
    return int("".join(c if c.isdigit() else str(ord(c.upper()) - 55) for c in text))


def mod97_10_compute(payload: str) -> str:
    number = _as_number(payload)
    if number is None:
        raise ValueError("MOD 97-10 needs a payload of letters and digits.")
    return f"{98 - (number * 100) % 97:02d}"


def mod97_10_validate(key: str) -> bool:
    if len(key) < 3 or not key[-2:].isascii() or not key[-2:].isdigit():
        return False
    number = _as_number(key)
    return number is not None and number % 97 == 1


# --- ISO 7064 MOD 11-2 ----------------------------------------------------------------------


def mod11_2_compute(payload: str) -> str:
    digits = _digits(payload)
    if digits is None:
        raise ValueError("MOD 11-2 needs a payload of digits.")
    total = 0
    for digit in digits:
        total = (total + digit) * 2 % 11
    check = (12 - total) % 11
    return "X" if check == 10 else str(check)


def mod11_2_validate(key: str) -> bool:
    if len(key) < 2 or _digits(key[:-1]) is None:
        return False
    return mod11_2_compute(key[:-1]) == key[-1].upper()


# --- registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Algorithm:
    name: str
    label: str
    compute: Callable[[str], str]
    validate: Callable[[str], bool]


LUHN = Algorithm("luhn", "Luhn (mod 10)", luhn_compute, luhn_validate)
VERHOEFF = Algorithm("verhoeff", "Verhoeff", verhoeff_compute, verhoeff_validate)
MOD97_10 = Algorithm("mod97_10", "ISO 7064 mod 97-10", mod97_10_compute, mod97_10_validate)
MOD11_2 = Algorithm("mod11_2", "ISO 7064 mod 11-2", mod11_2_compute, mod11_2_validate)

# Keyed by the values of mteja.clients.models.CheckDigit.
ALGORITHMS: dict[str, Algorithm] = {a.name: a for a in (LUHN, VERHOEFF, MOD97_10, MOD11_2)}


def by_name(name: str) -> Algorithm | None:
    return ALGORITHMS.get((name or "").lower())
