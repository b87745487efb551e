"""A database that does not answer is the server's fault: 503 with Retry-After, in Fineract's
body under the API and on a page in the web UI; 409 stays for real integrity conflicts; and
with connections health-checked, a database restart between requests costs no request."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import IntegrityError, OperationalError, connection
from django.test import Client as BrowserClient
from django.test import RequestFactory
from tests.support import basic_auth

from mteja.clients import services
from mteja.clients.models import Client

BASE = "/fineract-provider/api/v1"

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a PostgreSQL server to drop connections"
)


def terminate_this_connection_from_outside():
    """What a database restart does to a worker's connection: the server ends it, and the
    worker finds out only when it next speaks."""
    import psycopg

    pid = connection.connection.info.backend_pid
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def update_fails_with(monkeypatch):
    """Makes the client update service fail as `fault()` does, once it is under way."""

    def install(fault):
        real = services.client_update

        def failing(**kwargs):
            fault()
            return real(**kwargs)

        monkeypatch.setattr(services, "client_update", failing)

    return install


def raise_(exc):
    def fault():
        raise exc

    return fault


@pytest.mark.django_db
@pytest.mark.parametrize(
    "exc", [OperationalError("server closed the connection unexpectedly"), OperationalError()]
)
def test_a_lost_connection_is_a_503_with_retry_after(api, make_client, update_fails_with, exc):
    client = make_client()
    update_fails_with(raise_(exc))
    response = api.put(f"{BASE}/clients/{client.pk}", {"mobileNo": "0700000001"}, "json")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["httpStatusCode"] == "503"
    assert body["userMessageGlobalisationCode"] == "error.msg.service.unavailable"
    assert Client.objects.get(pk=client.pk).mobile_no == ""


@pytest.mark.django_db
def test_a_real_integrity_conflict_stays_a_409(api, make_client, update_fails_with):
    client = make_client()
    update_fails_with(raise_(IntegrityError("duplicate key value violates unique constraint")))
    response = api.put(f"{BASE}/clients/{client.pk}", {"mobileNo": "0700000001"}, "json")
    assert response.status_code == 409
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.data.integrity.issue"
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_a_lost_connection_outside_the_apis_views_is_still_a_json_503(
    admin_user, make_client, monkeypatch
):
    # Authentication reads the user before any view runs.
    from mteja.core.api import credentials

    monkeypatch.setattr(
        credentials, "remembered_user", lambda *a, **k: (_ for _ in ()).throw(OperationalError())
    )
    browser = BrowserClient(raise_request_exception=False)
    response = browser.get(f"{BASE}/clients", HTTP_AUTHORIZATION=basic_auth(admin_user.username))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.service.unavailable"


@pytest.mark.django_db
def test_a_web_page_meeting_a_lost_connection_says_try_again(
    admin_user, make_client, update_fails_with
):
    client = make_client()
    update_fails_with(raise_(OperationalError()))
    browser = BrowserClient(raise_request_exception=False)
    browser.force_login(admin_user)
    form = browser.get(f"/clients/{client.pk}/edit/")
    assert form.status_code == 200
    data = {
        key: value
        for key, value in form.context["form"].initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data["mobile_no"] = "0700000001"
    response = browser.post(f"/clients/{client.pk}/edit/", data)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "try again" in response.content.decode()


def wsgi(method: str, path: str, user) -> int:
    """A request through Django's real WSGI handler, as gunicorn makes it (the test client
    skips the per-request connection upkeep, which is what is under test here)."""
    request = RequestFactory().generic(method, path, HTTP_AUTHORIZATION=basic_auth(user.username))
    statuses = []
    response = WSGIHandler()(request.environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_restart_between_requests_costs_no_request(admin_user, make_client):
    client = make_client()
    assert wsgi("GET", f"{BASE}/clients/{client.pk}", admin_user) == 200
    for _ in range(3):
        terminate_this_connection_from_outside()
        assert wsgi("GET", f"{BASE}/clients/{client.pk}", admin_user) == 200


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_dropped_mid_request_is_a_503_and_the_next_request_works(
    api, admin_user, make_client, update_fails_with
):
    client = make_client()
    update_fails_with(terminate_this_connection_from_outside)
    response = api.put(f"{BASE}/clients/{client.pk}", {"mobileNo": "0700000001"}, "json")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert wsgi("GET", f"{BASE}/clients/{client.pk}", admin_user) == 200
    assert Client.objects.get(pk=client.pk).mobile_no == ""
