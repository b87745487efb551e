"""Realistic synthetic clients for benchmarks: names, phones, birth dates of several countries.

The generator writes rows with bulk inserts: it builds a database to measure, it is not a
domain write, so it deliberately bypasses the services (and their audit events).
"""

from __future__ import annotations

import datetime
import random

COUNTRIES = {
    "KE": {"first": ["Amina", "Brian", "Wanjiru", "Otieno", "Achieng", "Kevin", "Mercy", "Juma"],
           "last": ["Mwangi", "Odhiambo", "Kamau", "Wanjiku", "Njoroge", "Omondi", "Mutua"],
           "phone": "+2547{:08d}"},
    "MX": {"first": ["María", "José", "Guadalupe", "Juan", "Lucía", "Miguel", "Sofía"],
           "last": ["Hernández", "García", "Martínez", "López", "González", "Pérez"],
           "phone": "+5255{:08d}"},
    "SN": {"first": ["Fatou", "Mamadou", "Aïssatou", "Ousmane", "Awa", "Cheikh", "Mariama"],
           "last": ["Diop", "Ndiaye", "Fall", "Sow", "Ba", "Gueye", "Faye", "Sarr"],
           "phone": "+22177{:07d}"},
    "PH": {"first": ["Maricel", "Jose", "Rowena", "Mark", "Jennylyn", "Rodel", "Analyn"],
           "last": ["Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza"],
           "phone": "+639{:09d}"},
}  # fmt: skip


def client_rows(count: int, offices: list, seed: int = 7):
    """Yields dicts of Client field values."""
    rng = random.Random(seed)
    today = datetime.date(2026, 1, 1)
    countries = list(COUNTRIES.values())
    for number in range(1, count + 1):
        country = countries[number % len(countries)]
        first, last = rng.choice(country["first"]), rng.choice(country["last"])
        submitted = today - datetime.timedelta(days=rng.randint(30, 3650))
        yield {
            "account_no": f"B{number:09d}",
            "external_id": f"BENCH-{number}",
            "status": rng.choice([100, 300, 300, 300, 300, 600]),
            "legal_form": 1,
            "office": rng.choice(offices),
            "firstname": first,
            "lastname": last,
            "display_name": f"{first} {last}",
            "mobile_no": country["phone"].format(rng.randint(0, 10**7 - 1)),
            "date_of_birth": submitted - datetime.timedelta(days=rng.randint(18 * 365, 70 * 365)),
            "submitted_on": submitted,
        }
