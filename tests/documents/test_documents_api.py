"""/clients/{id}/documents and /client_identifiers/{id}/documents: uploads judged by their
content, stored under generated names with their hash, downloaded as attachments, deleted
with their files, audited and scoped."""

import hashlib

import pytest
from django.test import override_settings

from mteja.core.models import AuditEvent
from mteja.documents import storage
from mteja.documents.models import Document
from mteja.organisation.models import CodeValue

from . import files
from .conftest import BASE, docs_url, national_id_of, upload

pytestmark = pytest.mark.django_db


def post(api, client, name, content, **fields):
    return api.post(
        docs_url(client),
        {"file": upload(name, content), "name": fields.pop("title", "A document"), **fields},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [
        ("scan.pdf", files.PDF, "application/pdf"),
        ("photo.jpg", files.image("JPEG"), "image/jpeg"),
        ("photo.png", files.image("PNG"), "image/png"),
        ("photo.webp", files.image("WEBP"), "image/webp"),
        # Named wrongly: the content decides.
        ("photo.pdf", files.image("PNG"), "image/png"),
    ],
)
def test_each_accepted_type_is_kept_by_its_content(api, make_client, name, content, detected):
    client = make_client()
    response = post(api, client, name, content, description="Front page")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["clientId"] == client.pk and body["resourceId"]
    shown = api.get(docs_url(client, body["resourceId"])).json()
    assert shown["type"] == detected
    assert shown["name"] == "A document" and shown["description"] == "Front page"
    assert shown["parentEntityType"] == "clients" and shown["parentEntityId"] == client.pk
    document = Document.objects.get(pk=body["resourceId"])
    assert name.rsplit(".")[0] not in document.storage_name  # a generated name
    assert shown["fileName"].endswith(document.storage_name.rsplit(".", 1)[1])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.pdf", files.HTML),
        ("drawing.svg", files.SVG),
        ("drawing.png", files.SVG),
        ("notes.pdf", files.TEXT),
        ("setup.pdf", files.EXE),
        ("photo.jpg", files.polyglot_jpeg()),
        ("scan.pdf", files.polyglot_pdf()),
        ("scan.pdf", files.PDF_WITH_SCRIPT),
        ("scan.pdf", files.PDF[:60]),  # cut short
        ("empty.pdf", b""),
    ],
)
def test_hostile_or_disguised_files_are_refused_with_a_400(api, make_client, name, content):
    client = make_client()
    response = post(api, client, name, content)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["errors"][0]["parameterName"] == "file"
    assert body["errors"][0]["userMessageGlobalisationCode"].startswith(
        "validation.msg.document.file"
    )
    assert not Document.objects.exists()


