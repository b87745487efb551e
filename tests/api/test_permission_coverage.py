"""No endpoint forgets access control.

Generated from the URL resolver: an endpoint added anywhere under the API is checked here
with no edit to this file. Each view must be a FineractAPIView guarded by
HasFineractPermission (or be one of the few public views below), refuse a user who holds no
permission (403) and anyone without credentials (401), and ask only for permission codes that
exist, so that a role can actually be given them.
"""

import pytest
from rest_framework.test import APIClient
from tests.support import basic_auth, calls_recorded
from tests.url_walk import api_endpoints

from mteja.clients.api.not_imported import NotImportedView
from mteja.core.api import platform
from mteja.core.api.authentication import FineractBasicAuthentication
from mteja.core.api.exceptions import api_not_found
from mteja.core.api.permissions import HasFineractPermission
from mteja.core.api.views import FineractAPIView
from mteja.users.api.views import AuthenticationView
from mteja.users.models import AppUser, Permission
from mteja.users.notifications import api as notifications_api
from mteja.users.twofactor import api as twofactor_api

PUBLIC_VIEWS = {AuthenticationView}
PUBLIC_CALLBACKS = {api_not_found}
# Fineract's second step of a login: any user with good credentials, before any permission;
# and what every page of the web-app asks for whoever is signed in (notifications, the
# global configuration: nothing of the institution's data).
CREDENTIALS_ONLY_VIEWS = {
    twofactor_api.TwoFactorView,
    twofactor_api.TwoFactorValidateView,
    twofactor_api.TwoFactorInvalidateView,
    notifications_api.NotificationsView,
    notifications_api.NotificationView,
    platform.ConfigurationsView,
    platform.ConfigurationView,
    platform.ConfigurationByNameView,
}

ENDPOINTS = api_endpoints()
# The web-app's bulk imports of what Mteja does not import (offices, loans…): a 404 saying so
# to whoever is signed in, which tells nothing of the institution's data (decision 254).
CREDENTIALS_ONLY_VIEWS |= {
    e.view_class for e in ENDPOINTS if e.view_class and issubclass(e.view_class, NotImportedView)
}
GUARDED = [
    e for e in ENDPOINTS if e.view_class not in PUBLIC_VIEWS and e.callback not in PUBLIC_CALLBACKS
]
CALLS = [
    pytest.param(endpoint.url, method, id=f"{method.upper()} {endpoint.url}")
    for endpoint in GUARDED
    for method in endpoint.methods
]
PERMISSION_CALLS = [
    pytest.param(endpoint.url, method, id=f"{method.upper()} {endpoint.url}")
    for endpoint in GUARDED
    if endpoint.view_class not in CREDENTIALS_ONLY_VIEWS
    for method in endpoint.methods
]
FINERACT_KEYS = {
    "developerMessage",
    "httpStatusCode",
    "defaultUserMessage",
    "userMessageGlobalisationCode",
    "errors",
}


def call(client, url, method):
    return client.generic(method.upper(), url, b"{}", content_type="application/json")


def test_the_walk_finds_the_api():
    urls = {endpoint.url for endpoint in ENDPOINTS}
    assert "/fineract-provider/api/v1/offices" in urls
    assert "/fineract-provider/api/v1/users/1" in urls
    assert "/fineract-provider/api/v1/audits" in urls
    assert len(CALLS) > 20


def test_every_api_view_is_a_guarded_fineract_view():
    problems = []
    for endpoint in GUARDED:
        view = endpoint.view_class
        if view is None or not issubclass(view, FineractAPIView):
            problems.append(f"{endpoint.url}: {endpoint.callback!r} is not a FineractAPIView")
            continue
        if not any(issubclass(p, HasFineractPermission) for p in view.permission_classes):
            problems.append(f"{endpoint.url}: {view.__name__} drops HasFineractPermission")
        if not any(issubclass(a, FineractBasicAuthentication) for a in view.authentication_classes):
            problems.append(f"{endpoint.url}: {view.__name__} drops HTTP Basic authentication")
        if not endpoint.methods:
            problems.append(f"{endpoint.url}: {view.__name__} serves no method")
    assert not problems, "\n".join(problems)


@pytest.fixture
def powerless(make_user):
    """A user whose only role grants nothing."""
    return make_user(codes=(), username="powerless")


@pytest.fixture
def asked_codes(monkeypatch):
    return calls_recorded(monkeypatch, AppUser, "has_fineract_permission")


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "method"), PERMISSION_CALLS)
def test_a_user_without_permissions_is_refused(api_as, powerless, asked_codes, url, method):
    response = call(api_as(powerless), url, method)
    assert response.status_code == 403, response.content
    body = response.json()
    assert set(body) == FINERACT_KEYS
    assert body["userMessageGlobalisationCode"] == "error.msg.not.authorized"
    assert asked_codes, "the permission class never asked for a code"
    known = set(Permission.objects.values_list("code", flat=True))
    unknown = [code for code in asked_codes if code not in known]
    assert not unknown, f"{method.upper()} {url} asks for codes no role can hold: {unknown}"


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "method"), CALLS)
def test_no_credentials_is_401_with_a_challenge(url, method):
    response = call(APIClient(), url, method)
    assert response.status_code == 401, response.content
    assert set(response.json()) == FINERACT_KEYS
    assert response.json()["httpStatusCode"] == "401"
    assert response["WWW-Authenticate"].startswith("Basic")


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "method"), CALLS)
def test_a_wrong_password_is_401(make_user, url, method):
    user = make_user(("ALL_FUNCTIONS",), username="mistyped")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth(user.username, "not-the-password"))
    response = call(client, url, method)
    assert response.status_code == 401, response.content
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.not.authenticated"
    assert response["WWW-Authenticate"].startswith("Basic")


@pytest.mark.django_db
def test_the_public_views_need_no_credentials():
    response = APIClient().post(
        "/fineract-provider/api/v1/authentication",
        {"username": "nobody", "password": "nothing-at-all"},
        format="json",
    )
    assert response.status_code == 401  # checked the credentials, did not demand a login
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.not.authenticated"
    assert APIClient().get("/fineract-provider/api/v1/no/such/endpoint").status_code == 404
