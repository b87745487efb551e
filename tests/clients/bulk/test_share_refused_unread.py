"""A user holding MTEJA_IMPORTS_WAITING_PER_USER unfinished imports is refused another before
their upload is read (decision 303): a flood of uploads by one user at their share costs the
server no body received and stored, over the API and from the web page alike. The count that
holds is still made again, under its lock, as a job is made."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import multipartparser
from tests.clients.bulk.test_job_api import upload
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.services import import_job_create
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies_read(monkeypatch):
    """The multipart bodies Django parsed (a parse reads the whole body, its file stored)."""
    parsed = []
    parse = multipartparser.MultiPartParser.parse

    def counted(parser):
        parsed.append(parser)
        return parse(parser)

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", counted)
    return parsed


@pytest.fixture
def at_their_share(clerk, settings):
    settings.MTEJA_IMPORTS_WAITING_PER_USER = 2
    for n in range(2):
        import_job_create(actor=clerk, data=client_file(1), file_name=f"{n}.csv")
    return clerk


def test_an_upload_beyond_the_share_is_a_429_over_the_api_with_its_body_unread(
    api_as, at_their_share, bodies_read
):
    response = upload(api_as(at_their_share), client_file(3))
    assert response.status_code == 429
    (error,) = response.json()["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.import.too.many.waiting"
    assert "You have 2 imports waiting or running" in error["defaultUserMessage"]
    assert bodies_read == []
    assert ImportJob.objects.count() == 2


def test_an_upload_beyond_the_share_is_refused_on_the_page_with_its_body_unread(
    browse_as, at_their_share, bodies_read
):
    response = browse_as(at_their_share).post(
        "/clients/import/", {"file": SimpleUploadedFile("three.csv", client_file(3))}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have 2 imports waiting or running" in page
    assert 'name="file"' in page  # the form shown again, the reason by its file
    assert bodies_read == []
    assert ImportJob.objects.count() == 2


def test_a_user_below_their_share_is_read_and_served_as_before(
    api_as, browse_as, clerk, settings, bodies_read
):
    settings.MTEJA_IMPORTS_WAITING_PER_USER = 2
    import_job_create(actor=clerk, data=client_file(1), file_name="one.csv")
    assert upload(api_as(clerk), client_file(1)).status_code == 200
    assert len(bodies_read) == 1
    assert ImportJob.objects.count() == 2


def test_a_colleague_at_their_share_holds_no_other_user_back(
    browse_as, at_their_share, make_user, kibera, bodies_read
):
    colleague = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    response = browse_as(colleague).post(
        "/clients/import/", {"file": SimpleUploadedFile("one.csv", client_file(1))}
    )
    assert response.status_code == 302
    assert len(bodies_read) == 1


def test_a_second_import_at_once_by_one_user_is_a_429_with_its_body_unread(
    api_as, clerk, bodies_read
):
    from mteja.clients.models import Client
    from mteja.core import slots

    url = "/fineract-provider/api/v1/clients/import"
    body = {"file": SimpleUploadedFile("c.csv", client_file(2))}
    running = slots.take(f"import-at-once-user-{clerk.pk}", 1)  # their first, still running
    refused = api_as(clerk).post(url, body, format="multipart")
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.client.import.in.progress"
    )
    assert bodies_read == []
    running.release()
    body = {"file": SimpleUploadedFile("c.csv", client_file(2))}
    assert api_as(clerk).post(url, body, format="multipart").json()["imported"] == 2
    assert len(bodies_read) == 1 and Client.objects.count() == 2
    # Its slot given back as it ended, a refusal of its file too: the next one is taken.
    bad = {"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")}
    assert api_as(clerk).post(url, bad, format="multipart").status_code == 400
    given_back = slots.take(f"import-at-once-user-{clerk.pk}", 1)
    assert given_back is not None
    given_back.release()


def test_a_read_of_the_upload_endpoints_is_answered_as_before_at_the_share(api_as, at_their_share):
    """The share refuses an upload: a GET of the endpoint still answers its 405."""
    from mteja.core import slots

    api = api_as(at_their_share)
    running = slots.take(f"import-at-once-user-{at_their_share.pk}", 1)
    for url in ("clients/uploadtemplate", "clients/import"):
        assert api.get(f"/fineract-provider/api/v1/{url}").status_code == 405, url
    running.release()
