"""A user who may not upload, posting a body no page or endpoint could read (no boundary, a
file cut short, too many parts...), is refused for want of the right (403), as for any body,
before a byte of it is read; a user who may is still told what is wrong with the body (400,
tests/documents/test_unreadable_forms.py). Through the pages and the API, signed in by HTTP
Basic or by the session (whose CSRF check would read the body)."""

import io

import pytest
from django.conf import settings
from django.test import Client as Browser

from mteja.documents.models import Document

from . import files
from .conftest import upload
from .hostile_forms import KINDS, SAID, hostile
from .test_unreadable_forms import URLS, _nothing_written, _page

pytestmark = pytest.mark.django_db

# Who may read the client (and its documents or photo) but not upload to it: the documents'
# pages shown, the photo's and the import's not (only who may upload sees them).
PAGES = {
    "documents": ("READ_CLIENT", "READ_DOCUMENT"),
    "identifier_documents": ("READ_CLIENT", "READ_DOCUMENT"),
    "photo": ("READ_CLIENT", "READ_CLIENTIMAGE"),
    "import": ("READ_CLIENT",),
}
RESOURCES = {
    "documents": ("READ_CLIENT", "READ_DOCUMENT"),
    "images": ("READ_CLIENT", "READ_CLIENTIMAGE"),
    "uploadtemplate": ("READ_CLIENT",),
}
UNREADABLE = [kind for kind in KINDS if kind != "long_fields"]  # (its own bound, a setting)
TOKEN = "k" * 32  # the session's CSRF token: its cookie, and the header a page's script sends


def _session(user) -> Browser:
    """Signed in by the session, its CSRF cookie set (with none, the check refuses a POST
    before it reads the body)."""
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.cookies[settings.CSRF_COOKIE_NAME] = TOKEN
    return browser


class Untouched(io.RawIOBase):
    """A request's input that notes whether anything read it."""

    def __init__(self, body: bytes):
        self.body = io.BytesIO(body)
        self.read_from = False

    def readable(self):
        return True

    def readinto(self, buffer):
        self.read_from = True
        return self.body.readinto(buffer)


def _post(browser, url, kind, **extra):
    body, content_type, environ = hostile(kind, files.image("PNG"))
    given = environ.get("wsgi.input")
    stream = Untouched(given.data.getvalue() if given else body)
    response = browser.generic(
        "POST", url, body, content_type=content_type, **{**environ, "wsgi.input": stream}, **extra
    )
    return response, stream


@pytest.mark.parametrize("kind", UNREADABLE)
@pytest.mark.parametrize("where", PAGES)
def test_a_page_refuses_a_user_who_may_not_upload_before_reading_the_body(
    make_user, make_client, where, kind
):
    client = make_client()
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(make_user(PAGES[where]))
    url = _page(where, client)
    assert browser.get(url).status_code == (200 if "documents" in where else 403)
    response, stream = _post(browser, url, kind)
    assert response.status_code == 403
    assert not stream.read_from
    _nothing_written()


@pytest.mark.parametrize("signed_in", ["basic", "session"])
@pytest.mark.parametrize("kind", UNREADABLE)
@pytest.mark.parametrize("resource", RESOURCES)
def test_the_api_refuses_a_user_who_may_not_upload_before_reading_the_body(
    make_user, api_as, make_client, resource, kind, signed_in
):
    user = make_user(RESOURCES[resource])
    caller = api_as(user) if signed_in == "basic" else _session(user)
    url = URLS[resource].format(client=make_client().pk)
    response, stream = _post(caller, url, kind, HTTP_X_CSRFTOKEN=TOKEN)
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.not.authorized"
    assert not stream.read_from
    _nothing_written()


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_session_user_who_may_upload_is_still_told_what_is_wrong_with_the_body(
    admin_user, make_client, resource
):
    """The CSRF check, made once the permission is judged, still reads the body first."""
    url = URLS[resource].format(client=make_client().pk)
    response, stream = _post(_session(admin_user), url, "cut_short", HTTP_X_CSRFTOKEN=TOKEN)
    assert response.status_code == 400 and stream.read_from
    answer = response.json()
    assert SAID["cut_short"] in [error["defaultUserMessage"] for error in answer["errors"]]
    _nothing_written()


@pytest.mark.parametrize(("token", "status"), [(TOKEN, 200), ("w" * 32, 403)])
def test_a_session_users_upload_is_still_held_to_its_csrf_token(
    admin_user, make_client, token, status
):
    client = make_client()
    response = _session(admin_user).post(
        URLS["documents"].format(client=client.pk),
        {"file": upload("a.pdf", files.PDF), "name": "Scan"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == status, response.content
    assert Document.objects.filter(client=client).count() == (status == 200)
