import datetime
import re

import pytest
from playwright.sync_api import expect

from mteja.organisation.models import Office, Staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_create_an_office_from_the_office_tree(page, admin, make_office, log_in, screenshot):
    region = make_office(name="Nairobi Region")
    log_in(page, "admin")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Offices").click()
    expect(page.get_by_role("heading", name="Offices")).to_be_visible()
    screenshot(page, "office-tree")

    page.get_by_role("link", name="New office").click()
    page.get_by_label("Name").fill("Kibera Branch")
    page.get_by_label("Parent office").select_option(str(region.pk))
    page.get_by_label("Opening date").fill("2031-01-01")  # in the future: refused
    page.get_by_role("button", name="Create office").click()
    opening_date_error = page.locator("#id_opening_date_error")
    expect(opening_date_error).to_contain_text("cannot open in the future")
    expect(page.get_by_label("Opening date")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Name")).to_have_value("Kibera Branch")
    screenshot(page, "office-form-error")

    page.get_by_label("Opening date").fill("2020-03-02")
    page.get_by_role("button", name="Create office").click()
    expect(page).to_have_url(re.compile(r"/offices/$"))
    expect(page.get_by_role("status")).to_contain_text("Office “Kibera Branch” created.")
    expect(page.get_by_role("rowheader", name="Kibera Branch")).to_be_visible()

    office = Office.objects.get(name="Kibera Branch")
    assert office.parent.name == "Nairobi Region"
    assert office.opening_date == datetime.date(2020, 3, 2)
    assert page.problems == []


def test_create_a_staff_member(page, admin, make_office, log_in, screenshot):
    mombasa = make_office(name="Mombasa")
    log_in(page, "admin")
    page.goto("/staff/")
    page.get_by_role("link", name="New staff member").click()
    page.get_by_label("First name").fill("Wanjiru")
    page.get_by_label("Office", exact=True).select_option(str(mombasa.pk))
    page.get_by_role("button", name="Create staff member").click()
    expect(page.locator("#id_lastname_error")).to_contain_text("required")
    expect(page.get_by_label("First name")).to_have_value("Wanjiru")

    page.get_by_label("Last name").fill("Otieno")
    page.get_by_label("Mobile number").fill("+254 700 000 001")
    page.get_by_label("Loan officer").check()
    page.get_by_label("Joining date").fill("2021-06-15")
    page.get_by_role("button", name="Create staff member").click()

    expect(page.get_by_role("heading", name="Otieno, Wanjiru")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("created")
    screenshot(page, "staff-detail")
    staff = Staff.objects.get(lastname="Otieno")
    assert staff.office.name == "Mombasa"
    assert staff.is_loan_officer

    page.get_by_role("link", name="Staff", exact=True).first.click()
    expect(page.get_by_role("link", name="Otieno, Wanjiru")).to_be_visible()
    screenshot(page, "staff-list")
    assert page.problems == []


def test_a_branch_user_cannot_see_another_branchs_staff(
    page, make_user, make_office, make_staff, log_in
):
    east = make_office(name="East Branch")
    west = make_office(name="West Branch")
    make_staff(office=east, firstname="Eve", lastname="Easterly")
    westerner = make_staff(office=west, firstname="Wes", lastname="Westerly")
    make_user(("READ_STAFF", "READ_OFFICE"), office=east, username="eastie")

    log_in(page, "eastie")
    page.goto("/staff/")
    expect(page.get_by_role("link", name="Easterly, Eve")).to_be_visible()
    expect(page.get_by_text("Westerly")).to_have_count(0)
    office_filter = page.get_by_label("Office", exact=True)
    expect(office_filter.locator("option", has_text="West Branch")).to_have_count(0)

    response = page.goto(f"/staff/{westerner.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_text("Westerly")).to_have_count(0)

    # Nor is the office tree above the user's own branch shown.
    page.goto("/offices/")
    expect(page.get_by_role("rowheader", name="East Branch")).to_be_visible()
    expect(page.get_by_role("rowheader", name="West Branch")).to_have_count(0)
    expect(page.get_by_role("rowheader", name="Head Office")).to_have_count(0)
