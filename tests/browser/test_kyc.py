"""A client's KYC profile in real Chromium: the indicator on the client's page, an identity
document refused because it belongs to another client (with a link to that client) and then
added, a family member and an address added through their tabs, the duplicate warning of the
client form before saving, and the administrator's settings pages."""

import re

import pytest
from playwright.sync_api import expect

from mteja.clients import services
from mteja.clients.kyc import identifiers
from mteja.clients.models import (
    ClientAddress,
    ClientFamilyMember,
    ClientIdentifier,
    CustomRow,
    IdentifierFormat,
)
from mteja.organisation.models import CodeValue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(make_user, make_office):
    branch = make_office(name="Kisumu Branch")
    national_id = CodeValue.objects.get(code__name="Customer Identifier", name="National ID")
    IdentifierFormat.objects.filter(document_type=national_id).update(required_for_activation=True)
    holder = services.client_create(
        actor=None,
        office=branch,
        fields={"firstname": "Achieng", "lastname": "Holder", "mobile_no": "+254 711 000 001"},
    ).client
    identifiers.identifier_create(
        actor=None,
        client=holder,
        data=identifiers.IdentifierInput(document_type_id=national_id.pk, document_key="AB12345"),
    )
    client = services.client_create(
        actor=None,
        office=branch,
        fields={"firstname": "Wanjiku", "lastname": "Kamau", "number_of_dependents": 4},
    ).client
    return {
        "admin": make_user(("ALL_FUNCTIONS",), username="admin"),
        "holder": holder,
        "client": client,
    }


