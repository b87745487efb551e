"""A finished import's files (its upload, its result) deleted before their days are up
(decision 235): by its starter, or a user of its offices holding DELETE_IMPORT; never while
it is queued, runs or is interrupted; journaled; the job and its counts stay, as when
retention removes them, and the starter's quota is freed. Over the API (`DELETE
/imports/{id}/files`, Fineract's error bodies) and from the job's page, after a confirmation."""

import pytest
from tests.clients.bulk.test_job_access import branch_manager
from tests.clients.bulk.test_job_api import API, upload
from tests.clients.bulk.test_jobs import DEAD_WORKER, client_file

from mteja.clients.imports import files, running
from mteja.clients.imports.quota import OVER_QUOTA, bytes_kept
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import ImportJob
from mteja.core.models import AuditEvent
from mteja.users.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def files_path(job_id) -> str:
    return f"{API}/imports/{job_id}/files"


def code(response) -> str:
    return response.json()["errors"][0]["userMessageGlobalisationCode"]


def deleted_message(job: ImportJob, user) -> str:
    on = job.files_removed_at.date()
    return (
        f"The files of import {job.pk} were deleted on {on.day} {on:%b} {on.year} by "
        f"{user.username}. Its counts stay; its result file can no longer be made. Import the "
        "file again for a new one: the rows imported already are recognised."
    )


def test_its_starter_deletes_a_finished_imports_files_and_keeps_its_counts(api_as, clerk):
    api = api_as(clerk)
    job_id = upload(api, client_file(3, bad_lines={3})).json()
    deleted = api.delete(files_path(job_id))
    assert deleted.status_code == 200, deleted.content
    job = ImportJob.objects.get(pk=job_id)
    on = job.files_removed_at
    assert deleted.json() == {
        "resourceId": job_id,
        "changes": {"filesRemovedOn": [on.year, on.month, on.day]},
    }
    assert not files.job_dir(job).exists()
    body = api.get(f"{API}/imports/{job_id}").json()
    assert (body["status"], body["imported"], body["invalid"]) == ("completed", 2, 1)
    assert body["filesRemovedOn"] == [on.year, on.month, on.day]
    result = api.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id})
    assert (result.status_code, code(result)) == (404, "error.msg.import.result.deleted")
    assert result.json()["errors"][0]["defaultUserMessage"] == deleted_message(job, clerk)
    event = AuditEvent.objects.get(entity_name="IMPORT", action_name="REMOVEFILES")
    assert (event.resource_id, event.maker, event.changes) == (
        job_id, clerk, {"fileName": "clients-person.csv"},
    )  # fmt: skip
    again = api.delete(files_path(job_id))
    assert (again.status_code, code(again)) == (404, "error.msg.import.result.deleted")
    assert AuditEvent.objects.filter(action_name="REMOVEFILES").count() == 1


def test_deleting_its_files_frees_the_starters_quota(api_as, clerk, settings):
    api = api_as(clerk)
    job_id = upload(api, client_file(2)).json()
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = bytes_kept(clerk)
    refused = upload(api, client_file(1))
    assert (refused.status_code, code(refused)) == (400, OVER_QUOTA)
    assert api.delete(files_path(job_id)).status_code == 200
    assert bytes_kept(clerk) == 0
    taken = upload(api, client_file(1))
    assert taken.status_code == 200, taken.content


@pytest.mark.parametrize("state", ["queued", "running", "interrupted"])
def test_a_job_that_has_not_ended_keeps_its_files(api_as, clerk, state):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    if state != "queued":
        worker = DEAD_WORKER if state == "interrupted" else running.this_worker()
        ImportJob.objects.filter(pk=job.pk).update(status="running", worker=worker)
    refused = api_as(clerk).delete(files_path(job.pk))
    assert (refused.status_code, code(refused)) == (403, "error.msg.import.files.in.use")
    assert refused.json()["errors"][0]["defaultUserMessage"] == (
        "The import has not ended: its files are in use. Cancel it, or wait until it ends, "
        "before deleting them."
    )
    assert files.source_path(job).read_bytes() == client_file(2)
    assert ImportJob.objects.get(pk=job.pk).files_removed_at is None
    assert not AuditEvent.objects.filter(action_name="REMOVEFILES").exists()


