import base64

import pytest
from rest_framework.test import APIClient
from tests.support import PASSWORD, basic_auth

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/authentication"


def login(client, username, password=PASSWORD, *, as_query=False):
    if as_query:
        return client.post(f"{URL}?username={username}&password={password}")
    return client.post(URL, {"username": username, "password": password}, format="json")


def test_login_answers_the_key_office_roles_and_permissions(make_user, make_office):
    office = make_office("Eldoret")
    user = make_user(("READ_CLIENT", "CREATE_CLIENT"), office=office, username="wanjiru")
    response = login(APIClient(), "wanjiru")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["authenticated"] is True
    assert body["username"] == "wanjiru"
    assert body["userId"] == user.pk
    assert body["officeId"] == office.pk
    assert body["officeName"] == "Eldoret"
    assert body["permissions"] == ["CREATE_CLIENT", "READ_CLIENT"]
    assert [role["name"] for role in body["roles"]] == ["role-wanjiru"]
    assert set(body["roles"][0]) == {"id", "name", "description"}
    assert "password" not in body
    key = body["base64EncodedAuthenticationKey"]
    assert base64.b64decode(key).decode() == f"wanjiru:{PASSWORD}"
    user.refresh_from_db()
    assert user.last_login is not None


def test_the_returned_key_works_as_http_basic(make_user):
    make_user(("READ_OFFICE",), username="kamau")
    key = login(APIClient(), "kamau").json()["base64EncodedAuthenticationKey"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {key}")
    assert client.get("/fineract-provider/api/v1/offices/1").status_code == 200


def test_old_clients_may_send_credentials_as_query_parameters(make_user):
    make_user(username="legacy")
    response = login(APIClient(), "legacy", as_query=True)
    assert response.status_code == 200
    assert response.json()["username"] == "legacy"


def test_wrong_password_is_401_with_fineract_body(make_user):
    make_user(username="otieno")
    response = login(APIClient(), "otieno", "not-the-password")
    assert response.status_code == 401
    body = response.json()
    assert body["httpStatusCode"] == "401"
    assert body["userMessageGlobalisationCode"] == "error.msg.not.authenticated"
    assert "base64EncodedAuthenticationKey" not in body


def test_unknown_user_is_the_same_401(db):
    response = login(APIClient(), "nobody-here", "whatever-password")
    assert response.status_code == 401
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.not.authenticated"


def test_missing_credentials_are_400(db):
    response = APIClient().post(URL, {}, format="json")
    assert response.status_code == 400
    assert {e["parameterName"] for e in response.json()["errors"]} == {"username", "password"}


def test_disabled_user_cannot_log_in(make_user):
    make_user(username="gone", is_active=False)
    assert login(APIClient(), "gone").status_code == 401


def test_five_failures_lock_the_account_even_with_the_right_password(make_user):
    make_user(username="target")
    client = APIClient()
    codes = [
        login(client, "target", "wrong-password").json()["userMessageGlobalisationCode"]
        for _ in range(5)
    ]
    assert codes[:4] == ["error.msg.not.authenticated"] * 4
    assert codes[4] == "error.msg.user.locked.out"
    response = login(client, "target")
    assert response.status_code == 401
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.user.locked.out"
    assert response["Content-Type"].startswith("application/json")


def test_lockout_counts_by_username_not_by_address(make_user):
    make_user(username="victim")
    make_user(username="colleague")
    client = APIClient()  # one branch, one address
    for _ in range(6):
        login(client, "victim", "wrong-password")
    response = login(client, "colleague")
    assert response.status_code == 200
    assert response.json()["username"] == "colleague"


def test_a_success_resets_the_failure_count(make_user):
    make_user(username="forgetful")
    client = APIClient()
    for _ in range(4):
        login(client, "forgetful", "wrong-password")
    assert login(client, "forgetful").status_code == 200
    for _ in range(4):
        login(client, "forgetful", "wrong-password")
    assert login(client, "forgetful").status_code == 200


def test_http_basic_failures_count_towards_the_same_lockout(make_user):
    make_user(username="scripted")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth("scripted", "wrong-password"))
    for _ in range(5):
        client.get("/fineract-provider/api/v1/offices")
    response = login(APIClient(), "scripted")
    assert response.status_code == 401
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.user.locked.out"


def test_locked_account_gets_fineract_401_json_over_basic_auth(make_user, api_as):
    user = make_user(("ALL_FUNCTIONS",), username="lockme")
    url = "/fineract-provider/api/v1/offices"
    for _ in range(5):
        assert api_as(user, password="wrong-password").get(url).status_code == 401
    response = api_as(user).get(url)  # the right password, but the account is locked
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.user.locked.out"
