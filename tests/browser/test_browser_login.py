import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_seeded_data_is_back_for_each_test(head_office):
    assert head_office.name == "Head Office"


def test_log_in_with_a_wrong_password_then_the_right_one(page, make_user, log_in, screenshot):
    make_user(("ALL_FUNCTIONS",), username="amina")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    screenshot(page, "login")

    log_in(page, "amina", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("amina")
    screenshot(page, "login-error")

    log_in(page, "amina")
    expect(page.get_by_role("heading", name="Welcome, Test")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Offices")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto("/offices/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/offices/$"))
    assert page.problems == []
