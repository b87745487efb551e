"""What a client write costs in queries (issue 8: a typical create in at most 8 besides
authentication). The user is authenticated beforehand (force_authenticate, its office and
permissions loaded), so the counts are the write's own; the two statements of the
transaction (here a savepoint and its release) are counted too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from mteja.clients.models import ClientPolicy, SearchTerm
from mteja.clients.search import vocabulary
from mteja.clients.search.text import name_key
from mteja.clients.services.activation import activation_rules
from mteja.users.models import AppUser

from .conftest import ACTIVATED, BASE, TODAY, iso

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients"
TRANSACTION = 2  # BEGIN/COMMIT, or SAVEPOINT/RELEASE inside the test's transaction

TYPICAL = {
    "firstname": "Achieng", "lastname": "Otieno", "mobileNo": "0712 345 678",
    "dateOfBirth": "12 March 1990", "externalId": "ext-typical", "active": True,
    "activationDate": "01 June 2024", "legalFormId": 1, "dateFormat": "dd MMMM yyyy",
    "locale": "en",
}  # fmt: skip


@pytest.fixture
def authenticated(admin_user):
    user = AppUser.objects.select_related("office").get(pk=admin_user.pk)
    user.permission_codes  # noqa: B018 (loaded now, as authentication does)
    api = APIClient()
    api.force_authenticate(user)
    return api


def _create(api, body, queries):
    with queries:
        response = api.post(URL, body, "json")
    assert response.status_code == 200, response.json()
    return response.json()["clientId"]


@pytest.fixture
def warm_worker(db, django_capture_on_commit_callbacks):
    """A worker that has served a create before: it keeps the client rules (the policy,
    activation's document rules and mandatory custom fields; core/stamps.py) in memory, and
    has seen the words of common names stored in the search's vocabulary."""
    ClientPolicy.current()
    activation_rules()
    with django_capture_on_commit_callbacks(execute=True):
        vocabulary.learn(name_key("Achieng Otieno Baraka Mwangi Wanjiku"))


def test_a_typical_create_costs_6_queries(
    authenticated, head_office, make_client, warm_worker, django_assert_num_queries
):
    make_client(mobile_no="0700000001")  # not an empty table
    # the stamps (the client rules kept in memory), the office (read once, then kept by the
    # worker), the one duplicate look-up, the insert, the account number, the audit event.
    body = {"officeId": head_office.pk, **TYPICAL}
    _create(authenticated, body, django_assert_num_queries(6 + TRANSACTION))


def test_a_new_worker_reads_the_client_rules_once(
    authenticated, head_office, django_assert_num_queries
):
    body = {"officeId": head_office.pk, **TYPICAL}
    # The policy, the document rules and the mandatory custom fields besides the 6, and the
    # words of the name, new to this worker, stored in the search's vocabulary (one statement).
    _create(authenticated, body, django_assert_num_queries(10 + TRANSACTION))
    body = {**body, "firstname": "Akinyi", "externalId": "ext-2", "mobileNo": "0712 345 679"}
    # and no longer the office: the worker keeps it too (core/reference_cache.py)
    _create(authenticated, body, django_assert_num_queries(6 + TRANSACTION))


def test_the_words_of_a_name_are_stored_once_per_worker(
    authenticated, head_office, warm_worker, django_capture_on_commit_callbacks
):
    body = {
        "officeId": head_office.pk,
        "firstname": "Zuberi",
        "lastname": "Mwangi",
        "legalFormId": 1,
    }
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as first,
    ):
        _create(authenticated, body, first)
    body = {**body, "lastname": "Otieno"}
    with CaptureQueriesContext(connection) as second:
        _create(authenticated, body, second)
    stored = [q["sql"] for q in first.captured_queries if "clients_searchterm" in q["sql"]]
    # One statement for Zuberi's seven variants (PostgreSQL: the driver's executemany,
    # logged as "7 times: …"; SQLite: one INSERT of seven rows); Mwangi's words were known.
    assert len(stored) == 1
    sql = stored[0]
    rows = int(sql.split(" times: ")[0]) if " times: " in sql else sql.count("), (") + 1
    assert rows == len("zuberi") + 1
    assert not [q for q in second.captured_queries if "clients_searchterm" in q["sql"]]
    assert SearchTerm.objects.filter(term="zuberi").count() == len("zuberi") + 1


def test_a_minimal_create_costs_5_queries(
    authenticated, head_office, warm_worker, django_assert_num_queries
):
    # office, the token of the client rules, the insert, the account number, the audit
    # event: no duplicate rule applies to a client without mobile number or date of birth.
    body = {
        "officeId": head_office.pk,
        "firstname": "Baraka",
        "lastname": "Mwangi",
        "legalFormId": 1,
    }
    _create(authenticated, body, django_assert_num_queries(5 + TRANSACTION))


def test_a_create_that_fails_validation_writes_nothing(authenticated, head_office):
    body = {"officeId": head_office.pk, **TYPICAL, "dateOfBirth": "12 March 2020"}
    with CaptureQueriesContext(connection) as queries:
        response = authenticated.post(URL, body, "json")
    assert response.status_code == 400
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    # No transaction was opened: on SQLite, no write lock for a refused request.
    assert set(statements) == {"SELECT"}, statements


def test_an_update_of_the_mobile_number_costs_6_queries(
    authenticated, make_client, warm_worker, django_assert_num_queries
):
    client = make_client(mobile_no="0700000001")
    # the client in the user's scope (the view, one query), the lock (with the entity
    # details), the token of the client rules (the policy, kept in memory), the duplicate
    # look-up, the update, the audit event. The account number and external id are not
    # looked up: they did not change.
    with django_assert_num_queries(6 + TRANSACTION):
        response = authenticated.put(f"{URL}/{client.pk}", {"mobileNo": "0700000002"}, "json")
    assert response.status_code == 200, response.json()


def test_activation_costs_6_queries(
    authenticated, make_client, warm_worker, django_assert_num_queries
):
    client = make_client(submitted_on=ACTIVATED)
    # the client in the user's scope (the view, one query), the lock, the token of the client rules
    # (activation's document rules and mandatory custom fields, kept in memory), the update,
    # the audit event, the client again for the answer.
    with django_assert_num_queries(6 + TRANSACTION):
        response = authenticated.post(
            f"{URL}/{client.pk}?command=activate", {"activationDate": iso(TODAY)}, "json"
        )
    assert response.status_code == 200, response.json()
