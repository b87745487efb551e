"""Issue 16, items 5, 7 and 8 in real Chromium: the officers offered follow the office chosen,
a refused form's error summary takes the focus and leads to each field, the audit log reads
as sentences with names, seeded code values and permission labels in French and Spanish."""

import pytest
from playwright.sync_api import expect

from mteja.core import audit
from mteja.organisation.models import CodeValue
from mteja.users.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def offices(make_office):
    return {"kibera": make_office(name="Kibera"), "mombasa": make_office(name="Mombasa")}


@pytest.fixture
def people(make_user, make_staff, offices):
    return {
        "admin": make_user(("ALL_FUNCTIONS",), username="admin"),
        "kibera_officer": make_staff(
            office=offices["kibera"], firstname="Daudi", lastname="Ochieng", is_loan_officer=True
        ),
        "mombasa_officer": make_staff(
            office=offices["mombasa"], firstname="Halima", lastname="Said", is_loan_officer=True
        ),
    }


def officer_options(page) -> list[str]:
    return page.get_by_label("Loan officer").locator("option").all_inner_texts()


def settled(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def test_the_officers_follow_the_office_and_a_wrong_pick_is_named(
    page, live_server, people, log_in, screenshot
):
    log_in(page, "admin")
    page.goto("/clients/new/")
    assert officer_options(page) == ["None"]  # the head office has no loan officer
    with page.expect_response(lambda response: "/clients/loan-officers/" in response.url):
        page.get_by_label("Office", exact=True).select_option(label="\u2003Kibera")
    settled(page)
    assert officer_options(page) == ["None", "Ochieng, Daudi — Kibera"]
    with page.expect_response(lambda response: "/clients/loan-officers/" in response.url):
        page.get_by_label("Office", exact=True).select_option(label="\u2003Mombasa")
    settled(page)
    assert officer_options(page) == ["None", "Said, Halima — Mombasa"]
    assert page.problems == []


def test_a_refused_form_puts_the_focus_on_its_error_summary(page, live_server, people, log_in,
                                                            screenshot):  # fmt: skip
    log_in(page, "admin")
    page.goto("/clients/new/")
    page.get_by_label("Number of dependents").fill("-3")
    page.get_by_role("button", name="Create client").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("First name")
    expect(summary).to_contain_text("Number of dependents")
    screenshot(page, "client-form-error-summary")
    summary.get_by_role("link", name="First name").click()
    expect(page.get_by_label("First name")).to_be_focused()
    page.keyboard.type("Amani")
    expect(page.get_by_label("First name")).to_have_value("Amani")
    assert page.problems == []


def test_the_audit_log_reads_with_labels_and_names(page, live_server, people, offices, log_in,
                                                   make_client, screenshot):  # fmt: skip
    client = make_client(office=offices["mombasa"], firstname="Achieng", lastname="Otieno")
    female = CodeValue.objects.get(code__name="Gender", name="Female")
    audit.record(
        actor=people["admin"], action="UPDATE", entity="CLIENT", resource_id=client.pk,
        office=offices["mombasa"], client_id=client.pk,
        changes={"office_id": [offices["kibera"].pk, offices["mombasa"].pk],
                 "gender_id": [None, female.pk]},
    )  # fmt: skip
    log_in(page, "admin")
    page.goto("/audit/")
    page.get_by_label("Action").fill("Edited")
    page.get_by_role("button", name="Filter").click()
    row = page.locator("#results tbody tr").first
    expect(row).to_contain_text("Office")
    expect(row).to_contain_text("Kibera → Mombasa")
    expect(row).to_contain_text("Gender")
    expect(row).to_contain_text("Female")
    expect(row.get_by_role("link", name="Otieno")).to_have_attribute(
        "href", f"/clients/{client.pk}/"
    )
    page.locator("#id_made_from").fill("2026-05-10")
    page.locator("#id_made_to").fill("2026-05-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#results [role=alert]")).to_contain_text(
        "The end date is before the start date"
    )
    screenshot(page, "audit-log-readable")
    assert page.problems == []


def choose_language(page, code: str) -> None:
    page.locator("#language-choice").select_option(value=code)
    page.locator("footer").get_by_role("button").click()
    page.wait_for_load_state()


def test_seeded_values_and_permissions_in_french_and_spanish(page, live_server, people, log_in,
                                                             screenshot):  # fmt: skip
    log_in(page, "admin")
    page.goto("/clients/new/")
    choose_language(page, "fr")
    genders = page.locator("#id_gender").locator("option").all_inner_texts()
    assert genders[1:4] == ["Femme", "Homme", "Autre"]
    role = Role.objects.get(name="Branch manager")
    page.goto(f"/roles/{role.pk}/")
    expect(page.get_by_role("group", name="Portefeuille")).to_contain_text("Client : Activer")
    screenshot(page, "role-permissions-fr")
    choose_language(page, "es")
    page.goto("/clients/new/")
    genders = page.locator("#id_gender").locator("option").all_inner_texts()
    assert genders[1:3] == ["Mujer", "Hombre"]
    assert page.problems == []