def test_kyc_tabs_in_the_browser(page, people, log_in, screenshot):
    client, holder = people["client"], people["holder"]
    log_in(page, "admin")
    page.goto(f"/clients/{client.pk}/")

    # The indicator: the National ID is required before activation and missing.
    expect(page.locator(".client-facts")).to_contain_text("KYC: 1 item missing")
    panel = page.get_by_role("region", name="KYC profile incomplete")
    expect(panel).to_contain_text("No active National ID recorded")
    expect(page.locator(".overview")).to_contain_text("as entered; no family members recorded")
    screenshot(page, "kyc-overview-incomplete")

    # Its link opens the form with the type chosen; a number of another client is refused
    # beside the field, with a link to that client.
    panel.get_by_role("link", name="add the National ID").click()
    expect(page.get_by_label("Document type")).to_have_value(
        str(CodeValue.objects.get(code__name="Customer Identifier", name="National ID").pk)
    )
    page.get_by_label("Document number").fill("ab-123 45")
    page.get_by_role("button", name="Add document").click()
    expect(page.locator("#id_document_key_error")).to_contain_text(holder.account_no)
    owner_link = page.locator("#id_document_key_owner").get_by_role("link")
    expect(owner_link).to_have_text(f"Achieng Holder ({holder.account_no})")
    expect(owner_link).to_have_attribute("href", f"/clients/{holder.pk}/")
    expect(page.get_by_label("Document number")).to_have_value("ab-123 45")
    screenshot(page, "kyc-identifier-duplicate")

    # A number of the wrong format: the rule's message beside the field.
    page.get_by_label("Document number").fill("A1")
    page.get_by_role("button", name="Add document").click()
    expect(page.locator("#id_document_key_error")).to_have_text(
        "A national ID number has 5 to 20 letters and digits."
    )

    page.get_by_label("Document number").fill("CD 67890")
    page.get_by_label("Issue date").fill("2019-04-01")
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_role("status")).to_contain_text("National ID CD 67890 added.")
    expect(page).to_have_url(re.compile(rf"/clients/{client.pk}/identifiers/$"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("CD 67890")
    expect(rows.first).to_contain_text("Active")
    expect(page.locator(".client-facts")).to_contain_text("KYC complete")
    screenshot(page, "kyc-identifiers-tab")

    # A family member.
    page.get_by_role("link", name="Family").click()
    expect(
        page.get_by_text("4 economic dependents, as entered on the client record.")
    ).to_be_visible()
    page.get_by_role("link", name="Add family member").click()
    page.get_by_label("First name").fill("Zawadi")
    page.get_by_label("Last name").fill("Kamau")
    page.get_by_label("Relationship").select_option(label="Daughter")
    page.get_by_label("Gender").select_option(label="Female")
    page.get_by_label("Date of birth").fill("2014-09-12")
    page.get_by_label("Economically dependent on the client").check()
    screenshot(page, "kyc-family-form")
    page.get_by_role("button", name="Add family member").click()
    expect(page.get_by_role("status")).to_contain_text("Family member “Zawadi Kamau” added.")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr").first).to_contain_text("Daughter")
    expect(
        page.get_by_text("1 economic dependent, counted from the family members marked dependent.")
    ).to_be_visible()
    screenshot(page, "kyc-family-tab")

    # An address.
    page.get_by_role("link", name="Addresses").click()
    page.get_by_role("link", name="Add address").click()
    page.get_by_label("Address type").select_option(label="Residential")
    page.get_by_label("Street").fill("Oginga Odinga Road 12")
    page.get_by_label("Town or village").fill("Kondele")
    page.get_by_label("City").fill("Kisumu")
    page.get_by_label("Country").select_option(label="Kenya")
    page.get_by_label("Postal code").fill("40100")
    page.get_by_role("button", name="Add address").click()
    expect(page.get_by_role("status")).to_contain_text("Residential address added.")
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("Oginga Odinga Road 12")
    expect(row).to_contain_text("Kenya")
    screenshot(page, "kyc-addresses-tab")

    page.get_by_role("link", name="Overview").click()
    expect(page.locator(".overview")).to_contain_text("family members marked dependent")
    page.get_by_role("link", name="History").click()
    history = page.locator("#results table")
    for action in ("Identity document added", "Family member added", "Address added"):
        expect(history).to_contain_text(action)
    expect(history).to_contain_text("Document number")

    assert ClientIdentifier.objects.filter(client=client).count() == 1
    assert ClientFamilyMember.objects.filter(client=client, is_dependent=True).count() == 1
    assert ClientAddress.objects.get(client=client).city == "Kisumu"
    assert page.problems == []


def test_duplicate_warning_before_saving(page, people, log_in, screenshot):
    holder = people["holder"]
    log_in(page, "admin")
    page.goto("/clients/new/")
    page.get_by_label("First name").fill("Neema")
    page.get_by_label("Last name").fill("Otieno")
    page.get_by_label("Mobile number").fill("+254 711 000 001")

    hint = page.locator("#duplicates-mobile")
    expect(hint).to_contain_text("Possible duplicate")
    expect(hint.get_by_role("link")).to_have_text(f"Achieng Holder (account {holder.account_no})")
    screenshot(page, "kyc-duplicate-warning")

    page.get_by_label("Mobile number").fill("+254 722 999 999")
    expect(hint).to_be_empty()
    assert page.problems == []


def test_settings_pages_in_the_browser(page, people, log_in, screenshot):
    client = people["client"]
    log_in(page, "admin")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    screenshot(page, "kyc-settings")

    # Identifier formats: the passport's rule gets a check digit.
    page.get_by_role("link", name="Identity document formats").click()
    screenshot(page, "kyc-settings-identifier-formats")
    page.get_by_role("link", name="Edit the format of Passport").click()
    page.get_by_label("Check digit").select_option(label="ISO 7064 mod 97-10")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The format of Passport is saved.")
    expect(page.locator("table")).to_contain_text("ISO 7064 mod 97-10")

    # Client rules: a required field, and a bad format refused beside its field.
    page.get_by_role("link", name="Settings").first.click()
    page.get_by_role("link", name="Client rules").click()
    persons = page.get_by_role("group", name="Required for persons")
    persons.get_by_label("Email", exact=True).check()
    page.get_by_label("Mobile number format (regular expression)").fill("(unclosed")
    page.get_by_role("button", name="Save rules").click()
    expect(page.locator("#id_mobile_pattern_error")).to_contain_text("regular expression")
    page.get_by_label("Mobile number format (regular expression)").fill(r"^\+?[0-9 ]+$")
    screenshot(page, "kyc-settings-client-rules")
    page.get_by_role("button", name="Save rules").click()
    expect(page.get_by_role("status")).to_contain_text("The client rules are saved.")

    # Address fields.
    page.goto("/settings/address-fields/")
    page.get_by_label("Postal code: mandatory").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The address fields are saved.")
    expect(page.get_by_label("Postal code: mandatory")).to_be_checked()
    screenshot(page, "kyc-settings-address-fields")

    # Custom fields: define a table, then fill it in on the client's page.
    page.goto("/settings/custom-fields/")
    page.get_by_role("link", name="Define a table").click()
    page.get_by_label("Table name").fill("household_survey")
    page.get_by_label("Title").fill("Household survey")
    page.get_by_label("Field name").fill("rooms")
    page.get_by_label(re.compile(r"^Label")).fill("Rooms")
    page.get_by_label("Type").select_option(label="Whole number")
    page.get_by_label("Required").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Table defined")
    page.get_by_role("link", name="Add a field").click()
    page.get_by_label("Field name").fill("roof")
    page.get_by_label(re.compile(r"^Label")).fill("Roof material")
    page.get_by_label("Type").select_option(label="Text")
    page.get_by_label("Maximum length").fill("30")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("table")).to_contain_text("Roof material")
    screenshot(page, "kyc-settings-custom-fields")

    page.goto(f"/clients/{client.pk}/")
    panel = page.get_by_role("region", name="KYC profile incomplete")
    expect(panel).to_contain_text("Rooms")
    page.get_by_role("link", name="More details").click()
    page.get_by_role("link", name="Edit Household survey").click()
    page.get_by_label("Rooms").fill("3")
    page.get_by_label("Roof material").fill("Iron sheets")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Household survey saved.")
    expect(page.locator("dl.details")).to_contain_text("Iron sheets")
    screenshot(page, "kyc-custom-fields-tab")
    assert CustomRow.objects.get(client=client).values == {"rooms": 3, "roof": "Iron sheets"}
    assert page.problems == []
