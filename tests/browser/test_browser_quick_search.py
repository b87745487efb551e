"""The header's search box in real Chromium: typed into, it lists the user's clients as they
type; a result opens the client; "/" finds the box; Enter opens the whole list."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def officer(make_user, make_office, make_client):
    branch = make_office(name="Kisumu Branch")
    make_client(office=branch, firstname="Wanjiru", lastname="Odhiambo", active=True)
    make_client(office=branch, firstname="Baraka", lastname="Mwangi")
    return make_user(("READ_CLIENT", "READ_OFFICE"), office=branch, username="officer")


def search_box(page):
    return page.get_by_role("search").get_by_role("searchbox", name="Search clients")


def test_typing_part_of_a_name_lists_the_client_and_opens_it(page, log_in, officer, screenshot):
    log_in(page, "officer")
    box = search_box(page)
    box.fill("odhia")
    results = page.locator("#quick-search-results")
    result = results.get_by_role("link", name=re.compile("Wanjiru Odhiambo"))
    expect(result).to_be_visible()
    expect(result.locator("mark")).to_have_text("Odhia")
    expect(result).to_contain_text("Kisumu Branch")
    expect(result).to_contain_text("Active")
    screenshot(page, "quick-search")
    expect(results).not_to_contain_text("Baraka")
    result.click()
    expect(page).to_have_url(re.compile(r"/clients/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wanjiru Odhiambo")
    assert not page.problems


def test_slash_focuses_the_box_and_arrows_and_escape_work(page, log_in, officer):
    log_in(page, "officer")
    page.locator("main").click()
    page.keyboard.press("/")
    box = search_box(page)
    expect(box).to_be_focused()
    expect(box).to_have_value("")
    page.keyboard.type("wanj")
    result = page.locator("#quick-search-results a.quick-result")
    expect(result).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(result).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    expect(result).to_have_count(0)
    assert not page.problems


def test_one_character_asks_nothing_and_enter_opens_the_list(page, log_in, officer):
    log_in(page, "officer")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    box = search_box(page)
    box.fill("w")
    page.wait_for_timeout(600)  # past the pause after typing, when the box would have asked
    assert not [url for url in asked if "/quick-search/" in url]
    expect(page.locator("#quick-search-results .quick-results")).to_have_count(0)
    box.fill("Baraka")
    expect(page.locator("#quick-search-results a.quick-result")).to_have_count(1)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/clients/\?q=Baraka$"))
    expect(page.get_by_role("table")).to_contain_text("Baraka Mwangi")
    assert any("/quick-search/?q=Baraka" in url for url in asked)
    assert not page.problems
