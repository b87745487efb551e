"""Login (session + CSRF), lockout per username by django-axes, logout by POST."""

import re

import pytest
from django.conf import settings
from django.test import Client

from mteja.organisation.models import Office

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # what tests/conftest.py's make_user sets


def log_in(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_logging_in_opens_the_page_asked_for(make_user):
    make_user(username="amina")
    client = Client()
    response = client.post(
        "/login/", {"username": "amina", "password": PASSWORD, "next": "/staff/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_a_wrong_password_shows_an_error_and_keeps_the_username(make_user):
    make_user(username="amina")
    response = log_in(Client(), "amina", "wrong-password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please enter a correct username and password" in page
    assert 'value="amina"' in page
    assert 'role="alert"' in page


def test_the_login_page_sends_a_logged_in_user_home(browse_as, make_user):
    assert browse_as(make_user()).get("/login/")["Location"] == "/"


def test_failures_lock_the_account_whatever_the_address(make_user):
    make_user(username="amina")
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit):
        log_in(Client(), "amina", "wrong", address=f"10.0.0.{attempt + 1}")

    # Locked: even the right password, from yet another address, is refused.
    response = log_in(Client(), "amina", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Account locked" in page
    assert f"after {limit} failed login attempts" in page
    assert "_auth_user_id" not in Client().session


def test_a_locked_account_does_not_lock_its_colleagues_on_the_same_address(make_user):
    make_user(username="amina")
    make_user(username="baraka")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "amina", "wrong", address="10.0.0.1")
    assert log_in(Client(), "amina", PASSWORD, address="10.0.0.1").status_code == 429

    response = log_in(Client(), "baraka", PASSWORD, address="10.0.0.1")
    assert response.status_code == 302


def test_logging_out_is_a_post(browse_as, make_user):
    client = browse_as(make_user())
    assert client.get("/logout/").status_code == 405
    assert client.get("/").status_code == 200

    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_login_and_forms_need_the_csrf_token(make_user):
    make_user(username="amina")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "amina", "password": PASSWORD})
    assert response.status_code == 403

    page = client.get("/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login/", {"username": "amina", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302

    # Logged in, a form posted without the token is refused and writes nothing.
    response = client.post(
        "/offices/new/", {"name": "Forged", "parent": 1, "opening_date": "2020-01-01"}
    )
    assert response.status_code == 403
    assert not Office.objects.filter(name="Forged").exists()
