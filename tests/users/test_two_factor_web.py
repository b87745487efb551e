"""The web login's second step: the code after the password for an enrolled user, enrolment
with a QR code first for a user whose role requires it, the user's own enrolment page, the
role form's flag and an administrator's reset."""

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.support import PASSWORD
from tests.users.totp import assert_journalled, code_for, require_two_factor, wrong_code

from mteja.core.models import AuditEvent
from mteja.users.models import Role
from mteja.users.twofactor import web

pytestmark = pytest.mark.django_db


def log_in(client, user, next_url="/offices/"):
    return client.post(
        "/login/", {"username": user.username, "password": PASSWORD, "next": next_url}
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_errors(response):
    return response.context["form"].errors.get("code", [])


@pytest.fixture
def amina(make_user, enrol):
    user = make_user(username="amina")
    return user, enrol(user)


def test_an_enrolled_user_is_asked_for_the_code_after_the_password(amina):
    user, device = amina
    client = Client()
    response = log_in(client, user)
    assert response["Location"] == "/login/code/"
    assert not logged_in(client)
    assert client.get("/offices/")["Location"].startswith("/login/")  # nothing before the code

    page = client.get("/login/code/")
    assert page.status_code == 200
    assert "authenticator app" in page.content.decode()
    response = client.post("/login/code/", {"code": code_for(device)})
    assert response["Location"] == "/offices/"
    assert logged_in(client)
    assert client.get("/offices/").status_code == 200


def test_a_wrong_code_is_shown_beside_the_code_field(amina, no_throttle):
    user, device = amina
    client = Client()
    log_in(client, user)
    response = client.post("/login/code/", {"code": wrong_code(device)})
    assert response.status_code == 200
    assert code_errors(response) == [
        "The code is not valid, or was already used. Enter the code your app shows now."
    ]
    assert not logged_in(client)
    blank = client.post("/login/code/", {"code": ""})
    assert code_errors(blank) == ["This field is required."]
    assert client.post("/login/code/", {"code": code_for(device)})["Location"] == "/offices/"


def test_a_code_opens_one_login_only(amina):
    user, device = amina
    code = code_for(device)
    first = Client()
    log_in(first, user)
    assert first.post("/login/code/", {"code": code})["Location"] == "/offices/"
    second = Client()
    log_in(second, user)
    replayed = second.post("/login/code/", {"code": code})
    assert replayed.status_code == 200
    assert code_errors(replayed)
    assert not logged_in(second)


def test_wrong_codes_in_a_row_are_throttled(amina):
    """django-otp waits longer after each wrong code: even the right one is refused at once."""
    user, device = amina
    client = Client()
    log_in(client, user)
    client.post("/login/code/", {"code": wrong_code(device)})
    response = client.post("/login/code/", {"code": code_for(device)})
    assert code_errors(response)
    assert not logged_in(client)


def test_the_code_page_needs_the_password_first_and_soon(amina, monkeypatch):
    user, device = amina
    response = Client().get("/login/code/", follow=True)
    assert response.redirect_chain[-1][0] == "/login/"
    client = Client()
    log_in(client, user)
    monkeypatch.setattr(web, "PENDING_SECONDS", -1)
    response = client.post("/login/code/", {"code": code_for(device)})
    assert response["Location"] == "/login/"
    assert not logged_in(client)


def test_the_page_after_the_code_stays_on_this_site(amina):
    user, device = amina
    client = Client()
    log_in(client, user, next_url="https://evil.example/")
    assert client.post("/login/code/", {"code": code_for(device)})["Location"] == "/"


def test_a_user_without_a_second_factor_logs_in_as_before(make_user):
    client = Client()
    assert log_in(client, make_user(username="plain"))["Location"] == "/offices/"
    assert logged_in(client)


# --- enrolment -----------------------------------------------------------------------------


def test_a_role_requiring_it_sends_the_user_to_enrol_before_anything_else(make_user):
    user = make_user(username="teller")
    require_two_factor(user)
    client = Client()
    assert log_in(client, user)["Location"] == "/login/enrol/"
    assert not logged_in(client)
    assert client.get("/login/code/")["Location"] == "/login/enrol/"

    page = client.get("/login/enrol/")
    html = page.content.decode()
    # The QR code, drawn by the server: no inline script, no external service.
    assert '<svg width="' in html
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    # Reloading keeps the secret the app may already hold.
    assert client.get("/login/enrol/").context["secret"] == page.context["secret"]

    response = client.post("/login/enrol/", {"code": code_for(device)})
    assert response["Location"] == "/offices/"
    assert logged_in(client)
    device.refresh_from_db()
    assert device.confirmed
    assert_journalled(user, "ENROLTWOFACTOR", enrolled=True)
    # From now on the login asks for the code.
    assert log_in(Client(), user)["Location"] == "/login/code/"


def test_a_wrong_enrolment_code_is_shown_by_the_field_and_enrols_nothing(make_user):
    user = make_user(username="teller")
    require_two_factor(user)
    client = Client()
    log_in(client, user)
    client.get("/login/enrol/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/login/enrol/", {"code": wrong_code(device)})
    assert response.status_code == 200
    assert code_errors(response) == [
        "The code is not valid, or was already used. Enter the code your app shows now."
    ]
    assert not logged_in(client)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_user_enrols_on_their_own_page(make_user, no_throttle):
    user = make_user(username="optional")
    client = Client()
    client.force_login(user)
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    assert "two-factor-qr" in page.content.decode()  # the QR code to scan
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert code_errors(client.post("/account/two-factor/", {"code": wrong_code(device)}))
    response = client.post("/account/two-factor/", {"code": code_for(device)})
    assert response["Location"] == "/account/two-factor/"
    enrolled = client.get("/account/two-factor/")
    assert "two-factor-qr" not in enrolled.content.decode()
    assert "Your authenticator app is enrolled" in enrolled.content.decode()
    assert log_in(Client(), user)["Location"] == "/login/code/"


# --- administration ------------------------------------------------------------------------


@pytest.fixture
def admin(make_user):
    client = Client()
    client.force_login(make_user(username="admin"))
    return client


def test_the_role_form_sets_the_requirement(admin):
    response = admin.post(
        "/roles/new/", {"name": "Teller", "description": "", "requires_two_factor": "on"}
    )
    role = Role.objects.get(name="Teller")
    assert response["Location"] == f"/roles/{role.pk}/"
    assert role.requires_two_factor
    assert "Requires two-factor login" in admin.get(f"/roles/{role.pk}/").content.decode()
    edit = admin.get(f"/roles/{role.pk}/edit/")
    assert edit.context["form"]["requires_two_factor"].value() is True
    admin.post(f"/roles/{role.pk}/edit/", {"name": "Teller", "description": ""})
    role.refresh_from_db()
    assert not role.requires_two_factor


def test_an_administrator_resets_a_users_two_factor_login(admin, amina):
    user, _device = amina
    page = admin.get(f"/users/{user.pk}/").content.decode()
    assert "Authenticator app enrolled" in page
    assert f"/users/{user.pk}/two-factor/reset/" in page
    response = admin.post(f"/users/{user.pk}/two-factor/reset/", follow=True)
    assert response.redirect_chain[-1][0] == f"/users/{user.pk}/"
    assert "The two-factor login of “amina” was reset." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.latest("id").action_name == "RESETTWOFACTOR"
    client = Client()
    assert log_in(client, user)["Location"] == "/offices/"


def test_a_user_without_update_user_cannot_reset(make_user, amina):
    user, _device = amina
    reader = Client()
    reader.force_login(make_user(("READ_USER",), username="reader"))
    assert (
        f"/users/{user.pk}/two-factor/reset/"
        not in reader.get(f"/users/{user.pk}/").content.decode()
    )
    assert reader.post(f"/users/{user.pk}/two-factor/reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_session_ends_when_its_role_comes_to_require_the_code(make_user):
    user = make_user(username="clerk")
    client = Client()
    assert log_in(client, user)["Location"] == "/offices/"
    assert client.get("/offices/").status_code == 200
    require_two_factor(user)
    response = client.get("/offices/", follow=True)
    assert response.redirect_chain[-1][0] == "/login/?next=/offices/"
    assert "Two-factor login is now required: please log in again." in response.content.decode()
    assert not logged_in(client)
    assert log_in(client, user)["Location"] == "/login/enrol/"


def test_a_session_that_gave_the_code_goes_on(amina):
    user, device = amina
    client = Client()
    log_in(client, user)
    client.post("/login/code/", {"code": code_for(device)})
    require_two_factor(user)
    assert client.get("/offices/").status_code == 200
