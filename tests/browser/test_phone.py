"""At a phone's width (390 × 844): a compact header whose menu opens, lists read without
sideways scrolling (each row a card of labelled values), tabs that scroll by themselves, and
the action buttons within reach."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def people(make_user, make_client, make_staff):
    officer = make_staff(firstname="Wanjiru", lastname="Kamau-Otieno", is_loan_officer=True)
    clients = [
        make_client(
            firstname=f"Nyambura{number}",
            lastname="Wambui-Achieng-Mwangi",
            external_id=f"EXT-{number:04d}-KIBERA-BRANCH",
            mobile_no=f"07{number:08d}",
            staff=officer,
            active=number % 2 == 0,
        )
        for number in range(5)
    ]
    admin = make_user(("ALL_FUNCTIONS",), username="admin")
    return {"clients": clients, "admin": admin}


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def on_phone(page: Page, log_in) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, "admin")


def test_the_clients_list_fits_a_phone(page, people, log_in, screenshot):
    on_phone(page, log_in)
    page.goto("/clients/")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(5)
    assert not scrolls_sideways(page)
    # Each row is a card whose values carry their column's label.
    first = rows.first
    expect(first.locator("td[data-label='Status']")).to_be_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "phone-client-list")
    assert page.problems == []


def test_the_menu_collapses_and_opens(page, people, log_in, screenshot):
    on_phone(page, log_in)
    page.goto("/clients/")
    menu_link = page.locator(".site-header .menu").get_by_role("link", name="Offices")
    expect(menu_link).to_be_hidden()
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    assert not scrolls_sideways(page)
    screenshot(page, "phone-menu-open")
    menu_link.click()
    expect(page.locator("h1")).to_have_text("Offices")
    # A new page starts with the menu closed again.
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")
    assert page.problems == []


def test_the_client_page_fits_a_phone(page, people, log_in, screenshot):
    client = people["clients"][1]  # pending: its page offers Activate
    on_phone(page, log_in)
    page.goto(f"/clients/{client.pk}/")
    expect(page.locator("h1")).to_contain_text("Nyambura1")
    assert not scrolls_sideways(page)
    # The tabs scroll within their own strip; the last one can be reached.
    tabs = page.locator("nav.tabs ul")
    assert tabs.evaluate("(list) => getComputedStyle(list).overflowX") == "auto"
    last_tab = page.locator("nav.tabs a").last
    last_tab.scroll_into_view_if_needed()
    expect(last_tab).to_be_in_viewport()
    # The lifecycle actions are on the screen and usable.
    activate = page.get_by_role("link", name="Activate").first
    activate.scroll_into_view_if_needed()
    expect(activate).to_be_in_viewport()
    box = activate.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "phone-client-page")
    activate.click()
    expect(page.locator("h1")).to_contain_text("Activate")
    assert not scrolls_sideways(page)
    assert page.problems == []


def test_a_form_fits_a_phone(page, people, log_in, screenshot):
    on_phone(page, log_in)
    page.goto("/clients/new/")
    expect(page.get_by_label("First name")).to_be_visible()
    assert not scrolls_sideways(page)
    submit = page.get_by_role("button", name="Create client")
    submit.scroll_into_view_if_needed()
    expect(submit).to_be_in_viewport()
    screenshot(page, "phone-client-form")
    assert page.problems == []


def test_the_dashboard_fits_a_phone(page, people, log_in, screenshot):
    on_phone(page, log_in)
    page.goto("/")
    expect(page.locator(".queues")).to_be_visible()
    assert not scrolls_sideways(page)
    screenshot(page, "phone-dashboard")
    assert page.problems == []
