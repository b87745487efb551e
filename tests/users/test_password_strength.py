"""Passwords are judged by how easily they are guessed (zxcvbn), not only by their length: in
the API (create, update: Fineract's password change) and in the web form, by the field."""

import pytest
from django.test import Client

from mteja.core.models import AuditEvent
from mteja.users.models import AppUser, Role

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/users"
GOOD = "mvua-ya-masika-inanyesha"
TOO_EASY = "validation.msg.user.password.is.too.easy.to.guess"


def body(**overrides):
    data = {
        "username": "wanjiru",
        "firstname": "Wanjiru",
        "lastname": "Kariuki",
        "email": "wanjiru@example.org",
        "officeId": 1,
        "roles": [Role.objects.get(name="Auditor").pk],
        "password": GOOD,
        "repeatPassword": GOOD,
    }
    data.update(overrides)
    return data


def password_errors(response):
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    assert {e["parameterName"] for e in errors} == {"password"}
    return errors


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        # Long enough for the length rule: refused for what it is.
        ("PPPPPPPPPP", "Repeated characters are easy to guess."),
        ("correct horse", "Add another uncommon word or two, or make it longer."),
        ("abcdefghij1", "Sequences such as abc or 6543 are easy to guess."),
    ],
)
def test_the_api_refuses_a_guessable_password_saying_why(api, password, reason):
    response = api.post(URL, body(password=password, repeatPassword=password), format="json")
    [error] = password_errors(response)
    assert error["userMessageGlobalisationCode"] == TOO_EASY
    assert error["defaultUserMessage"] == f"This password is too easy to guess. {reason}"
    assert not AppUser.objects.filter(username="wanjiru").exists()


def test_the_users_own_names_count_as_easy_to_guess(api):
    password = "Wanjiru-Kariuki"
    response = api.post(URL, body(password=password, repeatPassword=password), format="json")
    assert TOO_EASY in {e["userMessageGlobalisationCode"] for e in password_errors(response)}


def test_a_password_change_is_refused_too_and_changes_nothing(api):
    user_id = api.post(URL, body(), format="json").json()["resourceId"]
    events = AuditEvent.objects.count()
    response = api.put(
        f"{URL}/{user_id}",
        {"password": "PPPPPPPPPP", "repeatPassword": "PPPPPPPPPP"},
        format="json",
    )
    [error] = password_errors(response)
    assert error["userMessageGlobalisationCode"] == TOO_EASY
    assert AppUser.objects.get(pk=user_id).check_password(GOOD)
    assert AuditEvent.objects.count() == events


def test_a_strong_password_is_accepted(api):
    strong = "kahawa-chungu-asubuhi"
    response = api.post(URL, body(password=strong, repeatPassword=strong), format="json")
    assert response.status_code == 200, response.json()
    assert AppUser.objects.get(username="wanjiru").check_password(strong)


def test_the_web_form_shows_why_beside_the_password_field(make_user):
    admin = Client()
    admin.force_login(make_user(username="admin"))
    form = {
        "username": "wanjiru",
        "firstname": "Wanjiru",
        "lastname": "Kariuki",
        "email": "wanjiru@example.org",
        "office": 1,
        "roles": [Role.objects.get(name="Auditor").pk],
        "password": "correct horse",
        "password_repeat": "correct horse",
        "is_active": "on",
    }
    response = admin.post("/users/new/", form)
    assert response.status_code == 200
    assert response.context["form"].errors["password"] == [
        "This password is too easy to guess. Add another uncommon word or two, or make it longer."
    ]
    assert not AppUser.objects.filter(username="wanjiru").exists()


def test_the_reason_is_in_the_users_language(api):
    response = api.post(
        URL,
        body(password="PPPPPPPPPP", repeatPassword="PPPPPPPPPP"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    [error] = password_errors(response)
    assert error["defaultUserMessage"] == (
        "Ce mot de passe est trop facile à deviner. Les caractères répétés sont faciles à deviner."
    )
