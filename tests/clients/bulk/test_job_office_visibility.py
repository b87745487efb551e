"""Who sees an import job once its starter has moved office (decision 208): a job, its page
and its result file hold the clients of its office's subtree; a user who works outside that
office — its own starter, moved to another branch, included — no longer sees it, and a job
resumed after its starter moved is seen only from an office above both branches, so that no
branch user sees another branch's clients in it."""

import pytest
from tests.clients.bulk.test_job_access import branch_manager
from tests.clients.bulk.test_job_api import API, read, upload
from tests.clients.bulk.test_jobs import HEADER, client_file

from mteja.clients.imports.services import import_job_create
from mteja.clients.models import Client, ImportJob
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SUPERVISOR = ("READ_IMPORT", "RESUME_IMPORT", "CREATE_CLIENT", "READ_CLIENT", "EXPORT_CLIENT")


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def mombasa(make_office):
    return make_office(name="Mombasa")


def moved(user, office):
    user.office = office
    user.save()
    return user


def answers(api, web, job_id) -> list[int]:
    """The status of each way to the job: its API, its result file, its pages."""
    result = {"importDocumentId": job_id, "format": "csv"}
    return [
        api.get(f"{API}/imports/{job_id}").status_code,
        read(api.get(f"{API}/imports/downloadOutputTemplate", result)).status_code,
        web.get(f"/imports/{job_id}/").status_code,
        web.get(f"/imports/{job_id}/progress/").status_code,
        read(web.get(f"/imports/{job_id}/result.csv")).status_code,
    ]


def listed(api) -> list[int]:
    return [row["importId"] for row in api.get(f"{API}/imports", {"entityType": "clients"}).json()]


def test_a_starter_moved_to_another_branch_no_longer_sees_their_import_of_the_old_one(
    api_as, browse_as, clerk, mombasa
):
    job_id = upload(api_as(clerk), client_file(2)).json()
    assert answers(api_as(clerk), browse_as(clerk), job_id) == [200] * 5
    moved(clerk, mombasa)
    api, web = api_as(clerk), browse_as(clerk)
    assert listed(api) == []
    assert answers(api, web, job_id) == [404] * 5
    refused = api.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id})
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.import.id.invalid"
    )
    assert f"/imports/{job_id}/" not in web.get("/clients/import/").content.decode()


def test_a_starter_moved_up_to_an_office_above_still_sees_it(api_as, browse_as, clerk, head_office):
    job_id = upload(api_as(clerk), client_file(2)).json()
    moved(clerk, head_office)
    assert listed(api_as(clerk)) == [job_id]
    assert answers(api_as(clerk), browse_as(clerk), job_id) == [200] * 5


def test_a_job_resumed_after_its_starter_moved_is_seen_only_from_above_both_branches(
    api_as, browse_as, make_user, clerk, kibera, mombasa, head_office
):
    """Started by a Kibera clerk, it failed before writing; resumed once the clerk works in
    Mombasa, its rows are written as them, its Mombasa row into Mombasa: the job is then seen
    from the head office only — not by Kibera's manager, who saw it, nor by Mombasa's."""
    rows = [f"{office},Asha,Njeri{n},MOV-{n},2024-01-10" for n, office in
            enumerate(["Kibera", "Mombasa", "Kibera"])]  # fmt: skip
    data = "\r\n".join([HEADER, *rows]).encode()
    job = import_job_create(actor=clerk, data=data, file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(status="failed", error="The disk was full.")
    kiberas, mombasas = branch_manager(make_user, kibera), branch_manager(make_user, mombasa)
    assert listed(api_as(kiberas)) == [job.pk]
    moved(clerk, mombasa)
    supervisor = make_user(SUPERVISOR, office=head_office)
    resumed = api_as(supervisor).post(f"{API}/imports/{job.pk}?command=resume")
    assert resumed.status_code == 200, resumed.content
    job.refresh_from_db()
    assert (job.status, job.outcomes) == ("completed", {"imported": 1, "invalid": 2})
    assert list(Client.objects.values_list("office__name", flat=True)) == ["Mombasa"]
    for manager in (kiberas, mombasas):
        assert listed(api_as(manager)) == []
        assert answers(api_as(manager), browse_as(manager), job.pk) == [404] * 5
    assert job.office == head_office
    assert answers(api_as(supervisor), browse_as(supervisor), job.pk) == [200] * 5
    widened = AuditEvent.objects.get(entity_name="IMPORT", action_name="UPDATE")
    assert (widened.resource_id, widened.changes) == (
        job.pk, {"officeId": [kibera.pk, head_office.pk]},
    )  # fmt: skip


def test_a_job_resumed_by_its_starter_in_the_same_office_keeps_its_office(api_as, clerk, kibera):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(status="failed", error="The disk was full.")
    assert api_as(clerk).post(f"{API}/imports/{job.pk}?command=resume").status_code == 200
    job.refresh_from_db()
    assert (job.status, job.office) == ("completed", kibera)
    assert not AuditEvent.objects.filter(entity_name="IMPORT", action_name="UPDATE").exists()
