"""Files whose name or declared type lies, empty files and pictures sent as data URLs: each
refused with a clear message by the file (the pages) or in Fineract's error body (the API), or
stored by what its content is and served back only as that — never as HTML or SVG that runs
script, never sniffed as another type."""

import base64

import pytest
from django.test import Client as Browser

from mteja.documents.models import ClientImage, Document

from . import files
from .conftest import BASE
from .hostile_forms import CONTENT_TYPE, END, field, file_part

pytestmark = pytest.mark.django_db

LIES = [
    ("photo.png", files.EXE, "image/png", "not a PDF, JPEG, PNG or WEBP file by its content"),
    ("photo.png", files.SVG, "image/png", "not a PDF, JPEG, PNG or WEBP file by its content"),
    ("empty.png", b"", "image/png", "The submitted file is empty."),
]


@pytest.fixture
def browser(admin_user):
    browser = Browser()
    browser.force_login(admin_user)
    return browser


def _post(browser, url, file_name, data, declared, **fields):
    body = b"".join(field(key.replace("title", "name"), value) for key, value in fields.items())
    body += file_part("file", file_name, data, declared) + END
    return browser.generic("POST", url, body, content_type=CONTENT_TYPE)


@pytest.mark.parametrize(("name", "data", "declared", "said"), LIES)
@pytest.mark.parametrize("page", ["documents/", "photo/edit/"])
def test_a_page_refuses_a_file_whose_type_lies_by_its_field(
    browser, make_client, page, name, data, declared, said
):
    client = make_client()
    response = _post(browser, f"/clients/{client.pk}/{page}", name, data, declared, title="X")
    assert response.status_code == 200  # the form again, with its error
    shown = response.content.decode()
    error = shown[shown.index('id="id_file_error"') :][:1000]
    if page == "photo/edit/" and data:
        said = "not a JPEG, PNG or WEBP file by its content"
    assert said in error
    assert not Document.objects.exists() and not ClientImage.objects.exists()


def test_a_picture_sent_as_html_is_kept_and_served_as_the_picture_it_is(browser, make_client):
    client = make_client()
    picture = files.image("PNG")
    response = _post(browser, f"/clients/{client.pk}/documents/", "page.html", picture,
                     "text/html", title="Page")  # fmt: skip
    assert response.status_code == 302
    document = Document.objects.get()
    download = browser.get(f"/clients/{client.pk}/documents/{document.pk}/file/")
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".html" not in disposition
    shown = browser.get(f"/clients/{client.pk}/documents/{document.pk}/file/?inline=1")
    assert shown["Content-Type"] == "image/png" and shown["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in shown["Content-Security-Policy"]
    # The same picture as the client's photo, declared an SVG.
    saved = _post(browser, f"/clients/{client.pk}/photo/edit/", "me.svg", picture,
                  "image/svg+xml")  # fmt: skip
    assert saved.status_code == 302
    photo = browser.get(f"/clients/{client.pk}/photo/")
    assert photo["Content-Type"] == "image/png" and photo["X-Content-Type-Options"] == "nosniff"


def _data_url(media: str, data: bytes) -> str:
    return f"data:{media};base64," + base64.b64encode(data).decode()


@pytest.mark.parametrize(
    "text",
    [
        _data_url("image/png", files.SVG),  # a script, called a PNG
        _data_url("image/svg+xml", files.SVG),
        _data_url("text/html", files.HTML),
        _data_url("image/png", files.EXE),
        _data_url("image/png", files.image("PNG"))[:-3],  # cut short
        _data_url("image/png", b""),
        "",
        "data:image/png;base64,@@@@",
        "data:" + "image/png;" * 2_000 + "base64," + base64.b64encode(b"x").decode(),
    ],
)
def test_the_api_refuses_a_data_url_that_is_no_picture(api, make_client, text):
    client = make_client()
    response = api.post(f"{BASE}/clients/{client.pk}/images", text, content_type="text/plain")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["parameterName"] in {"file", "dataUrl", "image"}
    assert not ClientImage.objects.exists()


def test_the_api_serves_a_document_sent_as_html_as_the_picture_it_is(api, make_client):
    client = make_client()
    body = field("name", "Page") + file_part("file", "page.html", files.image("PNG"), "text/html")
    response = api.generic(
        "POST", f"{BASE}/clients/{client.pk}/documents", body + END, content_type=CONTENT_TYPE
    )
    assert response.status_code == 200, response.content
    document_id = response.json()["resourceId"]
    download = api.get(f"{BASE}/clients/{client.pk}/documents/{document_id}/attachment")
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert ".html" not in download["Content-Disposition"]
