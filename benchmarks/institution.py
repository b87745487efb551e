"""The benchmark institution: offices, loan officers and users, made through the services.

A head office, one region per part of the world and 19 branches, each branch serving clients
of one country; loan officers in every branch; `admin` (Super user, head office) and
`branch` (a clerk of one leaf branch whose role reads and creates clients).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from mteja.organisation import services as organisation
from mteja.organisation.models import HEAD_OFFICE_ID, Office, Staff
from mteja.users.models import AppUser, Role
from mteja.users.services import role_create, role_set_permissions, user_create

PASSWORD = "Bench-Mteja-2026!"  # noqa: S105 - a benchmark database's known password
ADMIN, BRANCH_USER = "admin", "branch"
BRANCH_ROLE = "Branch clerk"
BRANCH_PERMISSIONS = ["READ_CLIENT", "CREATE_CLIENT", "UPDATE_CLIENT", "ACTIVATE_CLIENT",
                      "READ_CLIENTIDENTIFIER", "READ_ADDRESS", "READ_FAMILYMEMBERS",
                      "READ_OFFICE", "READ_STAFF", "READ_CODE", "READ_CODEVALUE"]  # fmt: skip

# region -> [(branch, culture code)]: 19 branches.
REGIONS = {
    "East Africa": [("Nairobi CBD", "KE"), ("Kibera", "KE"), ("Kisumu", "KE"),
                    ("Mombasa", "KE"), ("Eldoret", "KE")],
    "West Africa": [("Lagos Island", "NG"), ("Ibadan", "NG"), ("Kano", "NG"),
                    ("Accra", "GH"), ("Kumasi", "GH"), ("Dakar", "SN"), ("Thiès", "SN")],
    "Latin America": [("Ciudad de México", "MX"), ("Guadalajara", "MX"), ("Monterrey", "MX")],
    "Asia": [("Patna", "IN"), ("Lucknow", "IN"), ("Quezon City", "PH"), ("Cebu", "PH")],
}  # fmt: skip
# The first branch opened in 2012, then one branch every few months.
FIRST_OPENING = datetime.date(2012, 1, 9)


@dataclass
class Branch:
    office_id: int
    culture: str
    opening_date: datetime.date
    officer_ids: list[int]


def _branches(staff: dict[int, list[int]]) -> list[Branch]:
    by_name = {o.name: o for o in Office.objects.all()}
    return [
        Branch(by_name[name].pk, culture, by_name[name].opening_date, staff[by_name[name].pk])
        for branches in REGIONS.values()
        for name, culture in branches
    ]


def _officers() -> dict[int, list[int]]:
    staff: dict[int, list[int]] = {}
    for office_id, staff_id in Staff.objects.filter(is_loan_officer=True).values_list(
        "office_id", "id"
    ):
        staff.setdefault(office_id, []).append(staff_id)
    return staff


def create_institution(rng: random.Random) -> list[Branch]:
    """Offices, officers, the role and the two users; reuses what an earlier run made."""
    if Office.objects.filter(name="East Africa").exists():
        return _branches(_officers())
    head = Office.objects.get(pk=HEAD_OFFICE_ID)
    opening = FIRST_OPENING
    for region, branches in REGIONS.items():
        parent = organisation.office_create(
            actor=None, name=region, parent=head, opening_date=opening, external_id=region
        )
        for name, culture in branches:
            office = organisation.office_create(
                actor=None,
                name=name,
                parent=parent,
                opening_date=opening,
                external_id=f"BR-{culture}-{name[:12]}",
            )
            for number in range(rng.randint(4, 7)):
                organisation.staff_create(
                    actor=None,
                    office=office,
                    firstname=f"Officer {number + 1}",
                    lastname=name,
                    is_loan_officer=number > 0,  # the first manages the branch
                    joining_date=opening,
                )
            opening += datetime.timedelta(days=97)
    _create_users()
    return _branches(_officers())


def _create_users() -> None:
    head = Office.objects.get(pk=HEAD_OFFICE_ID)
    user_create(
        actor=None, username=ADMIN, firstname="Bench", lastname="Administrator", office=head,
        password=PASSWORD, roles=[Role.objects.get(name="Super user")],
    )  # fmt: skip
    role = role_create(actor=None, name=BRANCH_ROLE, description="Reads and creates clients.")
    role_set_permissions(actor=None, role=role, permissions=dict.fromkeys(BRANCH_PERMISSIONS, True))
    leaf = Office.objects.get(name=REGIONS["East Africa"][1][0])
    user_create(
        actor=None, username=BRANCH_USER, firstname="Branch", lastname="Clerk", office=leaf,
        password=PASSWORD, roles=[role],
    )  # fmt: skip


def admin_id() -> int:
    return AppUser.objects.get(username=ADMIN).pk
