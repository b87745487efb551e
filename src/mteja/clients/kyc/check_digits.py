"""Check-digit algorithms for identity document numbers, from python-stdnum. No Django.

Each algorithm has `compute(payload)` (the check character(s) to append) and
`validate(key)` (is the last part of `key` the right check for the rest?). Keys are the
normalised document numbers: upper case, no separators. A key an algorithm cannot read
(letters where it wants digits, too short) is simply not valid. stdnum does the arithmetic;
this module only says what a readable key is, which stdnum leaves to each number's format
(it would read "٣" as a digit, a lone "0" as a valid Luhn number, and X anywhere in MOD 11-2).

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

from stdnum import luhn, verhoeff
from stdnum.iso7064 import mod_11_2, mod_97_10

__all__ = ["Algorithm", "LUHN", "VERHOEFF", "MOD97_10", "MOD11_2", "ALGORITHMS", "by_name"]


def _is_digits(text: str) -> bool:
    return bool(text) and text.isascii() and text.isdigit()


def _is_alphanumeric(text: str) -> bool:
    return bool(text) and text.isascii() and text.isalnum()


def _digits_payload(payload: str, name: str) -> str:
    if not _is_digits(payload):
        raise ValueError(f"{name} needs a payload of digits.")
    return payload


# --- Luhn and Verhoeff: one check digit after digits ----------------------------------------


def luhn_compute(payload: str) -> str:
    return luhn.calc_check_digit(_digits_payload(payload, "Luhn"))


def luhn_validate(key: str) -> bool:
    return len(key) >= 2 and _is_digits(key) and luhn.is_valid(key)


def verhoeff_compute(payload: str) -> str:
    return verhoeff.calc_check_digit(_digits_payload(payload, "Verhoeff"))


def verhoeff_validate(key: str) -> bool:
    return len(key) >= 2 and _is_digits(key) and verhoeff.is_valid(key)


# --- ISO 7064 MOD 97-10: two check digits after letters and digits --------------------------


def mod97_10_compute(payload: str) -> str:
    if not _is_alphanumeric(payload):
        raise ValueError("MOD 97-10 needs a payload of letters and digits.")
    return mod_97_10.calc_check_digits(payload.upper())


def mod97_10_validate(key: str) -> bool:
    return (
        len(key) >= 3
        and _is_digits(key[-2:])
        and _is_alphanumeric(key)
        and mod_97_10.is_valid(key.upper())
    )


# --- ISO 7064 MOD 11-2: one check character (0-9 or X) after digits -------------------------


def mod11_2_compute(payload: str) -> str:
    return mod_11_2.calc_check_digit(_digits_payload(payload, "MOD 11-2"))


def mod11_2_validate(key: str) -> bool:
    return len(key) >= 2 and _is_digits(key[:-1]) and mod_11_2.is_valid(key.upper())


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
