"""The production Content-Security-Policy in real Chromium: what it refuses is caught and fails
the test, the API's Swagger UI works under it, and a shared computer's Back button shows no
client after its user logged out."""

import re

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import chromium_running, csp_violations_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_what_the_policy_refuses_is_caught(page):
    page.goto("/login/")
    page.evaluate(
        """() => {
            document.body.setAttribute("style", "background: red");
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    assert page.evaluate("window.injected") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    caught = csp_violations_of(page)
    assert [violation.split(" ")[0] for violation in caught] == [
        "style-src-attr",
        "script-src-elem",
    ]
    page.csp_violations.clear()  # provoked on purpose: the fixture would fail the test


def test_swagger_ui_works_under_the_policy(page):
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name=re.compile("Mteja API"))).to_be_visible()
    clients = page.locator(".opblock-summary-path", has_text=re.compile(r"/clients$")).first
    # Swagger UI draws only the operations near the viewport of a long document: scroll
    # down until the clients list is drawn.
    for _ in range(80):
        if clients.count():
            break
        page.evaluate("window.scrollBy(0, 500)")
        page.wait_for_timeout(100)
    expect(clients).to_be_visible()
    assert page.problems == []


@pytest.fixture
def page_with_bfcache(live_server):
    """A tab of a Chromium that keeps pages in its back-forward cache, as browsers do by default
    (Playwright turns that cache off)."""
    with chromium_running(ignore_default_args=["--disable-back-forward-cache"]) as chromium:
        context = chromium.new_context(base_url=live_server.url, locale="en-GB")
        yield context.new_page()


def test_back_after_logging_out_shows_no_client(page_with_bfcache, make_user, make_client, log_in):
    page = page_with_bfcache
    make_user(("ALL_FUNCTIONS",), username="amina")
    client = make_client(firstname="Zawadi", lastname="Mutua")
    log_in(page, "amina")
    page.goto(f"/clients/{client.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zawadi Mutua")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    # A page restored from the back-forward cache fires no load event: wait for less.
    page.go_back(wait_until="commit")
    expect(page).to_have_url(re.compile(r"/login/\?next=/clients/"))
    expect(page.locator("body")).not_to_contain_text("Zawadi")
