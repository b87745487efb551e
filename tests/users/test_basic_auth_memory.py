"""HTTP Basic verifies a password once, not on every call: the verified credentials are
remembered (under a keyed hash, never the password) until anything that would make them wrong
changes; a flood of failed logins is refused without hashing."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import check_password as real_check_password
from django.core.cache import cache
from rest_framework.test import APIClient
from tests.support import PASSWORD, basic_auth

from mteja.users import services

pytestmark = pytest.mark.django_db
OFFICES = "/fineract-provider/api/v1/offices"


@pytest.fixture
def hashing():
    """Counts password verifications (each one derives the password's hash)."""
    with mock.patch(
        "django.contrib.auth.base_user.check_password", side_effect=real_check_password
    ) as spy:
        yield spy


def basic_client(username, password=PASSWORD):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth(username, password))
    return client


def test_a_second_call_does_not_verify_the_password_again(make_user, hashing):
    user = make_user(username="teller")
    client = basic_client(user.username)
    assert client.get(OFFICES).status_code == 200
    assert client.get(OFFICES).status_code == 200
    assert client.get(OFFICES).status_code == 200
    assert hashing.call_count == 1


def test_the_password_is_not_what_is_remembered(make_user):
    user = make_user(username="secretive")
    with mock.patch.object(cache, "set", wraps=cache.set) as stored:
        assert basic_client(user.username).get(OFFICES).status_code == 200
    stored_text = repr(stored.call_args_list)
    assert PASSWORD not in stored_text
    assert "secretive" not in stored_text


def test_a_changed_password_is_refused_at_once(make_user):
    user = make_user(username="changer")
    client = basic_client(user.username)
    assert client.get(OFFICES).status_code == 200
    services.user_update(actor=None, user=user, password="A-new-long-password-9")
    response = client.get(OFFICES)
    assert response.status_code == 401
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.not.authenticated"
    assert basic_client("changer", "A-new-long-password-9").get(OFFICES).status_code == 200


def test_a_disabled_user_is_refused_at_once(make_user):
    user = make_user(username="leaver")
    client = basic_client(user.username)
    assert client.get(OFFICES).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(OFFICES).status_code == 401


def test_a_locked_account_is_refused_at_once(make_user):
    user = make_user(username="lockable")
    client = basic_client(user.username)
    assert client.get(OFFICES).status_code == 200
    intruder = basic_client(user.username, "wrong-password")
    for _ in range(5):
        intruder.get(OFFICES)
    response = client.get(OFFICES)
    assert response.status_code == 401
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.user.locked.out"


def test_a_removed_role_takes_effect_at_once(make_user):
    user = make_user(("READ_OFFICE",), username="demoted")
    client = basic_client(user.username)
    assert client.get(OFFICES).status_code == 200
    user.roles.clear()
    assert client.get(OFFICES).status_code == 403


def test_a_flood_of_failures_is_refused_without_hashing(make_user, hashing, settings):
    settings.MTEJA_AUTH_FAILURES_PER_WINDOW = 3
    settings.MTEJA_AUTH_FAILURE_WINDOW_SECONDS = 3600
    regular = make_user(username="regular")
    assert basic_client("regular").get(OFFICES).status_code == 200  # remembered from now on
    for number in range(3):
        assert basic_client(f"made-up-{number}", "guess").get(OFFICES).status_code == 401
    verified = hashing.call_count

    refused = basic_client("made-up-99", "guess").get(OFFICES)
    late = basic_client(make_user(username="late").username).get(OFFICES)

    assert refused.status_code == 429
    assert refused.json()["userMessageGlobalisationCode"] == "error.msg.too.many.requests"
    assert late.status_code == 429  # not yet verified: waits for the window like everyone
    assert hashing.call_count == verified
    assert basic_client(regular.username).get(OFFICES).status_code == 200
