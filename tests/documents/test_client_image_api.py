"""/clients/{id}/images: the client's photo as the Mifos X web-app sends and reads it."""

import base64
import io

import pytest
from PIL import Image

from mteja.core.models import AuditEvent
from mteja.documents.models import ClientImage

from . import files
from .conftest import BASE, upload

pytestmark = pytest.mark.django_db


def url(client):
    return f"{BASE}/clients/{client.pk}/images"


def test_multipart_upload_then_data_url_and_octet_reads(api, make_client):
    client = make_client()
    picture = files.image("JPEG", size=(300, 200), exif=True)
    response = api.post(  # as the web-app sends it, with its `filename` beside the file
        url(client),
        {"file": upload("me.jpg", picture, "image/jpeg"), "filename": "file"},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["resourceId"] == client.pk
    text = api.get(url(client))
    assert text["Content-Type"].startswith("text/plain")
    head, encoded = text.content.decode().split(",", 1)
    assert head == "data:image/jpeg;base64"
    stored = base64.b64decode(encoded)
    assert b"SpyCam" not in stored
    octet = api.get(url(client), {"output": "octet"})
    assert b"".join(octet.streaming_content) == stored
    assert octet["Content-Disposition"].startswith("attachment")
    small = api.get(url(client), {"output": "octet", "maxWidth": 150})
    with Image.open(io.BytesIO(b"".join(small.streaming_content))) as scaled:
        assert (scaled.width, scaled.height) == (150, 100)
    # The web-app's call: the data URL of a picture at most 150 pixels high.
    text = api.get(url(client), {"maxHeight": 150}).content.decode()
    with Image.open(io.BytesIO(base64.b64decode(text.split(",", 1)[1]))) as scaled:
        assert (scaled.width, scaled.height) == (225, 150)
    assert api.get(url(client), {"maxHeight": 0}).status_code == 400


def test_the_camera_capture_as_a_data_url_text_body(api, make_client):
    client = make_client()
    data_url = "data:image/png;base64," + base64.b64encode(files.image("PNG")).decode()
    response = api.post(url(client), data_url, content_type="text/plain")
    assert response.status_code == 200, response.content
    assert ClientImage.objects.get(client=client).content_type == "image/png"
    replaced = api.put(
        url(client),
        "data:image/webp;base64," + base64.b64encode(files.image("WEBP")).decode(),
        content_type="text/plain",
    )
    assert replaced.status_code == 200
    assert ClientImage.objects.get(client=client).content_type == "image/webp"


@pytest.mark.parametrize(
    "body",
    [
        "data:image/svg+xml;base64," + base64.b64encode(files.SVG).decode(),
        "data:image/png;base64," + base64.b64encode(files.HTML).decode(),
        "data:image/png;base64,@@not base64@@",
        "javascript:alert(1)",
        "data:application/pdf;base64," + base64.b64encode(files.PDF).decode(),
    ],
)
def test_anything_but_a_picture_is_refused(api, make_client, body):
    client = make_client()
    response = api.post(url(client), body, content_type="text/plain")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "file"
    assert not ClientImage.objects.exists()


def test_delete_and_the_404_without_a_photo(api, make_client, django_capture_on_commit_callbacks):
    client = make_client()
    assert api.get(url(client)).status_code == 404
    api.post(url(client), {"file": upload("me.png", files.image("PNG"))}, format="multipart")
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(url(client)).status_code == 200
    assert api.get(url(client)).status_code == 404
    assert api.delete(url(client)).status_code == 404
    actions = list(
        AuditEvent.objects.filter(entity_name="CLIENTIMAGE").values_list("action_name", flat=True)
    )
    assert sorted(actions) == ["CREATE", "DELETE"]


def test_another_branchs_photo_does_not_exist(api, api_as, make_client, make_office, make_user):
    theirs = make_client(office=make_office())
    api.post(url(theirs), {"file": upload("me.png", files.image("PNG"))}, format="multipart")
    clerk = api_as(make_user(("ALL_FUNCTIONS",), office=make_office()))
    assert clerk.get(url(theirs)).status_code == 404
    assert clerk.delete(url(theirs)).status_code == 404
    png = "data:image/png;base64," + base64.b64encode(files.image("PNG")).decode()
    assert clerk.post(url(theirs), png, content_type="text/plain").status_code == 404
