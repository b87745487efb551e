"""Files left behind by a cascade (a deleted client or identity document) are swept; files of
living records and uploads still in progress are kept."""

import datetime

import pytest
from django.core.management import call_command

from mteja.clients.models import Client
from mteja.core import clock
from mteja.documents import storage
from mteja.documents.models import Document

from . import files
from .conftest import docs_url, upload

pytestmark = pytest.mark.django_db


def test_the_sweep_removes_only_old_unreferenced_files(api, make_client, monkeypatch, capsys):
    kept_client, gone_client = make_client(), make_client()
    for client in (kept_client, gone_client):
        api.post(
            docs_url(client), {"file": upload("a.pdf", files.PDF), "name": "A"}, format="multipart"
        )
    kept = Document.objects.get(client=kept_client).storage_name
    orphan = Document.objects.get(client=gone_client).storage_name
    Client.objects.filter(pk=gone_client.pk).delete()  # the database cascades to the row only
    backend = storage.file_storage()
    assert backend.exists(orphan)
    call_command("sweepdocuments")
    assert backend.exists(orphan)  # too recent: it could be an upload in progress
    later = clock.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(clock, "now", lambda: later)
    call_command("sweepdocuments", "--dry-run")
    assert backend.exists(orphan) and orphan in capsys.readouterr().out
    call_command("sweepdocuments")
    assert not backend.exists(orphan)
    assert backend.exists(kept)
