"""The dashboard in real Chromium, as a branch manager lands on it: only their offices'
numbers, a queue followed to the clients list, the charts' tables, the charts in light and dark
mode and at phone width; and the KYC indicator and the activation refusal's link to the tab
that adds what is missing."""

import pytest
from playwright.sync_api import expect

from mteja.clients import services
from mteja.clients.kyc import identifiers
from mteja.clients.kyc.identifiers.formats import identifier_format_for, identifier_format_update
from mteja.organisation.models import CodeValue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def branches(make_office, make_user, make_client, make_staff):
    east = make_office(name="East Branch")
    west = make_office(name="West Branch")
    officer = make_staff(office=east, firstname="Olive", lastname="Otieno", is_loan_officer=True)
    national_id = CodeValue.objects.get(code__name="Customer Identifier", name="National ID")
    make_client(office=east, firstname="Achieng", lastname="Pending")
    make_client(office=east, firstname="Baraka", lastname="Pending")
    make_client(
        office=east, firstname="Chebet", lastname="Served", active=True, staff_id=officer.pk
    )
    unserved = make_client(office=east, firstname="Daudi", lastname="Unserved", active=True)
    identifiers.identifier_create(
        actor=None,
        client=unserved,
        data=identifiers.IdentifierInput(document_type_id=national_id.pk, document_key="AB12345"),
    )
    for n in range(3):
        make_client(office=west, firstname=f"Wekesa{n}", lastname="West")
    return {
        "manager": make_user(("ALL_FUNCTIONS",), office=east, username="eastmanager"),
        "national_id": national_id,
        "east": east,
    }


def test_a_branch_manager_acts_from_the_dashboard(page, branches, log_in, screenshot):
    log_in(page, "eastmanager")
    expect(page.get_by_role("heading", name="Welcome, Test")).to_be_visible()

    pending = page.locator("#queue-pending")
    expect(pending.locator(".queue-count")).to_have_text("2")
    expect(pending).to_contain_text("Achieng Pending")
    expect(page.locator("#queue-without-officer .queue-count")).to_have_text("1")
    expect(page.locator("#queue-kyc .queue-count")).to_have_text("3")  # Daudi has an ID
    expect(page.locator("#work-queues")).not_to_contain_text("Wekesa")

    # The charts' tables: East's numbers only.
    status = page.locator("#chart-status")
    status.get_by_text("The figures as a table").click()
    table = status.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # the heading, Pending, Active
    expect(table.get_by_role("row", name="Pending 2")).to_be_visible()
    expect(table.get_by_role("row", name="Active 2")).to_be_visible()
    officers = page.locator("#chart-officers")
    officers.get_by_text("The figures as a table").click()
    expect(officers.get_by_role("row", name="Otieno, Olive 1")).to_be_visible()
    expect(officers.get_by_role("row", name="No loan officer 3")).to_be_visible()
    months = page.locator("#chart-months")
    months.get_by_text("The figures as a table").click()
    expect(months.get_by_role("table").locator("tbody tr")).to_have_count(12)
    expect(page.locator("#office-counts")).not_to_contain_text("West Branch")
    expect(page.get_by_role("img", name="Clients by status")).to_be_visible()
    assert not page.problems
    screenshot(page, "dashboard-branch")

    # Following a queue: the clients list, filtered to the same clients.
    pending.get_by_role("link", name="Pending activation").click()
    expect(page).to_have_url(f"{page.url.split('/clients/')[0]}/clients/?status=100")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table.listing")).to_contain_text("Achieng Pending")
    expect(page.locator("table.listing")).not_to_contain_text("Wekesa")

    page.go_back()
    page.locator("#queue-without-officer").get_by_role("link", name="Daudi Unserved").click()
    expect(page.get_by_role("heading", name="Daudi Unserved")).to_be_visible()


def _fill_of(page, selector: str) -> str:
    return page.eval_on_selector(selector, "(node) => getComputedStyle(node).fill")


def test_the_charts_follow_light_and_dark_mode_and_fit_a_phone(page, branches, log_in, screenshot):
    log_in(page, "eastmanager")
    active_bar = "#chart-status rect.chart-status-300"
    light = _fill_of(page, active_bar)
    text_light = _fill_of(page, "#chart-status text.chart-text")
    page.emulate_media(color_scheme="dark")
    dark = _fill_of(page, active_bar)
    text_dark = _fill_of(page, "#chart-status text.chart-text")
    assert light != dark and text_light != text_dark  # the theme's colours, not fixed ones
    assert "rgb(0, 0, 0)" not in (light, dark, text_dark)  # never SVG's black default
    screenshot(page, "dashboard-dark")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wide = page.evaluate(
        """() => [...document.querySelectorAll('#work-queues *, #client-figures *')]
            .filter((node) => node.getBoundingClientRect().right > window.innerWidth + 1
                && !node.closest('.table-scroll'))
            .map((node) => `${node.tagName}.${node.className}`)"""
    )
    assert wide == []
    width = page.eval_on_selector("#chart-months svg", "(svg) => svg.getBoundingClientRect().width")
    assert width <= 390
    screenshot(page, "dashboard-phone")
    assert not page.problems


def test_the_dashboard_in_spanish(page, branches, log_in):
    log_in(page, "eastmanager")
    page.locator("#language-choice").select_option("es")
    page.locator("form.language").get_by_role("button").click()
    expect(page.get_by_role("heading", name="Pendientes de activación")).to_be_visible()
    expect(page.locator("#chart-status figcaption")).to_have_text("Clientes por estado")
    status = page.locator("#chart-status")
    status.get_by_text("Las cifras en una tabla").click()
    expect(status.get_by_role("row", name="Pendiente 2")).to_be_visible()


def test_kyc_indicator_and_the_activation_refusals_link(page, branches, log_in, make_client):
    rule = identifier_format_for(branches["national_id"])
    identifier_format_update(actor=None, format=rule, required_for_activation=True)
    client = make_client(office=branches["east"], firstname="Esther", lastname="Newcomer")
    log_in(page, "eastmanager")
    page.goto(f"/clients/{client.pk}/")
    expect(page.locator(".client-facts")).not_to_contain_text("KYC complete")
    expect(page.locator(".client-facts")).to_contain_text("KYC: 1 item missing")
    expect(page.locator("#kyc-missing")).to_contain_text("No active National ID recorded")
    expect(page.locator("#kyc-missing")).to_contain_text("Identity documents recorded: none")

    page.get_by_role("link", name="Activate").first.click()
    page.get_by_role("button", name="Activate").click()
    refusal = page.get_by_role("link", name="Add it in the Identifiers tab")
    expect(refusal).to_be_visible()
    refusal.click()
    expect(page).to_have_url(f"{page.url.split('/clients/')[0]}/clients/{client.pk}/identifiers/")
    expect(page.get_by_role("link", name="Identifiers")).to_have_attribute("aria-current", "page")
    services.client_update(actor=None, client=client, fields={"mobile_no": "0711 000 123"})
    identifiers.identifier_create(
        actor=None,
        client=client,
        data=identifiers.IdentifierInput(
            document_type_id=branches["national_id"].pk, document_key="CD67890"
        ),
    )
    page.goto(f"/clients/{client.pk}/")
    expect(page.locator(".client-facts")).to_contain_text("KYC complete")
    expect(page.locator("#kyc-profile")).to_contain_text("Identity documents recorded: National ID")
    assert not page.problems
