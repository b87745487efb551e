"""Demo centers and groups: in each branch, centers that meet weekly, each holding solidarity
groups of the branch's active demo clients. Everything goes through the groups' services."""

from __future__ import annotations

import datetime
import random

from mteja.clients.models import Client, ClientStatus
from mteja.core import clock
from mteja.groups import services
from mteja.groups.models import Weekday
from mteja.organisation.models import HEAD_OFFICE_ID, Office, Staff

CENTER_NAMES = ["Sokoni", "Lakeside", "Mlimani", "Riverside", "Kituo", "Bondeni"]
GROUP_NAMES = ["Umoja", "Tumaini", "Jamii", "Neema", "Baraka", "Amani", "Pamoja", "Imani"]
MEMBERS_PER_GROUP = 5


def load_groups(rng: random.Random) -> int:
    """Centers with groups in every branch; returns how many groups were made."""
    made = 0
    today = clock.today()
    for office in Office.objects.exclude(pk=HEAD_OFFICE_ID).order_by("id"):
        clients = list(
            Client.objects.filter(office=office, status=ClientStatus.ACTIVE).order_by("id")
        )
        officers = list(Staff.objects.filter(office=office, is_loan_officer=True, is_active=True))
        centers = rng.sample(CENTER_NAMES, 2)
        names = iter(rng.sample(GROUP_NAMES, len(GROUP_NAMES)))
        for center_name in centers:
            opened = max(office.opening_date, today - datetime.timedelta(days=rng.randint(60, 700)))
            center = services.center_create(
                actor=None, office=office, name=f"{center_name} {office.name}",
                staff=rng.choice(officers) if officers else None, active=True,
                activation_date=opened, meeting_day=rng.choice(Weekday.values[:5]),
                meeting_time=datetime.time(rng.choice([8, 9, 10, 14]), 0),
            )  # fmt: skip
            for _ in range(2):
                members, clients = clients[:MEMBERS_PER_GROUP], clients[MEMBERS_PER_GROUP:]
                if len(members) < MEMBERS_PER_GROUP:
                    break
                services.group_create(
                    actor=None, center=center, name=next(names), staff=center.staff,
                    active=True, activation_date=opened, submitted_on=opened, clients=members,
                )  # fmt: skip
                made += 1
    return made