def test_another_users_job_needs_the_delete_import_permission(api_as, clerk, make_user, kibera):
    job_id = upload(api_as(clerk), client_file(2)).json()
    follower = make_user(("READ_CLIENT", "READ_IMPORT"), office=kibera)
    refused = api_as(follower).delete(files_path(job_id))
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["defaultUserMessage"] == (
        "Only the user who started this import, or a user who may delete others' imports' "
        "files (DELETE_IMPORT), may delete its files."
    )
    assert files.source_path(ImportJob.objects.get(pk=job_id)).is_file()
    manager = branch_manager(make_user, kibera)  # the built-in role holds DELETE_IMPORT
    assert api_as(manager).delete(files_path(job_id)).status_code == 200
    event = AuditEvent.objects.get(action_name="REMOVEFILES")
    assert (event.maker, event.office) == (manager, kibera)


def test_another_branchs_job_does_not_exist_for_its_users(api_as, clerk, make_user, make_office):
    job_id = upload(api_as(clerk), client_file(2)).json()
    elsewhere = make_user(("ALL_FUNCTIONS",), office=make_office(name="Mombasa"))
    refused = api_as(elsewhere).delete(files_path(job_id))
    assert (refused.status_code, code(refused)) == (404, "error.msg.import.id.invalid")
    assert files.source_path(ImportJob.objects.get(pk=job_id)).is_file()
    assert api_as(clerk).delete(files_path(10**9)).status_code == 404


def test_the_branch_manager_role_holds_the_new_permission():
    codes = Role.objects.get(name="Branch manager").permissions.values_list("code", flat=True)
    assert "DELETE_IMPORT" in codes


def test_the_job_page_deletes_its_files_after_a_confirmation(api_as, browse_as, clerk):
    job_id = upload(api_as(clerk), client_file(2)).json()
    web = browse_as(clerk)
    confirm = f"/imports/{job_id}/files/delete/"
    assert confirm in web.get(f"/imports/{job_id}/").content.decode()
    asked = web.get(confirm).content.decode()
    assert f"Delete the files of import {job_id}?" in asked
    assert "Its uploaded file (clients-person.csv) and its result file are deleted" in asked
    assert files.source_path(ImportJob.objects.get(pk=job_id)).is_file()  # asked, not done
    page = web.post(confirm, follow=True).content.decode()
    job = ImportJob.objects.get(pk=job_id)
    assert f"The files of import {job_id} are deleted." in page
    assert deleted_message(job, clerk) in page
    assert confirm not in page and f"/imports/{job_id}/result." not in page
    assert not files.job_dir(job).exists()


def test_the_page_offers_no_deletion_to_whom_it_would_refuse(
    api_as, browse_as, clerk, make_user, kibera
):
    finished = upload(api_as(clerk), client_file(2)).json()
    queued = import_job_create(actor=clerk, data=client_file(1), file_name="a.csv").pk
    assert (
        f"/imports/{queued}/files/delete/"
        not in browse_as(clerk).get(f"/imports/{queued}/").content.decode()
    )
    follower = make_user(("READ_CLIENT", "READ_IMPORT"), office=kibera)
    web = browse_as(follower)
    assert (
        f"/imports/{finished}/files/delete/"
        not in web.get(f"/imports/{finished}/").content.decode()
    )
    refused = web.post(f"/imports/{finished}/files/delete/", follow=True).content.decode()
    assert "may delete its files." in refused
    assert files.source_path(ImportJob.objects.get(pk=finished)).is_file()


@pytest.mark.parametrize(
    ("language", "label"), [("fr", "Supprimer ses fichiers"), ("es", "Eliminar sus archivos")]
)
def test_the_deletion_is_offered_in_the_users_language(api_as, browse_as, clerk, language, label):
    job_id = upload(api_as(clerk), client_file(1)).json()
    page = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language).get(f"/imports/{job_id}/")
    assert label in page.content.decode()


def test_the_journal_page_names_the_deletion(api_as, browse_as, clerk, make_user, kibera):
    job_id = upload(api_as(clerk), client_file(1)).json()
    api_as(clerk).delete(files_path(job_id))
    auditor = browse_as(make_user(("READ_AUDIT", "READ_OFFICE"), office=kibera))
    page = auditor.get("/audit/", {"entityName": "IMPORT"}).content.decode()
    assert "Files removed" in page and "REMOVEFILES" not in page
