"""A finished import job's files (its upload and its result) are removed by the worker's
upkeep MTEJA_IMPORT_FILES_KEPT_DAYS after it ended (decision 206): the job and its counts
stay; its result file is then refused with Fineract's 404 saying why, and its page says so
instead of offering it. A job queued, running or interrupted keeps its files however old."""

import datetime

import pytest
from tests.clients.bulk.test_job_api import API, read, upload
from tests.clients.bulk.test_jobs import DEAD_WORKER, client_file

from mteja.clients.imports import files
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import ImportJob
from mteja.clients.tasks import import_upkeep
from mteja.core import clock
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

EXPIRED = "error.msg.import.result.expired"


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def ended_days_ago(job_id: int, days: int, **state) -> ImportJob:
    ended = clock.now() - datetime.timedelta(days=days)
    ImportJob.objects.filter(pk=job_id).update(finished_at=ended, **state)
    return ImportJob.objects.get(pk=job_id)


def removed_message(job: ImportJob, days=30) -> str:
    on = job.files_removed_at.date()
    return (
        f"The files of import {job.pk} were removed on {on.day} {on:%b} {on.year}: files are "
        f"kept {days} days after their import ends. Its counts stay; its result file can no "
        "longer be made. Import the file again for a new one: the rows imported already are "
        "recognised."
    )


def test_a_job_finished_past_the_days_kept_loses_its_files_and_keeps_its_counts(
    api_as, browse_as, clerk
):
    old = ended_days_ago(upload(api_as(clerk), client_file(3, bad_lines={3})).json(), 31)
    recent = ended_days_ago(upload(api_as(clerk), client_file(2)).json(), 29)
    import_upkeep.enqueue()  # (the tests' backend runs it at once)
    old.refresh_from_db()
    assert old.files_removed_at is not None
    assert not files.job_dir(old).exists()
    assert files.source_path(recent).read_bytes() == client_file(2)
    api, web = api_as(clerk), browse_as(clerk)
    body = api.get(f"{API}/imports/{old.pk}").json()
    assert (body["status"], body["imported"], body["invalid"]) == ("completed", 2, 1)
    assert body["filesRemovedOn"] == [old.files_removed_at.year, old.files_removed_at.month,
                                      old.files_removed_at.day]  # fmt: skip
    assert api.get(f"{API}/imports/{recent.pk}").json()["filesRemovedOn"] is None
    refused = api.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": old.pk})
    assert refused.status_code == 404
    (error,) = refused.json()["errors"]
    assert (error["userMessageGlobalisationCode"], error["parameterName"]) == (
        EXPIRED, "importDocumentId",
    )  # fmt: skip
    assert error["defaultUserMessage"] == removed_message(old)
    page = web.get(f"/imports/{old.pk}/").content.decode()
    assert removed_message(old) in page
    assert f"/imports/{old.pk}/result." not in page
    download = web.get(f"/imports/{old.pk}/result.csv")
    assert download.status_code == 404
    assert removed_message(old) in download.content.decode()
    assert f"/imports/{recent.pk}/result.csv" in web.get(f"/imports/{recent.pk}/").content.decode()
    assert read(web.get(f"/imports/{recent.pk}/result.csv")).status_code == 200
    event = AuditEvent.objects.get(entity_name="IMPORT", action_name="REMOVEFILES")
    assert (event.resource_id, event.maker, event.changes) == (old.pk, None, {"keptDays": 30})


def test_the_page_is_in_the_users_language(api_as, browse_as, clerk):
    old = ended_days_ago(upload(api_as(clerk), client_file(2)).json(), 31)
    import_upkeep.enqueue()
    for language, words in (("fr", "Les fichiers de l’import"), ("es", "Los archivos de la")):
        page = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language).get(f"/imports/{old.pk}/")
        assert words in page.content.decode()


def test_a_job_not_finished_keeps_its_files_however_old(clerk, settings):
    long_ago = clock.now() - datetime.timedelta(days=400)
    queued = import_job_create(actor=clerk, data=client_file(1), file_name="a.csv")
    interrupted = import_job_create(actor=clerk, data=client_file(1), file_name="b.csv")
    ImportJob.objects.filter(pk=interrupted.pk).update(status="running", worker=DEAD_WORKER)
    ImportJob.objects.update(created_on=long_ago, heartbeat_at=long_ago, started_at=long_ago)
    import_upkeep.enqueue()
    for job in (queued, interrupted):
        assert files.source_path(job).read_bytes() == client_file(1)
        assert ImportJob.objects.get(pk=job.pk).files_removed_at is None


def test_a_failed_job_past_the_days_kept_can_no_longer_be_resumed(api_as, clerk):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    ended_days_ago(job.pk, 31, status="failed", error="The disk was full.")
    import_upkeep.enqueue()
    body = api_as(clerk).get(f"{API}/imports/{job.pk}").json()
    assert body["resumable"] is False
    refused = api_as(clerk).post(f"{API}/imports/{job.pk}?command=resume")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.import.file.gone"
    )


def test_the_days_are_a_setting_and_none_keeps_them_for_ever(api_as, clerk, settings):
    job_id = upload(api_as(clerk), client_file(2)).json()
    ended_days_ago(job_id, 8)
    settings.MTEJA_IMPORT_FILES_KEPT_DAYS = 0
    import_upkeep.enqueue()
    assert ImportJob.objects.get(pk=job_id).files_removed_at is None
    settings.MTEJA_IMPORT_FILES_KEPT_DAYS = 7
    import_upkeep.enqueue()
    job = ImportJob.objects.get(pk=job_id)
    assert not files.job_dir(job).exists()
    refused = api_as(clerk).get(
        f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id}
    )
    assert refused.json()["errors"][0]["defaultUserMessage"] == removed_message(job, days=7)
