"""Rows of benchmark clients, as dicts of field values (attname -> value).

The columns come from each model's concrete fields, so a new column needs no change here
unless it is derived from others: then one line in DERIVED computes it (e.g. a normalised
mobile key: `"mobile_key": lambda row: mobile_key(row["mobile_no"])`). Fields a row leaves
out take the model field's default (or NULL).
"""

from __future__ import annotations

import datetime
import functools
import random
from dataclasses import dataclass
from types import SimpleNamespace

from benchmarks.cultures import Culture, national_id
from benchmarks.institution import Branch
from mteja.clients import phones
from mteja.clients.kyc.identifiers.rules import normalise_key
from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientIdentifier,
    ClientNonPerson,
    ClientPolicy,
    ClientStatus,
)
from mteja.clients.models.kyc import IdentifierStatus
from mteja.clients.search.text import name_key
from mteja.clients.services.records import display_name_of
from mteja.organisation.models import CodeValue, Office

# The share of clients in each status, as in a portfolio that has grown for ten years.
STATUS_WEIGHTS = {
    ClientStatus.ACTIVE: 78, ClientStatus.CLOSED: 10, ClientStatus.PENDING: 6,
    ClientStatus.REJECTED: 2.5, ClientStatus.WITHDRAWN: 2,
    ClientStatus.TRANSFER_IN_PROGRESS: 1, ClientStatus.TRANSFER_ON_HOLD: 0.5,
}  # fmt: skip
ENTITY_SHARE = 0.03
NATIONAL_ID_SHARE = 0.30
ADDRESS_SHARE = 0.60  # clients with an address on file (one, residential or business)
BUSINESS_KINDS = ["Traders", "Tailoring", "Welders", "Grocers", "Dairy Cooperative",
                  "Transport", "Salon", "Bakery", "Hardware", "Farmers Group"]  # fmt: skip
CODE_NAMES = ("Gender", "ClientType", "ClientClassification", "MARITAL STATUS", "PROFESSION",
              "EDUCATION LEVEL", "ClientClosureReason", "ClientRejectReason",
              "ClientWithdrawReason", "Constitution", "Main Business Line",
              "Customer Identifier", "ADDRESS_TYPE", "COUNTRY", "STATE")  # fmt: skip
# The seeded COUNTRY code value of a culture's country (none for India, the Philippines).
COUNTRY_OF_CULTURE = {"KE": "Kenya", "NG": "Nigeria", "GH": "Ghana", "SN": "Senegal",
                      "MX": "Mexico"}  # fmt: skip
STREET_KINDS = ("Road", "Street", "Avenue", "Lane", "Close")

# Columns computed from the rest of the row, per model: one line per derived column.
DERIVED = {
    Client: {
        # As the create service numbers clients (records._generate_account_no).
        "account_no": lambda row: f"{row['id']:09d}",
        "display_name": lambda row: display_name_of(SimpleNamespace(**row)),
        "mobile_key": lambda row: phones.mobile_key(row["mobile_no"], phone_region()),
        "search_name": lambda row: name_key(row["display_name"]),
    },
    ClientIdentifier: {
        "document_key_normalized": lambda row: normalise_key(row["document_key"]),
    },
    ClientNonPerson: {},
    ClientAddress: {},
}
_STATUSES = list(STATUS_WEIGHTS)
_STATUS_CUM = [sum(list(STATUS_WEIGHTS.values())[: i + 1]) for i in range(len(_STATUSES))]
_ACTIVATED = {ClientStatus.ACTIVE, ClientStatus.CLOSED, ClientStatus.TRANSFER_IN_PROGRESS,
              ClientStatus.TRANSFER_ON_HOLD}  # fmt: skip
_DAY = datetime.timedelta(days=1)


@functools.cache
def phone_region() -> str:
    """The institution's default country for mobile numbers, as the services read it."""
    return ClientPolicy.current().phone_region


