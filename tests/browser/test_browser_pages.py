"""Every main page in real Chromium: no console errors, no uncaught exceptions; HTMX filters,
sorting and paging swap the results in place and keep the address bar right."""

import re

import pytest
from playwright.sync_api import expect

from mteja.organisation.models import CodeValue
from mteja.users.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def populated(make_user, make_office, make_staff):
    branch = make_office(name="Arusha")
    for number in range(30):
        make_staff(
            office=branch,
            firstname=f"Person{number:02d}",
            lastname=f"Staff{number:02d}",
            is_loan_officer=number % 3 == 0,
        )
    admin = make_user(("ALL_FUNCTIONS",), username="admin")
    return {"branch": branch, "admin": admin}


def test_no_javascript_errors_on_any_page(page, populated, log_in, screenshot):
    branch, admin = populated["branch"], populated["admin"]
    staff = branch.staff.first()
    value = CodeValue.objects.filter(code__name="Gender").first()
    role = Role.objects.get(name="Super user")
    pages = {
        "dashboard": "/",
        "office-tree": "/offices/",
        "office-new": "/offices/new/",
        "office-edit": f"/offices/{branch.pk}/edit/",
        "staff-list": "/staff/",
        "staff-new": "/staff/new/",
        "staff-detail": f"/staff/{staff.pk}/",
        "staff-edit": f"/staff/{staff.pk}/edit/",
        "code-list": "/codes/",
        "code-detail": f"/codes/{value.code_id}/",
        "code-new": "/codes/new/",
        "code-value-new": f"/codes/{value.code_id}/values/new/",
        "code-value-edit": f"/codes/{value.code_id}/values/{value.pk}/edit/",
        "code-value-delete": f"/codes/{value.code_id}/values/{value.pk}/delete/",
        "user-list": "/users/",
        "user-new": "/users/new/",
        "user-detail": f"/users/{admin.pk}/",
        "user-edit": f"/users/{admin.pk}/edit/",
        "role-list": "/roles/",
        "role-new": "/roles/new/",
        "role-detail": f"/roles/{role.pk}/",
        "role-edit": f"/roles/{role.pk}/edit/",
        "audit": "/audit/",
        "audit-filtered": "/audit/?entity=STAFF&action=CREATE",
    }
    log_in(page, "admin")
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        page.wait_for_load_state("networkidle")
        expect(page.locator("h1")).to_be_visible()
        screenshot(page, name)
    assert page.problems == []


def test_filters_sorting_and_paging_swap_the_results(page, populated, log_in):
    log_in(page, "admin")
    page.goto("/staff/")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Staff00, Person00")).to_be_visible()
    expect(results).to_contain_text("Page 1 of 2 · 30 staff members")

    # Paging: only the results are fetched, the address bar follows.
    results.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(results).to_contain_text("Page 2 of 2")
    expect(results.get_by_role("link", name="Staff29, Person29")).to_be_visible()

    # Sorting by a column header.
    page.goto("/staff/")
    results.get_by_role("link", name="Name").click()
    expect(page).to_have_url(re.compile(r"sort=display_name"))
    expect(results.locator("tbody tr").first).to_contain_text("Staff00, Person00")
    results.get_by_role("link", name="Name").click()
    expect(page).to_have_url(re.compile(r"sort=-display_name"))
    expect(results.locator("tbody tr").first).to_contain_text("Staff29, Person29")

    # Filtering on change, without a page load: the heading element stays the same node.
    page.goto("/staff/")
    page.locator("h1").evaluate("h1 => h1.dataset.marker = 'kept'")
    page.get_by_label("Loan officers only").check()
    expect(results).to_contain_text("10 staff members")
    expect(page).to_have_url(re.compile(r"loan_officers_only=on"))
    assert page.locator("h1").get_attribute("data-marker") == "kept"

    page.get_by_label("Name").fill("Person03")
    page.get_by_label("Name").press("Enter")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Staff03, Person03")
    assert page.problems == []


def test_the_menu_and_forms_work_with_the_keyboard(page, populated, log_in):
    log_in(page, "admin")
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.goto("/codes/")
    page.get_by_role("link", name="Gender").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Gender")).to_be_visible()
    page.get_by_role("link", name="Add value").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Name").focus()
    page.keyboard.type("Prefer not to say")
    page.keyboard.press("Enter")  # submits the form
    expect(page.get_by_role("status")).to_contain_text("Value “Prefer not to say” added.")
    expect(page.get_by_role("cell", name="Prefer not to say", exact=True)).to_be_visible()

    # Deactivating is a button in the row, reachable by Tab.
    deactivate = page.get_by_role("button", name="Deactivate Prefer not to say")
    deactivate.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("deactivated")
    assert not CodeValue.objects.get(name="Prefer not to say").is_active
    assert page.problems == []


def test_error_and_lockout_pages(page, make_user, log_in, screenshot, settings):
    """The 403, 404 and lockout pages render in full (menu, styles) without script errors."""
    make_user(("READ_STAFF",), username="clerk")
    log_in(page, "clerk")
    response = page.goto("/offices/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    screenshot(page, "forbidden")
    response = page.goto("/staff/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    screenshot(page, "not-found")
    page.get_by_role("button", name="Log out").click()

    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, "clerk", "wrong-password")
    expect(page.get_by_role("heading", name="Account locked")).to_be_visible()
    screenshot(page, "locked-out")
    # Chromium reports each error status of a document on the console; nothing else may.
    expected = [
        "Failed to load resource: the server responded with a status of 403",
        "Failed to load resource: the server responded with a status of 404",
        "Failed to load resource: the server responded with a status of 429",
    ]
    assert len(page.problems) == len(expected), page.problems
    for problem, start in zip(page.problems, expected, strict=True):
        assert problem.startswith(f"console error: {start}"), problem
