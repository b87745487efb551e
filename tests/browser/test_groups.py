"""Groups and centers in real Chromium: a center created, a group created in it, two clients
found with the member picker and added, one removed, and the client's Groups tab showing the
stay that ended."""

import re

import pytest
from playwright.sync_api import expect

from mteja.clients import services
from mteja.core import clock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(make_user, make_office):
    branch = make_office(name="Kisumu Branch")

    def client(first, last):
        return services.client_create(
            actor=None,
            office=branch,
            fields={"firstname": first, "lastname": last, "active": True,
                    "activation_date": clock.today()},
        ).client  # fmt: skip

    return {
        "admin": make_user(("ALL_FUNCTIONS",), username="admin"),
        "branch": branch,
        "wanjiru": client("Wanjiru", "Mwangi"),
        "akinyi": client("Akinyi", "Odhiambo"),
    }


def test_a_center_a_group_two_members_and_one_removed(page, people, log_in, screenshot):
    log_in(page, "admin")
    page.goto("/centers/")
    page.get_by_role("link", name="New center").click()
    page.get_by_label("Name", exact=True).fill("Lakeside")
    page.get_by_label("Office", exact=True).select_option(value=str(people["branch"].pk))
    page.get_by_label("Meeting day").select_option(label="Tuesday")
    page.get_by_role("button", name="Create center").click()
    expect(page.get_by_role("status")).to_contain_text("Center “Lakeside” created.")

    page.get_by_role("link", name="New group in this center").click()
    page.get_by_label("Name", exact=True).fill("Umoja")
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_role("status")).to_contain_text("Group “Umoja” created.")
    expect(page.locator(".details")).to_contain_text("Lakeside")

    page.get_by_role("link", name="Add members").click()
    page.get_by_label("Find clients").fill("Wanjiru")
    page.get_by_role("button", name="Search").click()
    page.get_by_label(re.compile("Wanjiru Mwangi")).check()
    page.get_by_role("button", name="Add selected clients").click()
    expect(page.get_by_role("status")).to_contain_text("Members added to “Umoja”.")
    page.get_by_role("link", name="Add members").click()
    page.get_by_label(re.compile("Akinyi Odhiambo")).check()
    screenshot(page, "groups-member-picker")
    page.get_by_role("button", name="Add selected clients").click()
    members = page.locator("#current-members tbody tr")
    expect(members).to_have_count(2)

    page.get_by_role("button", name="Remove Akinyi Odhiambo").click()
    expect(page.get_by_role("status")).to_contain_text("Member removed from “Umoja”.")
    expect(members).to_have_count(1)
    expect(members.first).to_contain_text("Wanjiru Mwangi")
    expect(page.locator("#past-members")).to_contain_text("Akinyi Odhiambo")
    screenshot(page, "groups-detail")

    page.goto(f"/clients/{people['akinyi'].pk}/groups/")
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("Umoja")
    expect(row).to_contain_text("Lakeside")
    expect(row).not_to_contain_text("Current member")
