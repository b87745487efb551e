"""Documents kept in S3-compatible object storage (django-storages), against moto's S3 server
started by the test: upload, download the same bytes, delete removes the object."""

import boto3
import pytest
from django.conf import settings
from django.test import override_settings
from moto.server import ThreadedMotoServer

from mteja.documents.models import Document

from . import files
from .conftest import docs_url, upload

pytestmark = pytest.mark.django_db
BUCKET = "mteja-documents"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    bucket = boto3.resource("s3", endpoint_url=s3_server, region_name="us-east-1").Bucket(BUCKET)
    bucket.create()
    options = {"bucket_name": BUCKET, "endpoint_url": s3_server, "file_overwrite": False,
               "default_acl": None}  # fmt: skip
    storages = {**settings.STORAGES, "documents": {
        "BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}  # fmt: skip
    with override_settings(STORAGES=storages):
        yield bucket
    bucket.objects.all().delete()
    bucket.delete()


def test_documents_round_trip_through_object_storage(
    s3, api, make_client, django_capture_on_commit_callbacks
):
    client = make_client()
    created = api.post(
        docs_url(client),
        {"file": upload("scan.pdf", files.PDF), "name": "Scan"},
        format="multipart",
    )
    assert created.status_code == 200, created.json()
    document = Document.objects.get(pk=created.json()["resourceId"])
    assert [o.key for o in s3.objects.all()] == [document.storage_name]
    download = api.get(f"{docs_url(client, document.pk)}/attachment")
    assert b"".join(download.streaming_content) == files.PDF
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(docs_url(client, document.pk)).status_code == 200
    assert list(s3.objects.all()) == []


def test_a_missing_object_answers_404_not_500(s3, api, make_client):
    client = make_client()
    created = api.post(
        docs_url(client),
        {"file": upload("scan.pdf", files.PDF), "name": "Scan"},
        format="multipart",
    )
    document = Document.objects.get(pk=created.json()["resourceId"])
    s3.Object(document.storage_name).delete()
    response = api.get(f"{docs_url(client, document.pk)}/attachment")
    assert response.status_code == 404
    assert response.json()["httpStatusCode"] == "404"
