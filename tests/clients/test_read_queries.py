"""Reads of clients run a small fixed number of queries, whatever the clients refer to and
however many rows a page holds (issue 8, item 4): the related offices, staff, users and code
values come by one IN query per target model (core/related.py), never by joins or per row.

What a request costs before the view: the stamps of what each worker keeps (core/stamps.py),
all in one query; its user, the user's office and permission codes come from what the worker
keeps. A session call also reads its session; an HTTP Basic call whose credentials are
remembered asks django-axes whether the name is locked out only when it has failed logins on
record (kept by the worker too)."""

import pytest
from django.test import Client as BrowserClient
from rest_framework.test import APIClient
from tests.clients.conftest import BASE

from mteja.clients.models import Client

# Before the view: the stamps, and the session of a session call.
AUTH = {"session": 2, "basic": 1}
CODE_FIELDS = ("gender", "client_type", "client_classification", "marital_status",
               "profession", "education_level")  # fmt: skip


@pytest.fixture
def session_api(admin_user):
    api = APIClient()
    api.force_login(admin_user)
    return api


@pytest.fixture
def basic_api(api):
    assert api.get(f"{BASE}/offices").status_code == 200  # verified once, then remembered
    return api


@pytest.fixture(params=["session", "basic"])
def caller(request):
    api = request.getfixturevalue(f"{request.param}_api")
    api.auth_queries = AUTH[request.param]
    return api


@pytest.fixture
def person(make_client, make_officer, branch_a, admin_user, code_value):
    """A client referring to everything a client can: office, a pending transfer, an
    officer, every code list, the users who took each step."""
    client = make_client(
        actor=admin_user,
        active=True,
        staff_id=make_officer(branch_a.parent).pk,
        **{
            f"{name}_id": code_value(Client._meta.get_field(name).code_name) for name in CODE_FIELDS
        },
    )
    Client.objects.filter(pk=client.pk).update(transfer_to_office=branch_a)
    return client


@pytest.fixture
def entity(make_client, admin_user, code_value):
    return make_client(
        actor=admin_user,
        legal_form=2,
        firstname=None,
        lastname=None,
        fullname="Tumaini Traders",
        gender_id=None,
        non_person={
            "constitution_id": code_value("Constitution", 1),
            "main_business_line_id": code_value("Main Business Line"),
        },
    )


# The client (the offices, staff, code values and users it names are this worker's: an
# entity's constitution and business line among them, its details joined;
# core/reference_cache.py), then the family members counted for numberOfDependents. A worker
# that has not yet read them (or whose stamp changed) reads them too: one query per model.
# And the groups the client is in now (groups/selectors.client_groups), one query.
DETAIL = 3


@pytest.mark.parametrize("query", ["", "?template=true"])
def test_a_person_is_read_with_a_fixed_number_of_queries(
    caller, person, query, django_assert_num_queries
):
    caller.get(f"{BASE}/clients/{person.pk}{query}")
    with django_assert_num_queries(caller.auth_queries + DETAIL):
        response = caller.get(f"{BASE}/clients/{person.pk}{query}")
    body = response.json()
    assert body["staffName"] and body["transferToOfficeName"] and body["gender"]["name"]
    assert body["timeline"]["activatedByUsername"] == "root"


@pytest.mark.parametrize("query", ["", "?template=true"])
def test_an_entity_is_read_with_a_fixed_number_of_queries(
    caller, entity, query, django_assert_num_queries
):
    caller.get(f"{BASE}/clients/{entity.pk}{query}")
    with django_assert_num_queries(caller.auth_queries + DETAIL):
        response = caller.get(f"{BASE}/clients/{entity.pk}{query}")
    details = response.json()["clientNonPersonDetails"]
    assert details["constitution"]["name"] and details["mainBusinessLine"]["name"]


def test_the_first_page_costs_the_same_for_one_client_or_many(
    caller, person, make_client, make_officer, branch_a, code_value, django_assert_num_queries
):
    # A count and the page; the offices, staff and code values are this worker's (read once,
    # and again after any change: as many queries for 1 row as for 31).
    caller.get(f"{BASE}/clients")
    with django_assert_num_queries(caller.auth_queries + 2):
        assert len(caller.get(f"{BASE}/clients").json()["pageItems"]) == 1
    for number in range(30):
        make_client(
            office=branch_a,
            staff_id=make_officer(branch_a).pk,
            gender_id=code_value("Gender", number % 2),
            client_type_id=code_value("ClientType"),
        )
    # the new officers: offices, staff and code values read again (the user's office first)
    with django_assert_num_queries(caller.auth_queries + 6):
        caller.get(f"{BASE}/clients")
    with django_assert_num_queries(caller.auth_queries + 2):
        items = caller.get(f"{BASE}/clients").json()["pageItems"]
    assert len(items) == 31 and all(item["officeName"] for item in items)


def test_web_list_and_client_page_do_not_read_per_row(
    admin_user, person, entity, make_client, code_value, django_assert_max_num_queries
):
    browser = BrowserClient()
    browser.force_login(admin_user)
    for number in range(25):
        make_client(gender_id=code_value("Gender", number % 2), staff_id=person.staff_id)
    # With the stamp and what a worker keeps of its user (permission codes, whether it needs
    # a second factor), as a worker first reads them; the list's filters read the offices,
    # loan officers and groups they offer once each.
    with django_assert_max_num_queries(13):
        assert browser.get("/clients/").status_code == 200
    for client in (person, entity):
        browser.get(f"/clients/{client.pk}/")
        with django_assert_max_num_queries(12):
            assert browser.get(f"/clients/{client.pk}/").status_code == 200
