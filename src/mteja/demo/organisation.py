"""Offices and staff of the demo institution."""

import datetime
import random

from mteja.organisation import services
from mteja.organisation.models import HEAD_OFFICE_ID, Office

# (name, parent name, opening date, external id); "Nairobi CBD" sits two levels down.
OFFICES = [
    ("Nairobi Region", "Head Office", datetime.date(2012, 2, 1), "REG-NBO"),
    ("Nairobi CBD", "Nairobi Region", datetime.date(2013, 5, 6), "BR-NBO-CBD"),
    ("Kibera", "Nairobi Region", datetime.date(2016, 9, 12), "BR-NBO-KIB"),
    ("Kisumu", "Head Office", datetime.date(2014, 3, 3), "BR-KSM"),
    ("Mombasa", "Head Office", datetime.date(2015, 7, 1), "BR-MBA"),
]

FIRST_NAMES = [
    "Amina",
    "Brian",
    "Faith",
    "Joseph",
    "Grace",
    "Peter",
    "Wanjiru",
    "Otieno",
    "Halima",
    "Kevin",
    "Achieng",
    "Samuel",
    "Mercy",
    "Daniel",
    "Zawadi",
    "Hassan",
]
LAST_NAMES = [
    "Mwangi",
    "Odhiambo",
    "Kamau",
    "Wanjiku",
    "Njoroge",
    "Omondi",
    "Kariuki",
    "Mutua",
    "Chebet",
    "Abdalla",
    "Kiprono",
    "Achieng",
    "Barasa",
    "Nyambura",
]


def load_offices_and_staff(rng: random.Random) -> dict[str, Office]:
    offices = {"Head Office": Office.objects.get(pk=HEAD_OFFICE_ID)}
    for name, parent, opened, external_id in OFFICES:
        offices[name] = services.office_create(
            actor=None,
            name=name,
            parent=offices[parent],
            opening_date=opened,
            external_id=external_id,
        )
    for office in offices.values():
        officers = 1 if office.pk == HEAD_OFFICE_ID else 3
        for number in range(officers + 1):
            joined = office.opening_date + datetime.timedelta(days=rng.randint(0, 900))
            services.staff_create(
                actor=None,
                office=office,
                firstname=rng.choice(FIRST_NAMES),
                lastname=rng.choice(LAST_NAMES),
                # The first of each office manages it; the others lend.
                is_loan_officer=number > 0,
                joining_date=min(joined, datetime.date(2024, 1, 1)),
                mobile_no=f"+2547{rng.randint(10_000_000, 99_999_999)}",
            )
    return offices
