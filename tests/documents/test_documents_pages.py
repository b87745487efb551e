"""The Documents tab, the supporting documents of an identity document and the photo page,
as a user of the web UI meets them."""

import io

import pytest
from django.test import Client as Browser
from PIL import Image

from mteja.documents.models import ClientImage, Document

from . import files
from .conftest import national_id_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(admin_user):
    browser = Browser(enforce_csrf_checks=False)
    browser.force_login(admin_user)
    return browser


def test_upload_list_view_download_and_delete(browser, make_client, category):
    client = make_client()
    page = f"/clients/{client.pk}/documents/"
    assert "No documents yet." in browser.get(page).content.decode()
    response = browser.post(
        page,
        {"file": upload("scan.pdf", files.PDF), "name": "Payslip", "description": "March",
         "category": category("Income evidence")},
    )  # fmt: skip
    assert response.status_code == 302
    listed = browser.get(page).content.decode()
    assert (
        "Payslip" in listed
        and "Income evidence" in listed
        and "The document was uploaded." in listed
    )
    document = Document.objects.get()
    download = browser.get(f"/clients/{client.pk}/documents/{document.pk}/file/")
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == files.PDF
    shown = browser.get(f"/clients/{client.pk}/documents/{document.pk}/file/?inline=1")
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Security-Policy"].startswith("default-src 'none'")
    assert shown["X-Content-Type-Options"] == "nosniff"
    delete_url = f"/clients/{client.pk}/documents/{document.pk}/delete/"
    assert "Delete the document Payslip?" in browser.get(delete_url).content.decode()
    assert browser.post(delete_url).status_code == 302
    assert not Document.objects.exists()


def test_a_refused_file_is_explained_beside_the_field(browser, make_client):
    client = make_client()
    response = browser.post(
        f"/clients/{client.pk}/documents/", {"file": upload("page.pdf", files.HTML), "name": "X"}
    )
    assert response.status_code == 200  # the form again, with its error
    body = response.content.decode()
    assert 'id="id_file_error"' in body
    assert "not a PDF, JPEG, PNG or WEBP file by its content" in body
    assert not Document.objects.exists()


def test_supporting_documents_of_an_identity_document(browser, make_client):
    client = make_client()
    identifier = national_id_of(client)
    page = f"/clients/{client.pk}/identifiers/{identifier.pk}/documents/"
    assert page in browser.get(f"/clients/{client.pk}/identifiers/").content.decode()
    response = browser.post(page, {"file": upload("id.png", files.image("PNG")), "name": "Front"})
    assert response.status_code == 302
    assert Document.objects.get().identifier == identifier
    assert "Front" in browser.get(page).content.decode()
    assert "Front" not in browser.get(f"/clients/{client.pk}/documents/").content.decode()


def test_the_photo_is_taken_shown_and_removed(browser, make_client):
    client = make_client()
    head = browser.get(f"/clients/{client.pk}/").content.decode()
    assert f'src="/clients/{client.pk}/photo/"' in head
    assert browser.get(f"/clients/{client.pk}/photo/").status_code == 302  # the drawing
    edit = browser.get(f"/clients/{client.pk}/photo/edit/").content.decode()
    assert 'capture="user"' in edit
    saved = browser.post(
        f"/clients/{client.pk}/photo/edit/", {"file": upload("me.jpg", files.image())}
    )
    assert saved.status_code == 302
    photo = browser.get(f"/clients/{client.pk}/photo/")
    assert photo["Content-Type"] == "image/jpeg"
    refused = browser.post(
        f"/clients/{client.pk}/photo/edit/", {"file": upload("me.jpg", files.PDF)}
    )
    assert refused.status_code == 200 and 'id="id_file_error"' in refused.content.decode()
    assert browser.post(f"/clients/{client.pk}/photo/edit/", {"remove": "1"}).status_code == 302
    assert not ClientImage.objects.exists()


def test_another_branchs_documents_are_404(browse_as_branch_user, make_client, make_office):
    theirs = make_client(office=make_office())
    browser = browse_as_branch_user
    assert browser.get(f"/clients/{theirs.pk}/documents/").status_code == 404
    assert browser.get(f"/clients/{theirs.pk}/photo/").status_code == 404


@pytest.fixture
def browse_as_branch_user(make_office, make_user):
    browser = Browser()
    browser.force_login(make_user(("ALL_FUNCTIONS",), office=make_office()))
    return browser


def test_an_upload_over_the_limit_is_explained(browser, make_client, settings):
    settings.MTEJA_UPLOAD_MAX_BYTES = 100
    client = make_client()
    response = browser.post(
        f"/clients/{client.pk}/documents/", {"file": upload("scan.pdf", files.PDF), "name": "X"}
    )
    assert "larger than the limit of 100 bytes" in response.content.decode()
    assert not Document.objects.exists()


def test_the_client_list_shows_each_photo_as_a_thumbnail(browser, make_client, make_user):
    client = make_client()
    browser.post(
        f"/clients/{client.pk}/photo/edit/",
        {"file": upload("me.jpg", files.image(size=(600, 400)))},
    )
    thumb = f"/clients/{client.pk}/photo/?size=thumb"
    assert thumb in browser.get("/clients/").content.decode()

    small = browser.get(thumb)
    with Image.open(io.BytesIO(b"".join(small.streaming_content))) as picture:
        assert max(picture.size) == 96
    reader = Browser()
    reader.force_login(make_user(("READ_CLIENT",)))
    assert "photo/?size=thumb" not in reader.get("/clients/").content.decode()