def code_values() -> dict[str, dict[str, int]]:
    """{code name: {value name: id}} for the code lists clients refer to."""
    values: dict[str, dict[str, int]] = {name: {} for name in CODE_NAMES}
    for code, name, pk in CodeValue.objects.filter(code__name__in=CODE_NAMES).values_list(
        "code__name", "name", "id"
    ):
        values[code][name] = pk
    return values


@dataclass
class Context:
    """What rows refer to: branches with their officers, cultures, code values, the maker."""

    branches: list[Branch]
    cultures: dict[str, Culture]
    codes: dict[str, dict[str, int]]
    maker_id: int
    today: datetime.date

    def __post_init__(self):
        self.culture_of = {b.office_id: self.cultures[b.culture] for b in self.branches}
        self.town_of = dict(Office.objects.values_list("pk", "name"))

    def pick_code(self, rng: random.Random, code: str) -> int | None:
        ids = list(self.codes[code].values())
        return rng.choice(ids) if ids else None


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, rng.randint(6, 16), rng.randint(0, 59),
        rng.randint(0, 59), tzinfo=datetime.UTC,
    )  # fmt: skip


def _person(row: dict, rng: random.Random, culture: Culture, ctx: Context) -> None:
    sex = "F" if rng.random() < 0.6 else "M"  # microfinance clients are mostly women
    pools = culture.pools
    row["firstname"] = pools[sex].pick(rng)
    if rng.random() < culture.middle_share:
        row["middlename"] = pools["last" if culture.middle_from_surnames else sex].pick(rng)
    last = pools["last"].pick(rng)
    if culture.two_surnames:
        last = f"{last} {pools['last'].pick(rng)}"
    row["lastname"] = last[:50]
    row["gender_id"] = ctx.codes["Gender"].get("Female" if sex == "F" else "Male")
    row["date_of_birth"] = row["submitted_on"] - datetime.timedelta(
        days=rng.randint(18 * 365, 70 * 365)
    )
    if rng.random() < 0.5:
        row["marital_status_id"] = ctx.pick_code(rng, "MARITAL STATUS")
        row["profession_id"] = ctx.pick_code(rng, "PROFESSION")
        row["number_of_dependents"] = rng.randint(0, 6)


def _lifecycle(row: dict, rng: random.Random, ctx: Context, branch: Branch) -> None:
    """Dates and makers consistent with the status the client has reached."""
    status = row["status"]
    submitted, today, maker = row["submitted_on"], ctx.today, ctx.maker_id
    last = submitted
    if status in _ACTIVATED:
        last = row["activation_date"] = min(
            today, _day_between(rng, submitted, submitted + 14 * _DAY)
        )
        row["office_joining_date"] = last
        row["activated_by_id"] = maker
    if status == ClientStatus.CLOSED:
        last = row["closed_on"] = _day_between(rng, row["activation_date"], today)
        row["closed_by_id"] = maker
        row["closure_reason_id"] = ctx.pick_code(rng, "ClientClosureReason")
    elif status in (ClientStatus.REJECTED, ClientStatus.WITHDRAWN):
        day = min(today, _day_between(rng, submitted, submitted + 20 * _DAY))
        kind = "rejected" if status == ClientStatus.REJECTED else "withdrawn"
        row[f"{kind}_on"] = last = day
        row[f"{kind}_by_id"] = maker
        reason = "ClientRejectReason" if kind == "rejected" else "ClientWithdrawReason"
        row["rejection_reason_id" if kind == "rejected" else "withdrawal_reason_id"] = (
            ctx.pick_code(rng, reason)
        )
    elif status in (ClientStatus.TRANSFER_IN_PROGRESS, ClientStatus.TRANSFER_ON_HOLD):
        others = [b for b in ctx.branches if b.office_id != branch.office_id]
        row["transfer_to_office_id"] = rng.choice(others).office_id
        row["proposed_transfer_date"] = max(last, today - rng.randint(0, 20) * _DAY)
    row["created_on"] = _moment(submitted, rng)
    row["last_modified_on"] = _moment(last, rng)


