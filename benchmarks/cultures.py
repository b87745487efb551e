"""Naming, phone and ID customs of the countries benchmark clients come from.

Name pools are built once from Faker's person-provider lists (never one Faker call per row):
Faker's weighted lists (OrderedDict) keep their frequencies; plain lists get a Zipf-like
frequency by a seeded shuffle, so a few names are common and most are rare, as in life.
"""

from __future__ import annotations

import importlib
import itertools
import random
from dataclasses import dataclass, field


@dataclass
class Pool:
    """Names with cumulative weights, for `random.choices(..., cum_weights=...)`."""

    names: list[str]
    cum_weights: list[float]

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cum_weights)[0]


def _provider_list(locale: str, attribute: str) -> dict[str, float]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    values = getattr(provider, attribute, None) or ()
    if isinstance(values, dict):
        return {name: float(weight) for name, weight in values.items()}
    names = list(dict.fromkeys(values))
    random.Random(f"{locale}.{attribute}").shuffle(names)
    return {name: 1.0 / (rank + 1) ** 0.9 for rank, name in enumerate(names)}


def _pool(locales: tuple[str, ...], attribute: str) -> Pool:
    """Each locale contributes equally; names shared between locales add up."""
    merged: dict[str, float] = {}
    for locale in locales:
        weights = _provider_list(locale, attribute)
        total = sum(weights.values()) or 1.0
        for name, weight in weights.items():
            if len(name) <= 50:  # the model's column width
                merged[name] = merged.get(name, 0.0) + weight / total
    names = sorted(merged)
    return Pool(names, list(itertools.accumulate(merged[n] for n in names)))


@dataclass
class Culture:
    """How clients of one country are named, phoned and identified."""

    code: str
    first_locales: tuple[str, ...]
    last_locales: tuple[str, ...]
    dialling: str  # international prefix, e.g. "+254"
    trunk: str  # national trunk prefix, e.g. "0" (or "" where none is dialled)
    mobile_prefixes: tuple[str, ...]  # national significant number starts
    mobile_length: int  # digits of the national significant number
    middle_share: float = 0.0  # share of persons with a middle name
    middle_from_surnames: bool = False  # Filipino custom: the mother's maiden surname
    two_surnames: bool = False  # Spanish custom: father's and mother's surnames
    id_prefix: str = ""  # leading characters of the national ID number
    pools: dict[str, Pool] = field(default_factory=dict, repr=False)

    def build(self) -> Culture:
        self.pools = {
            "F": _pool(self.first_locales, "first_names_female"),
            "M": _pool(self.first_locales, "first_names_male"),
            "last": _pool(self.last_locales, "last_names"),
        }
        return self

    def mobile(self, rng: random.Random) -> str:
        """A mobile number, written the way a loan officer would type it: international
        (+254712345678), local with the trunk prefix (0712 345 678) or spaced."""
        prefix = rng.choice(self.mobile_prefixes)
        digits = self.mobile_length - len(prefix)
        number = f"{prefix}{rng.randrange(10**digits):0{digits}d}"
        style = rng.random()
        if style < 0.55:
            return f"{self.dialling}{number}"
        if style < 0.85:
            return f"{self.trunk}{number}"
        return f"{self.trunk}{number[:3]} {number[3:6]} {number[6:]}"


CULTURES = {
    culture.code: culture
    for culture in (
        Culture("KE", ("en_KE", "sw"), ("en_KE", "sw"), "+254", "0", ("7", "11"), 9,
                middle_share=0.6, id_prefix=""),
        Culture("MX", ("es_MX", "es_CO"), ("es_MX", "es_CO"), "+52", "", ("55", "33", "81"),
                10, middle_share=0.3, two_surnames=True, id_prefix="MX"),
        Culture("NG", ("en_NG", "yo_NG", "ig_NG", "ha_NG"), ("en_NG", "yo_NG", "ig_NG",
                "ha_NG"), "+234", "0", ("80", "81", "70", "90"), 10, middle_share=0.5,
                id_prefix="4"),
        Culture("GH", ("tw_GH",), ("tw_GH",), "+233", "0", ("24", "54", "20"), 9,
                middle_share=0.3, id_prefix="GHA"),
        Culture("SN", ("fr_FR",), ("fr_FR",), "+221", "", ("77", "78", "76"), 9,
                middle_share=0.2, id_prefix="1"),
        Culture("IN", ("hi_IN", "en_IN"), ("hi_IN", "en_IN"), "+91", "0", ("9", "8", "7"), 10,
                middle_share=0.25, id_prefix="5"),
        Culture("PH", ("en_US",), ("es_MX", "es_CO"), "+63", "0", ("9",), 10,
                middle_share=0.9, middle_from_surnames=True, id_prefix="PH"),
    )
}  # fmt: skip


def national_id(culture: Culture, client_id: int) -> str:
    """A national ID number unique to the client: the id scrambled by a full-period
    multiplicative generator (a bijection below 2**31 - 1), so numbers look random."""
    scrambled = (client_id * 48271) % 2_147_483_647
    return f"{culture.id_prefix}{scrambled:010d}"


def build_cultures() -> dict[str, Culture]:
    return {code: culture.build() for code, culture in CULTURES.items()}
