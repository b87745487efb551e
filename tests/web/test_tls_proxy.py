"""One switch, MTEJA_BEHIND_TLS_PROXY=1, makes a deployment behind a TLS-terminating proxy
safe: requests the proxy marks as HTTPS are secure, plain HTTP is redirected to HTTPS, cookies
are Secure and browsers are told to use HTTPS only (HSTS).

The settings module reads the environment once, at start-up: a fresh interpreter reads it with
and without the switch, and the requests below are served with what it read.
"""

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

TRANSPORT_SETTINGS = (
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "CONTENT_SECURITY_POLICY",
)
PASSWORD = "correct-horse-battery"


def server_environment(tmp_path, **environment) -> dict[str, str]:
    """A server's environment: this one without its Mteja and Django settings (the test run's
    own, such as the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE), plus `environment`."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("MTEJA_", "DJANGO_"))
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "mteja.settings",
        "MTEJA_VAR_DIR": str(tmp_path),
        **environment,
    }


def settings_read(tmp_path, **environment) -> dict:
    """The transport settings a new server process reads from `environment`."""
    names = json.dumps(TRANSPORT_SETTINGS)
    program = (
        "import json; from django.conf import settings;"
        f" print(json.dumps({{n: getattr(settings, n) for n in {names}}}))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", program],
        env=server_environment(tmp_path, **environment),
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(done.stdout)
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory):
    return settings_read(tmp_path_factory.mktemp("var"), MTEJA_BEHIND_TLS_PROXY="1")


@pytest.fixture(scope="module")
def direct(tmp_path_factory):
    return settings_read(tmp_path_factory.mktemp("var"))


def log_in(client: Client):
    return client.post("/login/", {"username": "amina", "password": PASSWORD})


def test_behind_the_proxy_https_requests_get_hsts_and_secure_cookies(behind_proxy, make_user):
    make_user(username="amina")
    with override_settings(**behind_proxy):
        browser = Client(HTTP_X_FORWARDED_PROTO="https")
        login_page = browser.get("/login/")
        assert login_page.status_code == 200
        assert login_page.wsgi_request.is_secure()
        assert login_page["Strict-Transport-Security"] == "max-age=31536000"
        assert browser.cookies["csrftoken"]["secure"] is True
        assert "upgrade-insecure-requests" in login_page["Content-Security-Policy"]

        logged_in = log_in(browser)
        assert logged_in.status_code == 302
        assert browser.cookies["sessionid"]["secure"] is True
        assert browser.get("/").status_code == 200


def test_behind_the_proxy_plain_http_is_sent_to_https(behind_proxy):
    with override_settings(**behind_proxy):
        response = Client().get("/clients/?q=x")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/clients/?q=x"
        # A client cannot claim HTTPS with another header than the one the proxy sets.
        spoofed = Client(HTTP_X_FORWARDED_SSL="on").get("/login/")
        assert spoofed.status_code == 301


def test_the_hsts_lifetime_can_be_set(tmp_path):
    values = settings_read(tmp_path, MTEJA_BEHIND_TLS_PROXY="1", MTEJA_HSTS_SECONDS="3600")
    assert values["SECURE_HSTS_SECONDS"] == 3600


def test_without_the_switch_nothing_assumes_https(direct, make_user):
    make_user(username="amina")
    assert direct["SECURE_PROXY_SSL_HEADER"] is None
    with override_settings(**direct):
        browser = Client(HTTP_X_FORWARDED_PROTO="https")  # not trusted without the switch
        login_page = browser.get("/login/")
        assert login_page.status_code == 200
        assert not login_page.wsgi_request.is_secure()
        assert "Strict-Transport-Security" not in login_page
        assert "upgrade-insecure-requests" not in login_page["Content-Security-Policy"]
        assert log_in(browser).status_code == 302
        assert browser.cookies["sessionid"]["secure"] == ""


def test_djangos_deployment_checklist_passes_behind_the_proxy(tmp_path):
    """`mteja check --deploy` finds nothing but the two HSTS extensions a domain's owner
    decides on (every subdomain on HTTPS; the browsers' preload list)."""
    env = server_environment(
        tmp_path, MTEJA_BEHIND_TLS_PROXY="1", MTEJA_ALLOWED_HOSTS="mteja.example.org"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "mteja.cli", "check", "--deploy", "--fail-level", "ERROR"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    found = set(re.findall(r"\((security\.\w+)\)", done.stderr + done.stdout))
    assert found == {"security.W005", "security.W021"}
