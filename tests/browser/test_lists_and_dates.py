"""The clients list in Chromium: coloured status badges, its total and "page 2 of 2", filters
that apply together and stay in the address across paging and sorting, a page past the end;
dates in the user's language and in the format they chose in their preferences."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def thirty(make_user, make_client):
    for number in range(30):
        make_client(
            firstname=f"Client{number:02d}",
            lastname="Musa",
            submitted_on=datetime.date(2024, 3, 25),
            active=number in (0, 29),
        )
    return make_user(("ALL_FUNCTIONS",), username="admin")


def test_badges_totals_paging_and_filters(page, thirty, log_in, screenshot):
    log_in(page, "admin")
    page.goto("/clients/")
    results = page.locator("#results")
    expect(results.locator(".page-info")).to_have_text("Page 1 of 2 · 30 clients")
    pending = results.locator(".badge-pending").first
    active = results.locator(".badge-active").first
    expect(pending).to_have_text("Pending")
    colour = "(badge) => getComputedStyle(badge).backgroundColor"
    assert pending.evaluate(colour) != active.evaluate(colour)

    # Two filters together: both in the address, both applied.
    page.get_by_label("Status").select_option(label="Pending")
    expect(page).to_have_url(re.compile(r"status=100"))
    page.get_by_label("Name, account, external id or mobile").fill("Musa")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"q=Musa"))
    expect(page).to_have_url(re.compile(r"status=100"))
    expect(results.locator(".page-info")).to_have_text("Page 1 of 2 · 28 clients")
    expect(results.locator(".badge-active")).to_have_count(0)

    # Paging and sorting keep them.
    page.wait_for_load_state("networkidle")  # the change and the submit each asked once
    results.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page).to_have_url(re.compile(r"status=100.*q=Musa|q=Musa.*status=100"))
    expect(results.locator(".page-info")).to_have_text("Page 2 of 2 · 28 clients")
    page.wait_for_load_state("networkidle")
    results.get_by_role("link", name="Name", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=display_name"))
    expect(page).to_have_url(re.compile(r"status=100.*q=Musa|q=Musa.*status=100"))
    expect(results.locator(".badge-active")).to_have_count(0)
    screenshot(page, "client-list-filtered")

    # A page past the end: the last one.
    response = page.goto("/clients/?page=40")
    assert response.status == 200
    expect(results.locator(".page-info")).to_have_text("Page 2 of 2 · 30 clients")
    assert page.problems == []


def test_dates_follow_the_language_and_the_users_choice(page, thirty, log_in):
    log_in(page, "admin")
    page.goto("/clients/")
    expect(page.locator("#results")).to_contain_text("25 Mar 2024")

    page.locator("#language-choice").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#results")).to_contain_text("25 mars 2024")

    # The user's own choice, from their name in the header.
    page.locator(".site-header .who a").click()
    expect(page.locator("h1")).to_have_text("Vos préférences")
    page.get_by_label("Année d’abord (ISO) : 2025-09-05").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto("/clients/")
    expect(page.locator("#results")).to_contain_text("2024-03-25")
    expect(page.locator("#results")).not_to_contain_text("25 mars 2024")
    # Date inputs stay the browser's own.
    expect(page.get_by_label("Soumis à partir du")).to_have_attribute("type", "date")
    assert page.problems == []
