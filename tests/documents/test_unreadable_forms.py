"""Every page taking a file (a client's documents, an identity document's, the client's photo,
the client import) and the API's uploads (documents, images), sent a body they cannot take:
the page shown again with its form and the reason by the file field, status 400 (never
Django's bare "Bad request"); the API, Fineract's error body (never a 500 or a page); nothing
written either way."""

import html

import pytest
from django.core.exceptions import SuspiciousMultipartForm
from django.http.multipartparser import MultiPartParser
from django.test import Client as Browser

from mteja.clients.models import ImportJob
from mteja.documents.models import ClientImage, Document

from . import files
from .conftest import BASE, national_id_of
from .hostile_forms import KINDS, LONG_FIELDS_BOUND, SAID, field, hostile

pytestmark = pytest.mark.django_db

URLS = {
    "documents": BASE + "/clients/{client}/documents",
    "images": BASE + "/clients/{client}/images",
    "uploadtemplate": BASE + "/clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
}
PAGES = ["documents", "identifier_documents", "photo", "import"]


def _page(where: str, client) -> str:
    if where == "identifier_documents":
        identifier = national_id_of(client)
        return f"/clients/{client.pk}/identifiers/{identifier.pk}/documents/"
    return {
        "documents": f"/clients/{client.pk}/documents/",
        "photo": f"/clients/{client.pk}/photo/edit/",
        "import": "/clients/import/",
    }[where]


def _nothing_written():
    assert not Document.objects.exists()
    assert not ClientImage.objects.exists()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("where", PAGES)
def test_a_page_shows_its_form_again_saying_why_the_body_is_refused(
    admin_user, make_client, settings, where, kind
):
    if kind == "long_fields":
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LONG_FIELDS_BOUND
    browser = Browser(enforce_csrf_checks=True)  # a browser's checks: the token is in the body
    browser.force_login(admin_user)
    url = _page(where, make_client())
    token = browser.get(url).cookies["csrftoken"].value
    body, content_type, environ = hostile(
        kind, files.image("PNG"), field("csrfmiddlewaretoken", token)
    )
    response = browser.generic("POST", url, body, content_type=content_type, **environ)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert 'id="id_file"' in page and 'id="id_file_error"' in page
    error = page[page.index('id="id_file_error"') :][:1000]
    assert SAID[kind] in error
    _nothing_written()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("resource", ["documents", "images", "uploadtemplate"])
def test_the_api_answers_fineracts_error_body(api, make_client, settings, resource, kind):
    if kind == "long_fields":
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LONG_FIELDS_BOUND
    client = make_client()
    named = field("name", "Scan") if resource != "uploadtemplate" else b""  # (an import: none)
    body, content_type, environ = hostile(kind, files.image("PNG"), named)
    response = api.generic(
        "POST", URLS[resource].format(client=client.pk), body, content_type=content_type,
        **environ,
    )  # fmt: skip
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    answer = response.json()
    assert answer["httpStatusCode"] == "400"
    said = [answer["defaultUserMessage"]] + [e["defaultUserMessage"] for e in answer["errors"]]
    assert SAID[kind] in said
    _nothing_written()


@pytest.mark.parametrize(("language", "said"), [
    ("fr", "Le fichier est arrivé tronqué : le formulaire s’est arrêté avant sa fin. "
           "Envoyez-le de nouveau."),
    ("es", "El formulario envía demasiados archivos: 100 como máximo."),
])  # fmt: skip
def test_the_reason_is_said_in_the_users_language(browse_as, admin_user, make_client, language,
                                                  said):  # fmt: skip
    browser = browse_as(admin_user, HTTP_ACCEPT_LANGUAGE=language)
    url = f"/clients/{make_client().pk}/photo/edit/"
    kind = "cut_short" if language == "fr" else "too_many_files"
    body, content_type, environ = hostile(kind, files.image("PNG"))
    response = browser.generic("POST", url, body, content_type=content_type, **environ)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert said in page[page.index('id="id_file_error"') :][:1000]


def test_a_body_the_parser_gets_stuck_on_is_said_not_a_valid_form(
    admin_user, api, make_client, monkeypatch
):
    """Django's parser stops on a body that makes it step back in place again and again
    (SuspiciousMultipartForm, hard to forge by hand: stood in for here)."""

    def stuck(parser):
        raise SuspiciousMultipartForm("The multipart parser got stuck")

    monkeypatch.setattr(MultiPartParser, "parse", stuck)
    client = make_client()
    body, content_type, _environ = hostile("twice", files.image("PNG"))
    browser = Browser()
    browser.force_login(admin_user)
    page = browser.generic(
        "POST", f"/clients/{client.pk}/documents/", body, content_type=content_type
    )
    assert page.status_code == 400
    shown = page.content.decode()
    assert SAID["no_boundary"] in shown[shown.index('id="id_file_error"') :][:1000]
    answer = api.generic(
        "POST", URLS["documents"].format(client=client.pk), body, content_type=content_type
    )
    assert answer.status_code == 400 and answer.json()["defaultUserMessage"] == SAID["no_boundary"]
    _nothing_written()
