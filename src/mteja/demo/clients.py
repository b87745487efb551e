"""About 500 demo clients over the demo offices, in every status, with loan officers.

Everything goes through the client services, so the demo also exercises the rules and leaves
a realistic audit journal behind.
"""

from __future__ import annotations

import datetime
import random

from mteja.clients import services
from mteja.clients.models import ClientStatus, LegalForm
from mteja.core import clock
from mteja.organisation.models import CodeValue, Office, Staff

FIRST_NAMES = {
    "F": ["Amina", "Faith", "Grace", "Wanjiru", "Halima", "Achieng", "Mercy", "Zawadi",
          "Neema", "Aisha", "Rehema", "Esther", "Nafula", "Atieno", "Fatuma", "Joy"],
    "M": ["Brian", "Joseph", "Peter", "Otieno", "Kevin", "Samuel", "Daniel", "Hassan",
          "Juma", "Baraka", "Kipchoge", "Musa", "Omari", "David", "Emmanuel", "Tumaini"],
}  # fmt: skip
LAST_NAMES = ["Mwangi", "Odhiambo", "Kamau", "Wanjiku", "Njoroge", "Omondi", "Kariuki",
              "Mutua", "Chebet", "Abdalla", "Kiprono", "Achieng", "Barasa", "Nyambura",
              "Wafula", "Mohamed", "Kilonzo", "Ngugi", "Onyango", "Said"]  # fmt: skip
BUSINESSES = [
    "Umoja Traders",
    "Baraka Tailoring",
    "Jua Kali Welders",
    "Mama Mboga Grocers",
    "Pamoja Dairy Cooperative",
    "Tumaini Boda Boda",
    "Nuru Salon",
    "Amani Bakery",
]
# The share of clients left in each status.
STATUS_WEIGHTS = {
    ClientStatus.ACTIVE: 60, ClientStatus.PENDING: 14, ClientStatus.CLOSED: 8,
    ClientStatus.REJECTED: 5, ClientStatus.WITHDRAWN: 5, ClientStatus.TRANSFER_IN_PROGRESS: 5,
    ClientStatus.TRANSFER_ON_HOLD: 3,
}  # fmt: skip


def _values(code_name: str) -> list[CodeValue]:
    return list(CodeValue.objects.filter(code__name=code_name, is_active=True))


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def load_clients(rng: random.Random, count: int = 500) -> int:
    today = clock.today()
    branches = list(Office.objects.exclude(pk=1).order_by("id"))
    officers = {o.pk: list(Staff.objects.filter(office=o, is_loan_officer=True)) for o in branches}
    codes = {name: _values(name) for name in (
        "Gender", "ClientType", "ClientClassification", "MARITAL STATUS", "PROFESSION",
        "EDUCATION LEVEL", "ClientClosureReason", "ClientRejectReason", "ClientWithdrawReason",
        "Constitution", "Main Business Line")}  # fmt: skip
    genders = {v.name: v for v in codes["Gender"]}
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    for number in range(count):
        office = rng.choice(branches)
        target = rng.choices(statuses, weights)[0]
        submitted = _day_between(
            rng,
            max(office.opening_date, today - datetime.timedelta(days=5 * 365)),
            today - datetime.timedelta(days=60),
        )
        entity = number % 25 == 0
        fields: dict = {
            "submitted_on": submitted,
            "external_id": f"DEMO-{number + 1:05d}",
            "client_type_id": rng.choice(codes["ClientType"]).pk,
            "client_classification_id": rng.choice(codes["ClientClassification"]).pk,
            "mobile_no": f"+2547{rng.randint(10_000_000, 99_999_999)}",
            "staff_id": rng.choice(officers[office.pk]).pk,
        }
        if entity:
            fields.update(legal_form=LegalForm.ENTITY,
                          fullname=f"{rng.choice(BUSINESSES)} {number + 1}",
                          non_person={
                              "constitution_id": rng.choice(codes["Constitution"]).pk,
                              "main_business_line_id": rng.choice(codes["Main Business Line"]).pk,
                              "incorp_no": f"BN-{rng.randint(100000, 999999)}",
                          })  # fmt: skip
        else:
            sex = rng.choice("FM")
            fields.update(
                legal_form=LegalForm.PERSON,
                firstname=rng.choice(FIRST_NAMES[sex]),
                lastname=rng.choice(LAST_NAMES),
                gender_id=genders["Female" if sex == "F" else "Male"].pk,
                date_of_birth=submitted - datetime.timedelta(days=rng.randint(20 * 365, 65 * 365)),
                marital_status_id=rng.choice(codes["MARITAL STATUS"]).pk,
                number_of_dependents=rng.randint(0, 7),
                profession_id=rng.choice(codes["PROFESSION"]).pk,
                education_level_id=rng.choice(codes["EDUCATION LEVEL"]).pk,
                monthly_income=rng.randint(40, 1500) * 100,
            )
        client = services.client_create(actor=None, office=office, fields=fields).client
        _walk_to(rng, client, target, submitted, today, branches, codes)
    return count


def _walk_to(rng, client, target, submitted, today, branches, codes) -> None:
    """Runs the lifecycle commands that bring a new client to `target`."""
    if target == ClientStatus.PENDING:
        return
    if target in (ClientStatus.REJECTED, ClientStatus.WITHDRAWN):
        day = _day_between(rng, submitted, submitted + datetime.timedelta(days=20))
        if target == ClientStatus.REJECTED:
            services.client_reject(
                actor=None,
                client=client,
                rejection_date=day,
                rejection_reason_id=rng.choice(codes["ClientRejectReason"]).pk,
            )
        else:
            services.client_withdraw(
                actor=None,
                client=client,
                withdrawal_date=day,
                withdrawal_reason_id=rng.choice(codes["ClientWithdrawReason"]).pk,
            )
        return
    activated = _day_between(rng, submitted, submitted + datetime.timedelta(days=14))
    services.client_activate(actor=None, client=client, activation_date=activated)
    if target == ClientStatus.CLOSED:
        services.client_close(
            actor=None,
            client=client,
            closure_date=_day_between(rng, activated, today - datetime.timedelta(days=1)),
            closure_reason_id=rng.choice(codes["ClientClosureReason"]).pk,
        )
    elif target in (ClientStatus.TRANSFER_IN_PROGRESS, ClientStatus.TRANSFER_ON_HOLD):
        destination = rng.choice([o for o in branches if o.pk != client.office_id])
        services.client_propose_transfer(
            actor=None,
            client=client,
            destination=destination,
            transfer_date=max(
                today - datetime.timedelta(days=rng.randint(0, 20)),
                activated,
                destination.opening_date,
            ),
            note="Moved closer to the family business.",
        )
        if target == ClientStatus.TRANSFER_ON_HOLD:
            services.client_reject_transfer(
                actor=None, client=client, note="Documents to be checked first."
            )
