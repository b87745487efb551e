"""Two uploads at once from one office are counted one after the other against its bound
(decision 249): the second waits for the first's job and counts its file, where both found
the office under its bound and both kept their files. The office's row is held only against
other uploads: a client created in the office meanwhile is not kept waiting. (On SQLite a
writing transaction holds the one write lock from its start: writers take turns already.)

The first upload is held after its file is kept, uncommitted, while the second tries."""

import pytest
from django.db import connection
from tests.clients.bulk.test_jobs import client_file
from tests.clients.test_duplicate_races import Held, _in_thread, _race

from mteja.clients import services
from mteja.clients.imports import files
from mteja.clients.imports.quota import OFFICE_OVER_QUOTA, MostKeptBytes
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ImportJob
from mteja.core.errors import ValidationFailed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(user, data: bytes):
    """The upload the page and the API make, bounded: Kibera may keep one such file, not
    two (the jobs are queued: they have no result yet)."""
    most = MostKeptBytes(per_user=0, per_office=len(data) * 3 // 2)
    return lambda: import_job_create(
        actor=user, data=data, file_name="clients.csv", most_kept_bytes=most
    )


def test_two_uploads_at_once_from_one_office_do_not_both_pass_its_bound(
    make_user, kibera, monkeypatch
):
    first_clerk, second_clerk = (
        make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera) for _ in range(2)
    )
    held = Held(monkeypatch, files, "store_source")
    first, second = _race(
        _upload(first_clerk, client_file(3)), _upload(second_clerk, client_file(3)), held
    )
    assert isinstance(first[0], ImportJob), first
    assert isinstance(second[0], ValidationFailed), second
    assert second[0].errors[0].code == OFFICE_OVER_QUOTA
    assert ImportJob.objects.count() == 1


def test_a_client_created_in_the_office_meanwhile_does_not_wait(make_user, kibera, monkeypatch):
    clerk = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    held = Held(monkeypatch, files, "store_source")
    upload_thread, uploaded = _in_thread(_upload(clerk, client_file(3)))
    assert held.written.wait(timeout=20), uploaded
    fields = {"firstname": "Asha", "lastname": "Meanwhile"}
    create_thread, created = _in_thread(
        lambda: services.client_create(actor=None, office=kibera, fields=fields)
    )
    create_thread.join(timeout=20)  # the upload still holds Kibera's row
    finished_first = bool(created)
    held.release()
    upload_thread.join(timeout=20)
    create_thread.join(timeout=20)
    assert finished_first, "the client waited for the upload's lock of its office"
    assert isinstance(uploaded[0], ImportJob), uploaded
    assert Client.objects.filter(lastname="Meanwhile").count() == 1
