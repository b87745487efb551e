"""Money: Decimal amounts rounded to their currency's precision, never floats.

Amounts are stored with six decimal places (as Fineract stores them) and every amount a
service writes is first rounded to the currency's digits, half-even, so that sums of stored
amounts are exact and agree with the balances derived from them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from django.core.validators import MinValueValidator
from django.db import models

MAX_DIGITS, DECIMAL_PLACES = 19, 6
ZERO = Decimal("0")

# ISO 4217 code → (name, display symbol, decimal places) of the currencies offered.
CURRENCIES: dict[str, tuple[str, str, int]] = {
    "KES": ("Kenyan Shilling", "KSh", 2),
    "UGX": ("Uganda Shilling", "USh", 0),
    "TZS": ("Tanzanian Shilling", "TSh", 2),
    "XOF": ("CFA Franc BCEAO", "CFA", 0),
    "USD": ("US Dollar", "$", 2),
    "EUR": ("Euro", "€", 2),
    "INR": ("Indian Rupee", "₹", 2),
    "MXN": ("Mexican Peso", "$", 2),
}
CURRENCY_CHOICES = [(code, f"{code} — {name}") for code, (name, _s, _d) in CURRENCIES.items()]


def amount_field(label, **options) -> models.DecimalField:
    """A non-negative amount of money."""
    options.setdefault("validators", [MinValueValidator(ZERO)])
    return models.DecimalField(
        label, max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, **options
    )


def rate_field(label, **options) -> models.DecimalField:
    """An interest rate in percent."""
    return models.DecimalField(
        label, max_digits=9, decimal_places=6, validators=[MinValueValidator(ZERO)], **options
    )


def digits_of(currency_code: str) -> int:
    return CURRENCIES.get(currency_code, ("", "", 2))[2]


def rounded(value, digits: int) -> Decimal:
    """`value` as a Decimal with exactly `digits` decimal places (half-even)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)


def currency_out(currency_code: str) -> dict:
    """Fineract's CurrencyData."""
    name, symbol, digits = CURRENCIES.get(currency_code, (currency_code, currency_code, 2))
    return {
        "code": currency_code,
        "name": name,
        "decimalPlaces": digits,
        "inMultiplesOf": 1,
        "displaySymbol": symbol,
        "nameCode": f"currency.{currency_code}",
        "displayLabel": f"{name} ({symbol})",
    }
