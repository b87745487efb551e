"""Forms that guide (issue 16, item 5): the loan officers offered follow the office chosen,
a refused form lists its errors at the top, linked to the fields, messages name people and
offices (never ids or backticks), and every problem of a form comes back at once."""

import re

import pytest
from django.utils import translation
from tests.web.test_clients_pages import html, person_form

from mteja.clients import validation
from mteja.clients.models import Client
from mteja.core.errors import Problems
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(make_staff, kibera, mombasa):
    return {
        "kibera": make_staff(office=kibera, firstname="Daudi", lastname="Ochieng",
                             is_loan_officer=True),
        "mombasa": make_staff(office=mombasa, firstname="Halima", lastname="Said",
                              is_loan_officer=True),
    }  # fmt: skip


@pytest.fixture
def web(client, make_user):
    client.force_login(make_user(("ALL_FUNCTIONS",), username="root"))
    return client


def offered_officers(page: str) -> list[str]:
    select = re.search(r'<select name="staff".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_new_client_form_offers_the_officers_of_the_office_shown(web, officers, kibera):
    page = html(web.get("/clients/new/", {"office": kibera.pk}))
    assert offered_officers(page) == ["None", "Ochieng, Daudi — Kibera"]


def test_a_refused_form_offers_the_officers_of_the_office_posted(web, officers, mombasa):
    response = web.post("/clients/new/", person_form(mombasa, firstname=""))
    assert response.status_code == 200
    assert offered_officers(html(response)) == ["None", "Said, Halima — Mombasa"]


def test_an_officer_of_another_office_is_refused_by_name(web, officers, kibera):
    response = web.post("/clients/new/", person_form(kibera, staff=officers["mombasa"].pk))
    assert not Client.objects.exists()
    assert response.context["form"].errors["staff"] == [
        "Said, Halima works at Mombasa: choose a loan officer of Kibera or of an office above it."
    ]


def test_the_error_summary_links_each_refused_field(web, kibera):
    response = web.post(
        "/clients/new/", person_form(kibera, firstname="", email_address="not-an-address")
    )
    page = html(response)
    summary = re.search(r'<div class="form-errors error-summary".*?</div>', page, re.S).group(0)
    assert "data-error-summary" in summary and 'tabindex="-1"' in summary
    assert '<a href="#id_email_address">Email</a>' in summary
    assert '<a href="#id_firstname">First name</a>' in summary
    assert 'id="id_email_address"' in page and 'id="id_firstname"' in page


def test_every_problem_of_the_form_comes_back_at_once(web, officers, kibera):
    """A number the form refuses, and the missing first name and the officer of another office
    that only the service checks: all three after one submit."""
    data = person_form(
        kibera, firstname="", number_of_dependents="many", staff=officers["mombasa"].pk
    )
    response = web.post("/clients/new/", data)
    errors = response.context["form"].errors
    assert set(errors) == {"number_of_dependents", "firstname", "staff"}
    assert not Client.objects.exists()


def test_a_value_of_another_list_is_refused_naming_the_list(kibera):
    """The API and the pages share the service's message: the list as people know it, and the
    API's body keeps Fineract's code."""
    married = CodeValue.objects.get(code__name="MARITAL STATUS", name="Married")
    problems = Problems("client")
    validation.resolve_code_values({"gender": ("Gender", "genderId", married.pk)}, problems)
    [error] = problems.errors
    assert error.code == "error.msg.codevalue.codename.id.combination.invalid"
    assert error.message == "This is not an active value of the list “Gender”."
    with translation.override("fr"):
        problems = Problems("client")
        validation.resolve_code_values({"status": ("MARITAL STATUS", "x", 10**6)}, problems)
        assert problems.errors[0].message == (
            "Ce n’est pas une valeur active de la liste « Situation matrimoniale »."
        )


def test_an_officer_elsewhere_is_named_with_both_offices(officers, kibera):
    message = validation.officer_elsewhere(officers["mombasa"], kibera)
    assert message == (
        "Said, Halima works at Mombasa: choose a loan officer of Kibera or of an office above it."
    )
    with translation.override("es"):
        assert validation.officer_elsewhere(None, kibera) == "Este oficial de crédito no existe."