def test_the_size_limit_is_enforced_while_streaming(api, make_client):
    client = make_client()
    with override_settings(MTEJA_UPLOAD_MAX_BYTES=len(files.PDF) - 1):
        response = post(api, client, "scan.pdf", files.PDF)
    assert response.status_code == 400
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "validation.msg.document.file.exceeds.max.size"
    )
    with override_settings(MTEJA_UPLOAD_MAX_BYTES=len(files.PDF)):
        assert post(api, client, "scan.pdf", files.PDF).status_code == 200


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(api, make_client):
    client = make_client()
    with override_settings(MTEJA_UPLOAD_MAX_BYTES=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = post(api, client, "scan.pdf", files.PDF + b" " * 5000)
    assert response.status_code == 413
    assert response.json()["httpStatusCode"] == "413"


def test_download_gives_the_same_bytes_as_an_attachment(api, make_client):
    client = make_client()
    document_id = post(api, client, "../../etc/<passwd>.pdf", files.PDF).json()["resourceId"]
    response = api.get(f"{docs_url(client, document_id)}/attachment")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition and "<" not in disposition
    document = Document.objects.get(pk=document_id)
    assert document.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert document.size == len(files.PDF)


def test_images_lose_their_exif_and_gps(api, make_client):
    client = make_client()
    original = files.image("JPEG", exif=True)
    assert b"SpyCam" in original
    document_id = post(api, client, "me.jpg", original).json()["resourceId"]
    response = api.get(f"{docs_url(client, document_id)}/attachment")
    stored = b"".join(response.streaming_content)
    assert stored.startswith(b"\xff\xd8\xff") and b"SpyCam" not in stored
    assert Document.objects.get(pk=document_id).sha256 == hashlib.sha256(stored).hexdigest()


def test_categories_and_the_list_filter(api, make_client, category):
    client = make_client()
    post(api, client, "id.pdf", files.PDF, title="ID", categoryId=category("Identity"))
    post(api, client, "bill.pdf", files.PDF, title="Bill", categoryId=category("Proof of address"))
    everything = api.get(docs_url(client)).json()
    assert [d["name"] for d in everything] == ["ID", "Bill"]
    assert everything[0]["category"]["name"] == "Identity"
    only = api.get(docs_url(client), {"categoryId": category("Proof of address")}).json()
    assert [d["name"] for d in only] == ["Bill"]
    gender = CodeValue.objects.filter(code__name="Gender").first().pk
    refused = post(api, client, "x.pdf", files.PDF, categoryId=gender)
    assert refused.status_code == 404
    assert refused.json()["errors"][0]["parameterName"] == "categoryId"
    assert api.get(docs_url(client), {"categoryId": "abc"}).status_code == 400


def test_change_and_delete_are_audited_and_remove_the_file(
    api, make_client, category, django_capture_on_commit_callbacks
):
    client = make_client()
    document_id = post(api, client, "id.pdf", files.PDF, title="ID").json()["resourceId"]
    changed = api.put(
        docs_url(client, document_id),
        {"name": "National ID", "categoryId": category("Identity")},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["changes"] == {"name": "National ID", "categoryId": category("Identity")}
    document = Document.objects.get(pk=document_id)
    assert storage.file_storage().exists(document.storage_name)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(docs_url(client, document_id)).status_code == 200
    assert not Document.objects.filter(pk=document_id).exists()
    assert not storage.file_storage().exists(document.storage_name)
    deleted = AuditEvent.objects.get(entity_name="DOCUMENT", action_name="DELETE")
    assert deleted.changes["name"] == ["National ID", None]
    assert deleted.changes["sha256"][0] == hashlib.sha256(files.PDF).hexdigest()
    assert deleted.maker is not None and deleted.client_id == client.pk
    assert AuditEvent.objects.filter(entity_name="DOCUMENT", action_name="CREATE").count() == 1
    assert api.get(docs_url(client, document_id)).status_code == 404


def test_a_failed_write_leaves_no_file_behind(api, make_client, monkeypatch):
    client = make_client()
    from mteja.documents import services

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services.writes, "record_created", broken)
    stored = []
    real_store = storage.store
    monkeypatch.setattr(storage, "store", lambda *a: stored.append(real_store(*a)) or stored[-1])
    with pytest.raises(RuntimeError):
        services.document_create(
            actor=None,
            owner=client,
            checked=__import__("mteja.documents.uploads", fromlist=["x"]).check_file(files.PDF),
            file_name="a.pdf",
            fields=services.DocumentFields(name="A"),
        )
    assert stored and not storage.file_storage().exists(stored[0])
    assert not Document.objects.exists()


def test_name_is_required_but_defaults_to_the_file_name(api, make_client):
    client = make_client()
    response = api.post(
        docs_url(client), {"file": upload("scan.pdf", files.PDF)}, format="multipart"
    )
    assert response.status_code == 200
    assert api.get(docs_url(client)).json()[0]["name"] == "scan.pdf"
    missing = api.post(docs_url(client), {"name": "No file"}, format="multipart")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["parameterName"] == "file"
    unknown = api.post(
        docs_url(client), {"file": upload("a.pdf", files.PDF), "colour": "red"}, format="multipart"
    )
    assert unknown.status_code == 400


def test_signature_as_the_web_app_uploads_it(api, make_client):
    client = make_client()
    response = api.post(
        docs_url(client),
        {"file": upload("sig.png", files.image("PNG")), "name": "clientSignature",
         "description": "Client signature"},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 200
    listed = api.get(docs_url(client)).json()
    signature = next(d for d in listed if d["name"] == "clientSignature")
    file = api.get(f"{docs_url(client, signature['id'])}/attachment")
    assert file["Content-Type"] == "image/png"
    assert api.delete(docs_url(client, signature["id"])).status_code == 200


def test_documents_of_an_identity_document(api, make_client):
    client = make_client()
    identifier = national_id_of(client, "AB12345")
    url = f"{BASE}/client_identifiers/{identifier.pk}/documents"
    created = api.post(
        url, {"file": upload("id.pdf", files.PDF), "name": "Scan"}, format="multipart"
    )
    assert created.status_code == 200, created.json()
    document_id = created.json()["resourceId"]
    listed = api.get(url).json()
    assert [(d["id"], d["parentEntityType"], d["parentEntityId"]) for d in listed] == [
        (document_id, "client_identifiers", identifier.pk)
    ]
    assert api.get(docs_url(client)).json() == []  # not among the client's own
    file = api.get(f"{url}/{document_id}/attachment")
    assert b"".join(file.streaming_content) == files.PDF
    assert api.get(f"{BASE}/client_identifiers/999999/documents").status_code == 404
    assert api.delete(f"{url}/{document_id}").status_code == 200


def test_another_branchs_documents_do_not_exist(api, api_as, make_client, make_office, make_user):
    branch, other = make_office(), make_office()
    theirs = make_client(office=other)
    document_id = post(api, theirs, "a.pdf", files.PDF).json()["resourceId"]
    clerk = api_as(make_user(("ALL_FUNCTIONS",), office=branch))
    for response in (
        clerk.get(docs_url(theirs)),
        clerk.get(docs_url(theirs, document_id)),
        clerk.get(f"{docs_url(theirs, document_id)}/attachment"),
        clerk.delete(docs_url(theirs, document_id)),
        clerk.post(docs_url(theirs), {"file": upload("a.pdf", files.PDF)}, format="multipart"),
    ):
        assert response.status_code == 404, response.content
        assert response["Content-Type"].startswith("application/json")
    assert Document.objects.filter(client=theirs).count() == 1


def test_permissions_are_fineracts(api_as, make_client, make_user):
    client = make_client()
    reader = api_as(make_user(("READ_CLIENT", "READ_DOCUMENT")))
    assert reader.get(docs_url(client)).status_code == 200
    refused = reader.post(
        docs_url(client), {"file": upload("a.pdf", files.PDF)}, format="multipart"
    )
    assert refused.status_code == 403
    assert refused.json()["userMessageGlobalisationCode"] == "error.msg.not.authorized"
    stranger = api_as(make_user(("READ_CLIENT",)))
    assert stranger.get(docs_url(client)).status_code == 403


def test_a_logged_in_browser_without_csrf_token_gets_json_not_a_form_page(
    client, admin_user, make_client
):
    """The web-app on the same origin: a session cookie but no CSRF token answers Fineract's
    JSON, never Django's HTML "form expired" page."""
    target = make_client()
    client.force_login(admin_user)
    from django.test import Client as DjangoClient

    browser = DjangoClient(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    response = browser.post(docs_url(target), {"file": upload("a.pdf", files.PDF)})
    assert response["Content-Type"].startswith("application/json")
    assert response.status_code == 403


def test_a_new_file_replaces_the_old_one(api, make_client, django_capture_on_commit_callbacks):
    client = make_client()
    document_id = post(api, client, "id.pdf", files.PDF, title="ID").json()["resourceId"]
    old_name = Document.objects.get(pk=document_id).storage_name
    with django_capture_on_commit_callbacks(execute=True):
        response = api.put(
            docs_url(client, document_id),
            {"file": upload("id.png", files.image("PNG")), "description": "Rescanned"},
            format="multipart",
        )
    assert response.status_code == 200, response.json()
    document = Document.objects.get(pk=document_id)
    assert document.content_type == "image/png" and document.description == "Rescanned"
    assert document.file_name == "id.png"
    assert not storage.file_storage().exists(old_name)
    assert storage.file_storage().exists(document.storage_name)
    refused = api.put(
        docs_url(client, document_id), {"file": upload("x.pdf", files.SVG)}, format="multipart"
    )
    assert refused.status_code == 400
    assert Document.objects.get(pk=document_id).storage_name == document.storage_name


def test_basic_auth_uploads_work_beside_a_session_cookie(client, admin_user, make_client):
    """The web-app sends HTTP Basic; a session cookie of the same origin changes nothing."""
    from tests.support import basic_auth

    target = make_client()
    client.force_login(admin_user)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        docs_url(target),
        {"file": upload("a.pdf", files.PDF), "name": "Scan"},
        HTTP_AUTHORIZATION=basic_auth(admin_user.username),
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"--xx\r\nbroken", "multipart/form-data; boundary=xx"),
        (b"garbage", "multipart/form-data"),
    ],
)
def test_malformed_multipart_bodies_answer_json_400s(api, make_client, body, content_type):
    response = api.post(docs_url(make_client()), body, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_too_many_form_fields_answer_json_400(api, make_client):
    fields = {f"field{n}": "x" for n in range(1200)}  # Django's limit is 1,000
    response = api.post(
        docs_url(make_client()), {**fields, "file": upload("a.pdf", files.PDF)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.invalid.request.body"
    assert not Document.objects.exists()


def test_fields_on_a_file_answer_is_ignored(api, make_client):
    client = make_client()
    document_id = post(api, client, "a.pdf", files.PDF).json()["resourceId"]
    response = api.get(f"{docs_url(client, document_id)}/attachment", {"fields": "id"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
