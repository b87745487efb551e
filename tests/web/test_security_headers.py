"""Every page is served under the Content-Security-Policy and holds nothing it would block;
nothing a logged-in user was shown, page or API answer, is kept in a browser's cache.

The pages come from walking the URL resolver (tests/url_walk.py): a page added later is checked
here without an edit.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client
from tests.support import basic_auth
from tests.url_walk import web_pages

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # pico.css's icons are data: images
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
API = "/fineract-provider/api/v1"


def policy_of(response) -> dict[str, list[str]]:
    parts = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in parts}


class InlineCode(HTMLParser):
    """What a policy without 'unsafe-inline' refuses: inline scripts, style elements and
    attributes, event-handler attributes and javascript: links."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "action", "src") and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def admin_browsing(browse_as, make_user, make_client, make_staff, head_office):
    """An administrator's session, and a record of each kind the pages' `pk` may name."""
    admin = make_user(("ALL_FUNCTIONS",), username="admin")
    records = {
        "clients": make_client(head_office).pk,
        "staff": make_staff().pk,
        "users": admin.pk,
        "offices": head_office.pk,
    }
    return browse_as(admin), records


def test_the_policy_allows_only_the_sites_own_files():
    policy = policy_of(Client().get("/login/"))
    assert policy == POLICY
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], "no inline code, no eval, no other origin"


PAGES = web_pages()


@pytest.mark.parametrize("page", [pytest.param(page, id=page.template) for page in PAGES])
def test_every_page_is_under_the_policy_not_stored_and_free_of_inline_code(admin_browsing, page):
    client, records = admin_browsing
    segment = page.template.strip("/").split("/")[0]
    url = (
        page.url_for(pk=records[segment])
        if segment in records and "pk" in page.samples
        else page.url
    )
    response = client.get(url)
    assert policy_of(response) == POLICY, url
    assert "no-store" in response["Cache-Control"], url
    if response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == [], url


def test_the_pages_checked_include_real_records(admin_browsing):
    """The walk above reads existing records, not only 404 pages."""
    client, records = admin_browsing
    assert client.get(f"/clients/{records['clients']}/").status_code == 200
    assert client.get(f"/staff/{records['staff']}/").status_code == 200


def test_the_inline_code_check_finds_what_the_policy_blocks():
    html = (
        '<p style="color:red" onclick="go()">x</p><script>go()</script><style>p{}</style>'
        '<a href="javascript:go()">y</a><script src="/static/js/mteja.js"></script>'
    )
    assert inline_code(html) == [
        "<p style=…>",
        "<p onclick=…>",
        "<script> without src",
        "<style>",
        "<a href=javascript:…>",
    ]


def test_error_pages_too_are_under_the_policy(admin_browsing):
    client, _ = admin_browsing
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert policy_of(response) == POLICY
    assert inline_code(response.content.decode()) == []


def test_the_page_after_logging_in_is_not_stored(make_user):
    make_user(username="amina")
    client = Client()
    logged_in = client.post(
        "/login/", {"username": "amina", "password": "correct-horse-battery"}, follow=True
    )
    assert logged_in.status_code == 200
    assert logged_in.redirect_chain, "the login answered with a redirect"
    assert "no-store" in logged_in["Cache-Control"]


def test_api_answers_are_not_stored(api_as, make_user, make_client, head_office):
    user = make_user(("ALL_FUNCTIONS",))
    client = make_client(head_office, firstname="Zawadi")
    api = api_as(user)
    for path in (f"{API}/clients", f"{API}/clients/{client.pk}", f"/api/v1/clients/{client.pk}"):
        response = api.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert policy_of(response) == POLICY


def test_api_answers_to_a_session_and_refusals_are_not_stored(browse_as, make_user):
    session = browse_as(make_user(("ALL_FUNCTIONS",)))
    assert "no-store" in session.get(f"{API}/offices")["Cache-Control"]
    anonymous = Client().get(f"{API}/clients", HTTP_AUTHORIZATION=basic_auth("nobody", "x"))
    assert anonymous.status_code == 401
    assert "no-store" in anonymous["Cache-Control"]


def test_swagger_ui_page_needs_no_inline_code():
    page = Client().get("/api/docs/")
    assert page.status_code == 200
    assert policy_of(page) == POLICY
    assert inline_code(page.content.decode()) == []
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