def client_row(client_id: int, rng: random.Random, ctx: Context) -> tuple[dict, dict | None]:
    """One client's fields, and its non-person details when it is an entity."""
    branch = rng.choice(ctx.branches)
    culture = ctx.cultures[branch.culture]
    start = max(branch.opening_date, ctx.today - 10 * 365 * _DAY)
    span = (ctx.today - _DAY - start).days
    row = {
        "id": client_id,
        "status": int(rng.choices(_STATUSES, cum_weights=_STATUS_CUM)[0]),
        "office_id": branch.office_id,
        "submitted_on": start + datetime.timedelta(days=int(span * rng.random() ** 0.6)),
        "submitted_by_id": ctx.maker_id,
        "created_by_id": ctx.maker_id,
        "last_modified_by_id": ctx.maker_id,
        "legal_form": 1,
    }
    if rng.random() < 0.4:
        row["external_id"] = f"LEG-{client_id * 7 + 3:08d}"  # ids from the legacy system
    if rng.random() < 0.92:
        row["mobile_no"] = culture.mobile(rng)
    if rng.random() < 0.85 and branch.officer_ids:
        row["staff_id"] = rng.choice(branch.officer_ids)
    if rng.random() < 0.7:
        row["client_type_id"] = ctx.pick_code(rng, "ClientType")
        row["client_classification_id"] = ctx.pick_code(rng, "ClientClassification")
    non_person = None
    if rng.random() < ENTITY_SHARE:
        row["legal_form"] = 2
        row["fullname"] = f"{culture.pools['last'].pick(rng)} {rng.choice(BUSINESS_KINDS)}"
        non_person = {
            "client_id": client_id,
            "constitution_id": ctx.pick_code(rng, "Constitution"),
            "main_business_line_id": ctx.pick_code(rng, "Main Business Line"),
            "incorp_no": f"BN-{client_id:08d}",
        }
    else:
        _person(row, rng, culture, ctx)
    _lifecycle(row, rng, ctx, branch)
    if non_person is not None:
        non_person["created_on"] = row["created_on"]
        non_person["last_modified_on"] = row["created_on"]
    return row, non_person


def identifier_row(client: dict, ctx: Context) -> dict:
    """The client's national ID (a third of clients have one on file)."""
    return {
        "client_id": client["id"],
        "document_type_id": ctx.codes["Customer Identifier"]["National ID"],
        "document_key": national_id(ctx.culture_of[client["office_id"]], client["id"]),
        "status": int(IdentifierStatus.ACTIVE),
        # Issued some years before the client came (a deterministic spread of dates).
        "issue_date": client["submitted_on"] - datetime.timedelta(days=client["id"] % 3650),
        "created_on": client["created_on"],
        "last_modified_on": client["created_on"],
    }


def address_row(client: dict, rng: random.Random, ctx: Context) -> dict:
    """The client's address in its branch's town: a street, often a district and a postal
    code, the country (and, in Kenya, the county's state) as code values."""
    culture = ctx.culture_of[client["office_id"]]
    town = ctx.town_of[client["office_id"]]
    kind = "Business" if client["legal_form"] == 2 else "Residential"
    street = f"{rng.randint(1, 400)} {culture.pools['last'].pick(rng)} {rng.choice(STREET_KINDS)}"
    row = {
        "client_id": client["id"],
        "address_type_id": ctx.codes["ADDRESS_TYPE"][kind],
        "is_active": True,
        "street": street[:100],
        "city": town,
        "state_province_id": ctx.codes["STATE"].get(town) if culture.code == "KE" else None,
        "country_id": ctx.codes["COUNTRY"].get(COUNTRY_OF_CULTURE.get(culture.code, "")),
        "created_on": client["created_on"],
        "last_modified_on": client["created_on"],
    }
    if rng.random() < 0.5:
        row["town_village"] = f"{town} {rng.choice(('North', 'South', 'East', 'West'))}"
    if rng.random() < 0.4:
        row["postal_code"] = f"{rng.randrange(100_000):05d}"
    return row
