"""An office's import jobs keep at most MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE bytes of files
on the server, however many of its users import, each within their own bound (decision 249):
an upload that would pass it is refused before anything is kept — Fineract's 400 naming the
`file` over the API, the message by the file field on the page, in the user's language — and
taken again once the office's finished jobs' files are deleted. A job counts against its own
office (where it is seen from), not its starter's office now, nor the offices above."""

import pytest
from tests.clients.bulk.quota_refusals import (
    assert_refused_by_the_file_field,
    assert_refused_over_the_api,
)
from tests.clients.bulk.test_job_api import upload
from tests.clients.bulk.test_job_files_delete import code, files_path
from tests.clients.bulk.test_job_files_quota import kept_folders
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.quota import OFFICE_OVER_QUOTA, office_bytes_kept
from mteja.clients.models import ImportJob
from mteja.core.sizes import file_size

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def colleague(make_user, kibera):
    """Another Kibera clerk, who has imported nothing."""
    return make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)


@pytest.fixture
def office_full(api_as, clerk, kibera, settings):
    """The clerk's first import done, Kibera's bound set so that it is reached (the users'
    far beyond): Kibera keeps exactly the bytes it may keep. Its job's id."""
    job_id = upload(api_as(clerk), client_file(2)).json()
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE = office_bytes_kept(kibera)
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = 100 * office_bytes_kept(kibera)
    return job_id


def refusal(kept: int) -> str:
    """The refusal of an upload, before its body was read (its size not said)."""
    return (
        f"The imports of Kibera keep {file_size(kept)} of files on the server, and an office's "
        f"imports may keep {file_size(kept)}: this file would pass that. "
        "Delete the files of your office's finished imports no longer needed, on their pages "
        "(a branch manager may delete a colleague's); else an import's files are removed 30 "
        "days after it ends: import this file then, or ask an administrator."
    )


def test_a_colleagues_upload_past_the_offices_bound_is_refused_before_it_is_kept(
    api_as, colleague, kibera, office_full
):
    kept, folders = office_bytes_kept(kibera), kept_folders()
    response = upload(api_as(colleague), client_file(1))
    assert_refused_over_the_api(response, OFFICE_OVER_QUOTA, refusal(kept))
    assert ImportJob.objects.count() == 1
    assert kept_folders() == folders


def test_the_page_says_it_by_the_file_field_in_the_users_language(
    browse_as, colleague, kibera, office_full
):
    assert_refused_by_the_file_field(
        lambda language: browse_as(colleague, HTTP_ACCEPT_LANGUAGE=language),
        {
            "en": refusal(office_bytes_kept(kibera)),
            "fr": "Les imports de Kibera gardent",
            "es": "Las importaciones de Kibera guardan",
        },
    )


def test_deleting_the_offices_finished_files_frees_its_bound(
    api_as, clerk, colleague, kibera, office_full
):
    refused = upload(api_as(colleague), client_file(1))
    assert (refused.status_code, code(refused)) == (400, OFFICE_OVER_QUOTA)
    assert api_as(clerk).delete(files_path(office_full)).status_code == 200
    assert office_bytes_kept(kibera) == 0
    taken = upload(api_as(colleague), client_file(1))
    assert taken.status_code == 200, taken.content


def test_other_offices_and_the_office_above_keep_their_own(
    api_as, make_user, make_office, head_office, office_full
):
    mombasa = make_office(name="Mombasa")
    for office in (mombasa, head_office):
        user = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=office)
        assert upload(api_as(user), client_file(1)).status_code == 200, office.name


def test_a_job_counts_against_its_office_after_its_starter_moves(
    api_as, clerk, colleague, make_office, office_full
):
    clerk.office = make_office(name="Mombasa")
    clerk.save(update_fields=["office"])
    moved = upload(api_as(clerk), client_file(1))
    assert moved.status_code == 200, moved.content  # Mombasa keeps nothing yet
    refused = upload(api_as(colleague), client_file(1))
    assert (refused.status_code, code(refused)) == (400, OFFICE_OVER_QUOTA)  # Kibera's job


def test_no_bound_when_it_is_0(api_as, colleague, settings, office_full):
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE = 0
    assert upload(api_as(colleague), client_file(1)).status_code == 200
