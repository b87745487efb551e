"""A client's life in real Chromium: created, activated, proposed for transfer to another
branch, accepted there by a user who may, and closed — checking what each page shows."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from mteja.clients import services
from mteja.clients.models import Client, ClientStatus
from mteja.core import clock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIELD_OFFICER = (
    "READ_CLIENT",
    "CREATE_CLIENT",
    "UPDATE_CLIENT",
    "ACTIVATE_CLIENT",
    "PROPOSETRANSFER_CLIENT",
    "CLOSE_CLIENT",
    "READ_OFFICE",
    "READ_AUDIT",
)


@pytest.fixture
def offices(make_office):
    region = make_office(name="Nyanza Region")
    return {
        "region": region,
        "kisumu": make_office(name="Kisumu Branch", parent=region),
        "siaya": make_office(name="Siaya Branch", parent=region),
    }


@pytest.fixture
def people(make_user, make_staff, offices):
    return {
        "admin": make_user(("ALL_FUNCTIONS",), username="admin"),
        # A regional field officer who may do everything here except accept transfers.
        "nyanza": make_user(FIELD_OFFICER, office=offices["region"], username="nyanza"),
        "kisumu_officer": make_staff(
            office=offices["kisumu"], firstname="Daudi", lastname="Ochieng", is_loan_officer=True
        ),
        "siaya_officer": make_staff(
            office=offices["siaya"], firstname="Rehema", lastname="Akinyi", is_loan_officer=True
        ),
    }


def some_clients(offices, officer):
    for first, last, mobile in [
        ("Achieng", "Odhiambo", "+254 711 000 001"),
        ("Baraka", "Mwangi", "+254 711 000 002"),
        ("Chebet", "Kiprono", ""),
    ]:
        services.client_create(
            actor=None,
            office=offices["kisumu"],
            fields={
                "firstname": first,
                "lastname": last,
                "mobile_no": mobile,
                "staff_id": officer.pk,
                "active": first != "Chebet",
                "activation_date": clock.today(),
            },
        )


def status_of(page):
    return page.locator(".client-facts .badge").first


def test_client_lifecycle(page, live_server, offices, people, log_in, screenshot):
    some_clients(offices, people["kisumu_officer"])
    log_in(page, "nyanza")

    # The list, reached from the menu; search as one types.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Clients").click()
    expect(page.get_by_role("heading", name="Clients", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Achieng Odhiambo")).to_be_visible()
    screenshot(page, "client-list")
    page.get_by_label("Name, account, external id or mobile").fill("bara")
    expect(page.get_by_role("link", name="Achieng Odhiambo")).to_have_count(0)
    expect(page.get_by_role("link", name="Baraka Mwangi")).to_be_visible()

    # The create form: person or entity.
    page.get_by_role("link", name="New client").click()
    expect(page.get_by_role("heading", name="New client")).to_be_visible()
    page.get_by_label("Entity", exact=True).check()
    expect(page.get_by_label("Name of the entity")).to_be_visible()
    expect(page.get_by_label("First name")).to_be_hidden()
    expect(page.get_by_label("Constitution")).to_be_visible()
    page.get_by_label("Person", exact=True).check()
    expect(page.get_by_label("First name")).to_be_visible()
    expect(page.get_by_label("Name of the entity")).to_be_hidden()
    expect(page.get_by_label("Activation date")).to_be_hidden()

    page.get_by_label("First name").fill("Wanjiku")
    page.get_by_label("Mobile number").fill("+254 722 555 010")
    page.get_by_label("Date of birth").fill("1988-02-29")
    page.get_by_label("Gender").select_option(label="Female")
    page.get_by_label("Marital status").select_option(label="Married")
    page.get_by_label("Monthly income").fill("18500")
    page.get_by_label("Office", exact=True).select_option(label="\u2003Kisumu Branch")
    # Choosing the office narrows the officers to those who may serve it.
    officer_select = page.get_by_label("Loan officer")
    expect(officer_select.locator("option", has_text="Rehema Akinyi")).to_have_count(0)
    officer_select.select_option(label="Ochieng, Daudi — Kisumu Branch")
    page.get_by_role("button", name="Create client").click()

    # Refused (no last name): the error is beside the field and nothing typed is lost.
    expect(page.locator("#id_lastname_error")).to_contain_text("required")
    expect(page.get_by_label("Last name")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("First name")).to_have_value("Wanjiku")
    expect(page.get_by_label("Mobile number")).to_have_value("+254 722 555 010")
    expect(page.get_by_label("Date of birth")).to_have_value("1988-02-29")
    screenshot(page, "client-form-error")

    page.get_by_label("Last name").fill("Kamau")
    page.get_by_role("button", name="Create client").click()

    expect(page.get_by_role("heading", name="Wanjiku Kamau")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Client “Wanjiku Kamau” created.")
    expect(status_of(page)).to_have_text("Pending")
    expect(page.locator(".client-facts")).to_contain_text("Kisumu Branch")
    expect(page.locator(".client-facts")).to_contain_text("Ochieng, Daudi")
    client = Client.objects.get(lastname="Kamau")
    assert client.office == offices["kisumu"]
    assert client.staff == people["kisumu_officer"]
    assert client.date_of_birth == datetime.date(1988, 2, 29)

    # Activate, by keyboard: the button is a link, the form submits with Enter.
    page.get_by_role("link", name="Activate").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Activate")).to_be_visible()
    expect(page.get_by_label("Activation date")).to_have_value(clock.today().isoformat())
    page.get_by_label("Activation date").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Client activated.")
    expect(status_of(page)).to_have_text("Active")
    expect(page.get_by_role("link", name="Activate")).to_have_count(0)
    expect(page.locator("ol.timeline")).to_contain_text("Activated")
    screenshot(page, "client-page")

    # Propose a transfer to the other branch.
    page.get_by_role("link", name="Propose transfer").click()
    destination = page.get_by_label("Destination office")
    expect(destination.locator("option", has_text="Kisumu Branch")).to_have_count(0)
    destination.select_option(label="\u2003Siaya Branch")
    page.get_by_label("Note").fill("Moved to her sister's farm")
    screenshot(page, "client-action-form")
    page.get_by_role("button", name="Propose transfer").click()
    expect(page.get_by_role("status")).to_contain_text("Transfer proposed")
    expect(status_of(page)).to_have_text("Transfer in progress")
    expect(page.locator(".client-facts")).to_contain_text("Kisumu Branch → Siaya Branch")
    # This user may not accept transfers: no button, and the page itself is refused.
    expect(page.get_by_role("link", name="Accept transfer")).to_have_count(0)
    assert page.goto(f"/clients/{client.pk}/accepttransfer/").status == 403

    # The head office's administrator accepts it, giving an officer of the new branch.
    page.get_by_role("button", name="Log out").click()
    log_in(page, "admin")
    page.goto("/clients/")
    page.get_by_label("Status").select_option(label="Transfer in progress")
    page.get_by_role("link", name="Wanjiku Kamau").click()
    page.get_by_role("link", name="Accept transfer").click()
    expect(page.get_by_text("From Kisumu Branch to Siaya Branch.")).to_be_visible()
    page.get_by_label("Loan officer in the new office").select_option(
        label="Akinyi, Rehema — Siaya Branch"
    )
    page.get_by_role("button", name="Accept transfer").click()
    expect(page.get_by_role("status")).to_contain_text("Transfer accepted")
    expect(status_of(page)).to_have_text("Active")
    facts = page.locator(".client-facts")
    expect(facts).to_contain_text("Siaya Branch")
    expect(facts).to_contain_text("Akinyi, Rehema")

    page.get_by_role("link", name="Transfers").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Proposed")
    expect(rows.nth(0)).to_contain_text("Moved to her sister's farm")
    expect(rows.nth(1)).to_contain_text("Accepted")
    page.get_by_role("link", name="Loan officers").click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    expect(page.locator("table tbody tr").nth(1)).to_contain_text("Current")

    # Close it, with a reason; a date in the future is refused beside the field first.
    page.get_by_role("link", name="Close").click()
    tomorrow = clock.today() + datetime.timedelta(days=1)
    page.get_by_label("Closure date").fill(tomorrow.isoformat())
    page.get_by_label("Reason").select_option(label="Moved out of area")
    page.get_by_role("button", name="Close").click()
    expect(page.locator("#id_closure_date_error")).to_contain_text("future")
    expect(page.get_by_label("Reason").locator("option:checked")).to_have_text("Moved out of area")
    page.get_by_label("Closure date").fill(clock.today().isoformat())
    page.get_by_role("button", name="Close").click()
    expect(page.get_by_role("status")).to_contain_text("Client closed.")
    expect(status_of(page)).to_have_text("Closed")
    expect(page.locator("ol.timeline")).to_contain_text("Closed")
    expect(page.locator("ol.timeline")).to_contain_text("Moved out of area")
    expect(page.get_by_role("link", name="Reactivate")).to_be_visible()
    expect(page.get_by_role("link", name="Close", exact=True)).to_have_count(0)

    page.get_by_role("link", name="History").click()
    history = page.locator("#results table")
    for action in ("Created", "Activated", "Transfer proposed", "Transfer accepted", "Closed"):
        expect(history).to_contain_text(action)
    expect(history).to_contain_text("Test Nyanza")  # the users by name
    expect(history).to_contain_text("Test Admin")
    screenshot(page, "client-history")

    client.refresh_from_db()
    assert client.status == ClientStatus.CLOSED
    assert client.office == offices["siaya"]
    # Chromium logs the 403 asked for above; nothing else may go wrong.
    refused = f"status of 403 (Forbidden) ({live_server.url}/clients/{client.pk}/accepttransfer/)"
    assert [problem for problem in page.problems if refused not in problem] == []


def test_create_an_entity_and_reject_it(page, offices, people, log_in, screenshot):
    log_in(page, "admin")
    page.goto("/clients/new/")
    page.get_by_label("Entity", exact=True).check()
    page.get_by_label("Name of the entity").fill("Umoja Traders Cooperative")
    page.get_by_label("Constitution").select_option(label="Cooperative")
    page.get_by_label("Main business line").select_option(label="Retail trade")
    page.get_by_label("Incorporation number").fill("CPR/2019/123")
    page.get_by_label("Office", exact=True).select_option(label="\u2003\u2003Siaya Branch")
    screenshot(page, "client-form-entity")
    page.get_by_role("button", name="Create client").click()

    expect(page.get_by_role("heading", name="Umoja Traders Cooperative")).to_be_visible()
    expect(page.locator(".overview")).to_contain_text("CPR/2019/123")
    expect(page.locator(".overview")).to_contain_text("Cooperative")

    page.get_by_role("link", name="Reject").click()
    page.get_by_label("Reason").select_option(label="Failed KYC check")
    page.get_by_role("button", name="Reject").click()
    expect(status_of(page)).to_have_text("Rejected")
    expect(page.get_by_role("link", name="Undo rejection")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/clients/\d+/$"))
    assert page.problems == []


def test_an_officer_picked_before_the_officer_list_arrives_is_kept(
    page, live_server, offices, people, log_in, make_staff
):
    """The office change asks for its officers; a user who picks one before the answer lands
    (a regional officer, offered for the region and for the branches below it) must not lose
    the choice when the list is replaced."""
    regional = make_staff(
        office=offices["region"], firstname="Wafula", lastname="Barasa", is_loan_officer=True
    )
    held = []
    page.route("**/clients/loan-officers/**", lambda route: held.append(route))
    log_in(page, "nyanza")
    page.goto("/clients/new/")
    officer_select = page.get_by_label("Loan officer")
    page.get_by_label("Office", exact=True).select_option(label="\u2003Kisumu Branch")
    while not held:  # the request for Kisumu's officers is on its way, and held
        page.wait_for_timeout(50)
    officer_select.select_option(label="Barasa, Wafula — Nyanza Region")
    with page.expect_response(lambda response: "/clients/loan-officers/" in response.url):
        held[0].continue_()
    # Wait until HTMX has swapped the reply in and settled.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    options = officer_select.locator("option").all_inner_texts()
    # The reply replaced them: Kisumu's officers and those of the offices above it.
    assert options == ["None", "Barasa, Wafula — Nyanza Region", "Ochieng, Daudi — Kisumu Branch"]
    expect(officer_select).to_have_value(str(regional.pk))
