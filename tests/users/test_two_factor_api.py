"""Fineract's two-factor flow over HTTP Basic: `/authentication` says when a second factor is
needed, `/twofactor` lists and "requests" it, `/twofactor/validate` exchanges a code of the
user's authenticator app for a token that every later call carries in
`Fineract-Platform-TFA-Token`."""

import datetime

import pytest
from tests.support import PASSWORD
from tests.users.totp import assert_journalled, code_for, require_two_factor, wrong_code

from mteja.core.models import AuditEvent
from mteja.users.twofactor.models import TwoFactorAccessToken

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
TFA = "HTTP_FINERACT_PLATFORM_TFA_TOKEN"


def authenticate(api_as, user):
    response = api_as(user).post(
        f"{API}/authentication", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()


def validate(client, code, **params):
    query = "&".join(f"{k}={v}" for k, v in {"token": code, **params}.items())
    return client.post(f"{API}/twofactor/validate?{query}")


def with_token(client, token):
    """Adds (or replaces) the Fineract-Platform-TFA-Token header beside HTTP Basic."""
    client.credentials(**{**client._credentials, TFA: token})


def refusal_code(response) -> str:
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.not.authorized"
    return body["errors"][0]["userMessageGlobalisationCode"]


@pytest.fixture
def alice(make_user, enrol):
    user = make_user(("ALL_FUNCTIONS",), username="alice")
    return user, enrol(user)


def test_authentication_says_whether_a_second_factor_is_needed(api_as, make_user, enrol):
    plain = make_user(username="plain")
    assert authenticate(api_as, plain)["isTwoFactorAuthenticationRequired"] is False
    enrolled = make_user(username="enrolled")
    enrol(enrolled)
    assert authenticate(api_as, enrolled)["isTwoFactorAuthenticationRequired"] is True
    by_role = make_user(username="byrole")
    require_two_factor(by_role)
    assert authenticate(api_as, by_role)["isTwoFactorAuthenticationRequired"] is True


def test_the_whole_flow_as_fineracts_web_app_calls_it(api_as, alice):
    user, device = alice
    client = api_as(user)
    assert refusal_code(client.get(f"{API}/offices")) == "error.msg.twofactor.token.required"

    methods = client.get(f"{API}/twofactor")
    assert methods.status_code == 200
    assert methods.json() == [{"name": "authenticator", "target": "Authenticator app"}]
    requested = client.post(f"{API}/twofactor?deliveryMethod=authenticator&extendedToken=false")
    assert requested.status_code == 200
    assert requested.json() == {"resourceIdentifier": "authenticator"}

    validated = validate(client, code_for(device))
    assert validated.status_code == 200, validated.json()
    answer = validated.json()
    assert set(answer) == {"token", "validFrom", "validTo"}
    assert answer["validTo"] - answer["validFrom"] == 24 * 60 * 60 * 1000

    with_token(client, answer["token"])
    assert client.get(f"{API}/offices").status_code == 200
    assert client.get(f"{API}/offices/1").status_code == 200


def test_a_wrong_code_gets_no_token(api_as, alice):
    user, device = alice
    response = validate(api_as(user), wrong_code(device))
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["parameterName"] == "token"
    assert error["userMessageGlobalisationCode"] == "error.msg.twofactor.code.invalid"
    assert not TwoFactorAccessToken.objects.exists()


def test_a_code_is_good_only_once(api_as, alice):
    user, device = alice
    code = code_for(device)
    assert validate(api_as(user), code).status_code == 200
    replayed = validate(api_as(user), code)
    assert replayed.status_code == 400
    assert TwoFactorAccessToken.objects.count() == 1


def test_a_blank_code_is_a_400_by_its_name(api_as, alice):
    response = api_as(alice[0]).post(f"{API}/twofactor/validate")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "token"


def test_a_wrong_expired_or_invalidated_token_is_refused(api_as, alice):
    user, device = alice
    client = api_as(user)
    token = validate(client, code_for(device)).json()["token"]
    wrong = api_as(user)
    with_token(wrong, "not-a-token")
    assert refusal_code(wrong.get(f"{API}/offices")) == "error.msg.twofactor.token.invalid"

    with_token(client, token)
    assert client.get(f"{API}/offices").status_code == 200
    gone = client.post(f"{API}/twofactor/invalidate", {"token": token}, format="json")
    assert gone.status_code == 200
    assert gone.json() == {"resourceIdentifier": token}
    assert refusal_code(client.get(f"{API}/offices")) == "error.msg.twofactor.token.invalid"

    token = validate(client, code_for(device, steps=1)).json()["token"]
    TwoFactorAccessToken.objects.update(valid_to=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    with_token(client, token)
    assert refusal_code(client.get(f"{API}/offices")) == "error.msg.twofactor.token.invalid"


def test_a_token_is_good_for_its_user_only(api_as, alice, make_user, enrol):
    user, device = alice
    token = validate(api_as(user), code_for(device)).json()["token"]
    bob = make_user(username="bob")
    enrol(bob)
    other = api_as(bob)
    with_token(other, token)
    assert refusal_code(other.get(f"{API}/offices")) == "error.msg.twofactor.token.invalid"


def test_an_extended_token_lasts_a_week(api_as, alice):
    user, device = alice
    answer = validate(api_as(user), code_for(device), extendedToken="true").json()
    assert answer["validTo"] - answer["validFrom"] == 7 * 24 * 60 * 60 * 1000


def test_users_without_a_second_factor_call_as_before(api_as, make_user):
    client = api_as(make_user(username="plain"))
    assert client.get(f"{API}/offices").status_code == 200
    assert client.get(f"{API}/twofactor").json() == []
    with_token(client, "anything")
    assert client.get(f"{API}/offices").status_code == 200


def test_a_role_requiring_it_sends_an_unenrolled_user_to_enrol(api_as, make_user):
    user = make_user(username="newcomer")
    require_two_factor(user)
    client = api_as(user)
    assert refusal_code(client.get(f"{API}/offices")) == "error.msg.twofactor.enrolment.required"
    refused = client.post(f"{API}/twofactor?deliveryMethod=authenticator")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["parameterName"] == "deliveryMethod"


def test_a_disabled_role_requires_nothing(api_as, make_user):
    user = make_user(username="newcomer")
    require_two_factor(user)
    assert authenticate(api_as, user)["isTwoFactorAuthenticationRequired"] is True
    require_two_factor(user, disabled=True)
    assert authenticate(api_as, user)["isTwoFactorAuthenticationRequired"] is False


# --- the role's flag ---------------------------------------------------------------------


def test_the_role_api_shows_and_changes_the_requirement(api):
    created = api.post(f"{API}/roles", {"name": "Teller", "requiresTwoFactor": True}, format="json")
    assert created.status_code == 200, created.json()
    role_id = created.json()["resourceId"]
    assert api.get(f"{API}/roles/{role_id}").json()["requiresTwoFactor"] is True
    event = AuditEvent.objects.filter(entity_name="ROLE", action_name="CREATE").latest("id")
    assert event.changes["requires_two_factor"] == [None, True]

    changed = api.put(f"{API}/roles/{role_id}", {"requiresTwoFactor": False}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["changes"] == {"requiresTwoFactor": False}
    assert api.get(f"{API}/roles/{role_id}").json()["requiresTwoFactor"] is False
    bad = api.put(f"{API}/roles/{role_id}", {"requiresTwoFactor": "maybe"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["parameterName"] == "requiresTwoFactor"


# --- an administrator's reset --------------------------------------------------------------


def test_an_administrator_resets_a_lost_phone(api, api_as, alice, enrol):
    user, device = alice
    token = validate(api_as(user), code_for(device)).json()["token"]
    response = api.delete(f"{API}/users/{user.pk}/twofactor")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "resourceId": user.pk,
        "officeId": 1,
        "changes": {"twoFactorEnrolled": False},
    }
    assert_journalled(user, "RESETTWOFACTOR", enrolled=False, maker="root")
    # The old token is gone, and no role requires a second factor: calls work as before.
    assert not TwoFactorAccessToken.objects.filter(user=user).exists()
    assert authenticate(api_as, user)["isTwoFactorAuthenticationRequired"] is False
    assert api_as(user).get(f"{API}/offices").status_code == 200
    # Enrolled again (a new phone), the token of the old one opens nothing.
    enrol(user)
    client = api_as(user)
    with_token(client, token)
    assert refusal_code(client.get(f"{API}/offices")) == "error.msg.twofactor.token.invalid"


def test_resetting_a_user_with_nothing_enrolled_records_nothing(api, make_user):
    user = make_user(username="plain")
    events = AuditEvent.objects.count()
    response = api.delete(f"{API}/users/{user.pk}/twofactor")
    assert response.status_code == 200
    assert response.json() == {"resourceId": user.pk, "officeId": 1}
    assert AuditEvent.objects.count() == events


def test_only_an_administrator_of_the_users_office_resets_it(api_as, alice, make_office, make_user):
    user, _device = alice
    branch_admin = make_user(("ALL_FUNCTIONS",), office=make_office(), username="branchadmin")
    response = api_as(branch_admin).delete(f"{API}/users/{user.pk}/twofactor")
    assert response.status_code in (403, 404)
    clerk = make_user(("READ_USER",), username="clerk")
    assert api_as(clerk).delete(f"{API}/users/{user.pk}/twofactor").status_code == 403
    assert user.totpdevice_set.filter(confirmed=True).exists()


def test_nobody_resets_a_user_holding_more_than_they_do(api_as, alice, make_user):
    user, _device = alice  # holds ALL_FUNCTIONS
    user_admin = make_user(("READ_USER", "UPDATE_USER"), username="useradmin")
    response = api_as(user_admin).delete(f"{API}/users/{user.pk}/twofactor")
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.user.permission.not.held"
    )
    assert user.totpdevice_set.filter(confirmed=True).exists()


def test_a_role_made_to_require_it_applies_from_the_next_call(api, api_as, make_user):
    user = make_user(("READ_OFFICE",), username="clerk")
    client = api_as(user)
    assert client.get(f"{API}/offices").status_code == 200  # kept by this worker: not required
    role = user.roles.get()
    changed = api.put(f"{API}/roles/{role.pk}", {"requiresTwoFactor": True}, format="json")
    assert changed.status_code == 200, changed.json()
    assert refusal_code(client.get(f"{API}/offices")) == "error.msg.twofactor.enrolment.required"
