"""The header's bell in real Chromium: an officer assigned a client sees the unread count on
any page, opens the list, follows the link to the client and marks everything read."""

import re

import pytest
from playwright.sync_api import expect

from mteja.clients.services import client_assign_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def officer(make_user, make_office, make_staff, make_client, admin_user):
    branch = make_office(name="Kisumu Branch")
    staff = make_staff(office=branch, firstname="Neema", is_loan_officer=True)
    user = make_user(("READ_CLIENT",), office=branch, username="officer", staff=staff)
    for name in ("Odhiambo", "Mwangi"):
        client = make_client(office=branch, firstname="Wanjiru", lastname=name, active=True)
        client_assign_staff(actor=admin_user, client=client, staff_id=staff.pk)
    return user


def test_the_bell_counts_unread_notifications_and_the_list_marks_them_read(page, log_in, officer):
    log_in(page, "officer")
    bell = page.locator(".site-header a.bell")
    expect(bell).to_contain_text("2 unread")
    expect(bell.locator("svg.bell-icon")).to_be_visible()  # drawn, not an emoji the font lacks
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    items = page.locator("ul.notifications li.unread")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("assigned Wanjiru Mwangi to you as loan officer")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator(".flashes")).to_contain_text("All your notifications are marked read.")
    expect(page.locator("ul.notifications li.unread")).to_have_count(0)
    expect(bell).not_to_contain_text("unread")
    page.get_by_role("link", name=re.compile("Wanjiru Odhiambo")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wanjiru Odhiambo")
    assert not page.problems
