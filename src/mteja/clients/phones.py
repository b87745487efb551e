"""The normalised key of a mobile number: what the duplicate-mobile rule and the `mobileNo`
filter compare, by index.

`mobile_no` keeps what the user typed (Fineract echoes it); `mobile_key` holds the same number
in E.164 (`+254712345678`), read with the institution's default country
(ClientPolicy.phone_region) for numbers written without one, so "0712 345 678" and
"+254712345678" are one number for a Kenyan institution. A text that is not a possible phone
number keeps its digits only. The client services set the key on every write through
`set_mobile_key`; the migration and a change of the default country recompute it with `rekey`
(the latter in a background job, clients/tasks.py).
"""

from __future__ import annotations

import functools

import phonenumbers
from django.conf import settings
from django.db import models, transaction

from mteja.clients.phone_shapes import common_shape_key

MAX_KEY_LENGTH = 50
REKEY_BATCH = 2000


def default_region() -> str:
    """The default country of a new installation (MTEJA_DEFAULT_PHONE_REGION, may be "")."""
    return (getattr(settings, "MTEJA_DEFAULT_PHONE_REGION", "") or "").upper()


def is_region(code: str) -> bool:
    """An ISO 3166 country code phonenumbers knows (KE, TZ, UG, FR, …)."""
    return code in phonenumbers.SUPPORTED_REGIONS


def mobile_key(mobile_no: str | None, region: str | None) -> str:
    """The key of `mobile_no`: E.164 when it parses as a possible number (with `region` as the
    country of numbers written without one), else its digits; "" for no number."""
    text = (mobile_no or "").strip()
    if not text:
        return ""
    region = (region or "").upper() or None
    if len(text) > MAX_KEPT_TEXT:
        return _key_of(text, region)
    return _kept_key_of(text, region)


# A key depends on the text and the country alone: worked out once for a text an import (or
# a rekeying) meets again — households share a phone, a file repeats a number — and kept
# for the most recent texts of a phone's length, not for a long cell.
MAX_KEPT_TEXT = 64
KEPT_KEYS = 4096


def _key_of(text: str, region: str | None) -> str:
    key = common_shape_key(text, region)  # most numbers: phonenumbers' key, without its parser
    return _parsed_key(text, region) if key is None else key


def _parsed_key(text: str, region: str | None) -> str:
    """The key as phonenumbers reads the number (the reference of `common_shape_key`)."""
    number = None
    # Without a country, phonenumbers reads only a number written with its own, after a plus
    # sign (+ or the full-width ＋), and refuses any other by an exception: such a text is
    # not given to it (an import's local numbers, one a row, when no default country is set).
    if region is not None or "+" in text or "\uff0b" in text:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            number = None
    if number is not None and phonenumbers.is_possible_number(number):
        key = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    else:
        key = "".join(ch for ch in text if ch.isdigit())
    return key[:MAX_KEY_LENGTH]


_kept_key_of = functools.lru_cache(maxsize=KEPT_KEYS)(_key_of)


def forget_kept_keys() -> None:
    """Drops the kept keys (a benchmark's run of a file again, counted as a new file's)."""
    _kept_key_of.cache_clear()


def country_code(region: str | None) -> int | None:
    """The calling code of `region` (254 for KE), None for no or an unknown region."""
    return phonenumbers.country_code_for_region((region or "").upper()) or None


def set_mobile_key(client, region: str | None) -> None:
    """Derives `client.mobile_key` from its `mobile_no`: the only place a key is set on a row."""
    client.mobile_key = mobile_key(client.mobile_no, region)


def rekey(client_model: type[models.Model], region: str | None) -> int:
    """Recomputes every client's key for `region` (the migration's backfill, a change of the
    default country); returns how many rows changed. Works on a historical model too."""
    rows = client_model._base_manager.exclude(mobile_no="").order_by("pk")
    changed, last = 0, 0
    while True:
        # One short transaction per batch, its rows locked (SQLite: the write lock from BEGIN):
        # a client written meanwhile keeps the key its own write derived.
        with transaction.atomic():
            batch = list(
                rows.filter(pk__gt=last)
                .select_for_update()
                .only("pk", "mobile_no", "mobile_key")[:REKEY_BATCH]
            )
            if not batch:
                return changed
            last = batch[-1].pk
            stale = []
            for row in batch:
                key = mobile_key(row.mobile_no, region)
                if key != row.mobile_key:
                    row.mobile_key = key
                    stale.append(row)
            client_model._base_manager.bulk_update(stale, ["mobile_key"])
        changed += len(stale)
