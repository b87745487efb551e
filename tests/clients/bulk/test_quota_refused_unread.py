"""An upload that would take its user's import files, or their office's, past their bound is
refused without its body being read whole (decision 313): one whose user (or office) keeps
the bound already, before any of it is read; any other stopped at its file's first bytes
past the room left. The same 400 naming the `file` as a refusal after the whole body (its
size not said), over the API and on the page, nothing kept; an upload within the room is
read and taken as before."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import FakePayload
from tests.clients.bulk.test_job_api import UPLOAD, upload
from tests.clients.bulk.test_job_files_quota import kept_folders
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.quota import OFFICE_OVER_QUOTA, OVER_QUOTA, bytes_kept
from mteja.clients.models import ImportJob
from mteja.core.sizes import file_size

pytestmark = pytest.mark.django_db

BIG_ROWS = 30_000  # a file of about 1 MB, sixteen times the parser's chunk of 64 KiB


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def body_bytes_read(monkeypatch):
    """The bytes the requests' bodies gave whoever read them (the test client's input)."""
    read = []
    plain_read, plain_readline = FakePayload.read, FakePayload.readline

    def counted(taking):
        def take(payload, *args):
            got = taking(payload, *args)
            read.append(len(got))
            return got

        return take

    monkeypatch.setattr(FakePayload, "read", counted(plain_read))
    monkeypatch.setattr(FakePayload, "readline", counted(plain_readline))
    return read


@pytest.fixture
def kept(api_as, clerk):
    """The bytes the clerk's first import keeps."""
    assert upload(api_as(clerk), client_file(2)).status_code == 200
    return bytes_kept(clerk)


def refused_code(response) -> str:
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "file"
    return error["userMessageGlobalisationCode"]


def post_page(browser, data: bytes):
    return browser.post("/clients/import/", {"file": SimpleUploadedFile("c.csv", data)})


def test_a_user_at_their_bound_is_refused_over_the_api_with_nothing_read(
    api_as, clerk, kept, settings, body_bytes_read
):
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = kept
    folders = kept_folders()
    response = upload(api_as(clerk), client_file(1))
    assert response.status_code == 400
    assert refused_code(response) == OVER_QUOTA
    message = response.json()["errors"][0]["defaultUserMessage"]
    assert message.startswith(
        f"Your imports keep {file_size(kept)} of files on the server, and you may keep "
        f"{file_size(kept)}: this file would pass that."
    )
    assert sum(body_bytes_read) == 0
    assert ImportJob.objects.count() == 1 and kept_folders() == folders


def test_a_user_at_their_bound_is_refused_on_the_page_with_nothing_read(
    browse_as, clerk, kept, settings, body_bytes_read
):
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = kept
    page = post_page(browse_as(clerk), client_file(1))
    assert page.status_code == 400
    (by_the_file,) = page.context["form"].errors["file"]
    assert by_the_file.startswith("Your imports keep")
    assert sum(body_bytes_read) == 0
    assert ImportJob.objects.count() == 1


def test_a_sender_without_a_length_is_refused_as_at_their_bound(
    api_as, clerk, kept, settings, body_bytes_read
):
    """A chunked body (no Content-Length) is judged by what is kept alone."""
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = kept
    response = api_as(clerk).generic(
        "POST", f"{UPLOAD}?legalFormType=CLIENTS_PERSON", b"",
        CONTENT_TYPE="multipart/form-data; boundary=b", CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )  # fmt: skip
    assert (response.status_code, refused_code(response)) == (400, OVER_QUOTA)
    assert ImportJob.objects.count() == 1


def test_an_office_at_its_bound_refuses_a_colleague_with_nothing_read(
    api_as, kept, make_user, kibera, settings, body_bytes_read
):
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE = kept
    colleague = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    response = upload(api_as(colleague), client_file(1))
    assert (response.status_code, refused_code(response)) == (400, OFFICE_OVER_QUOTA)
    assert sum(body_bytes_read) == 0
    assert ImportJob.objects.count() == 1


def test_a_file_past_the_room_left_is_stopped_as_it_is_read_over_the_api(
    api_as, clerk, kept, settings, body_bytes_read
):
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = kept + 1000
    big = client_file(BIG_ROWS)
    folders = kept_folders()
    response = upload(api_as(clerk), big)
    assert (response.status_code, refused_code(response)) == (400, OVER_QUOTA)
    assert "this file would pass that" in response.json()["errors"][0]["defaultUserMessage"]
    assert sum(body_bytes_read) < len(big) // 4  # stopped within its first chunks
    assert ImportJob.objects.count() == 1 and kept_folders() == folders


def test_a_file_past_the_offices_room_is_stopped_as_it_is_read_on_the_page(
    browse_as, clerk, kept, settings, body_bytes_read
):
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = 100 * kept
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE = kept + 1000
    big = client_file(BIG_ROWS)
    page = post_page(browse_as(clerk), big)
    assert page.status_code == 400
    (by_the_file,) = page.context["form"].errors["file"]
    assert by_the_file.startswith("The imports of Kibera keep")
    assert sum(body_bytes_read) < len(big) // 4
    assert ImportJob.objects.count() == 1


def test_a_file_within_the_room_left_is_read_whole_and_taken(
    api_as, browse_as, clerk, kept, settings, body_bytes_read
):
    one = client_file(1)
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE = kept + 2 * len(one)
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = kept + 2 * len(one)
    assert upload(api_as(clerk), one).status_code == 200
    assert sum(body_bytes_read) > len(one)
    # (Its job's outcomes are kept too: the room left is counted again.)
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = bytes_kept(clerk) + len(one)
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE = bytes_kept(clerk) + 2 * len(one)
    page = post_page(browse_as(clerk), one)
    assert page.status_code == 302, page.context["form"].errors  # reaches the bound exactly
    assert ImportJob.objects.count() == 3
    assert upload(api_as(clerk), one).status_code == 400  # and no further
