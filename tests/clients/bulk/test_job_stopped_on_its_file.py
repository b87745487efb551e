"""A job that stopped on its file itself — a workbook spoilt below its header, a CSV that is
no longer text part-way, a header whose column is no longer known by the time it runs, rows
that hold nothing — would read the same file and stop again if resumed (decision 310): the
page, the API and `mteja import` offer no resume and refuse one asked for (Fineract's error
body, the page's message, the command's one line), saying to correct the file and import it
as a new import. A job whose worker was killed is still offered its resume, which works."""

from functools import partial

import pytest
from django.core.management import CommandError, call_command
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_job_unreadable_result import workbook_spoilt_below
from tests.clients.bulk.test_jobs import DEAD_WORKER, HEADER, client_file
from tests.clients.bulk.test_swapped_dates import DAY_FIRST

from mteja.clients.bulk import workbook
from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.imports import running
from mteja.clients.imports.services import import_job_create
from mteja.clients.kyc import custom_fields
from mteja.clients.models import Client, ImportJob
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

INSTEAD = (
    "Resumed, the import would read the same file and stop again: correct the file and import "
    "it again, as a new import; the rows imported already are recognised, none is written twice."
)
CODE = "error.msg.import.file.refused"
RESUME_BUTTON = ">Resume</button>"


def spoilt_workbook(user) -> tuple[bytes, str, str]:
    return workbook_spoilt_below(), "a.xlsx", "cannot be read"


def not_text_part_way(user) -> tuple[bytes, str, str]:
    lines = client_file(400).split(b"\r\n")  # past the part read to find the header
    lines[349] = lines[349].replace(b"Asha", b"As\xffha")
    return b"\r\n".join(lines), "a.csv", "UTF-8"


def rows_holding_nothing(user) -> tuple[bytes, str, str]:
    blank = iter([[""] * 5, [" "] * 5])
    data = b"".join(workbook.workbook_chunks(HEADER.split(","), blank, ["text"] * 5))
    return data, "a.xlsx", "The file has no rows to import, only a header."


WAYS = [spoilt_workbook, not_text_part_way, rows_holding_nothing]


def _survey():
    definition = custom_fields.read_table_definition(
        {"datatableName": "survey", "columns": [{"name": "rooms", "type": "Number"}]}
    )
    return custom_fields.custom_table_create(actor=None, definition=definition)


def failed_on_its_file(user, way) -> ImportJob:
    data, name, why = way(user)
    job = running.run_job(import_job_create(actor=user, data=data, file_name=name).pk)
    assert job.status == "failed" and why in job.error
    return job


def failed_on_a_column_gone(user) -> ImportJob:
    """Made while its custom field's table existed; run once it was deleted."""
    table = _survey()
    data = f"{HEADER},survey.rooms\r\nKibera,Asha,Njeri,S-1,2024-01-10,3\r\n".encode()
    job = import_job_create(actor=user, data=data, file_name="a.csv")
    custom_fields.custom_table_delete(actor=None, table=table)
    job = running.run_job(job.pk)
    assert job.status == "failed" and "Unknown columns: survey.rooms." in job.error
    return job


def failed_on_dates_swapped(user) -> ImportJob:
    """Its dates read only with day and month swapped (decision 233), as a resume would read
    them again: it goes on with the job's own date format."""
    dates = TextDates("MM/dd/yyyy", "en")
    job = import_job_create(actor=user, data=DAY_FIRST, file_name="a.csv", dates=dates)
    job = running.run_job(job.pk)
    assert job.status == "failed" and "day and month" in job.error
    return job


@pytest.fixture(
    params=[*[partial(failed_on_its_file, way=way) for way in WAYS], failed_on_a_column_gone,
            failed_on_dates_swapped],
    ids=[way.__name__ for way in WAYS] + ["column_gone", "dates_swapped"],
)  # fmt: skip
def failed_job(request, clerk, kibera) -> ImportJob:
    return request.param(clerk)


def assert_not_resumed(job: ImportJob) -> None:
    after = ImportJob.objects.get(pk=job.pk)
    assert (after.status, after.error, after.error_facts) == (
        "failed",
        job.error,
        job.error_facts,
    )
    assert not AuditEvent.objects.filter(entity_name="IMPORT", action_name="RESUME").exists()
    assert not Client.objects.exists()


def test_the_api_offers_no_resume_and_refuses_one(api_as, clerk, failed_job):
    api = api_as(clerk)
    detail = api.get(f"{API}/imports/{failed_job.pk}").json()
    assert detail["resumable"] is False
    assert detail["errorMessage"] == f"{failed_job.error} {INSTEAD}"
    response = api.post(f"{API}/imports/{failed_job.pk}?command=resume")
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["httpStatusCode"] == "403"
    (error,) = body["errors"]
    assert error["userMessageGlobalisationCode"] == CODE
    assert error["defaultUserMessage"] == f"{failed_job.error} {INSTEAD}"
    assert_not_resumed(failed_job)


def test_the_page_offers_no_resume_and_refuses_one(browse_as, clerk, failed_job):
    web = browse_as(clerk)
    page = web.get(f"/imports/{failed_job.pk}/").content.decode()
    assert RESUME_BUTTON not in page and INSTEAD in page
    assert "no longer kept on the server" not in page  # its file is kept: not said gone
    page = web.post(f"/imports/{failed_job.pk}/resume/", follow=True).content.decode()
    assert page.count(INSTEAD) == 2  # the refusal, and the job's error
    assert RESUME_BUTTON not in page
    assert_not_resumed(failed_job)


def test_the_command_refuses_to_resume_it_in_one_line(clerk, failed_job):
    with pytest.raises(CommandError) as refused:
        call_command("import", "--resume", str(failed_job.pk), "--no-progress")
    assert str(refused.value) == f"{failed_job.error} {INSTEAD}"
    assert_not_resumed(failed_job)


@pytest.mark.parametrize("way", WAYS)
def test_the_command_that_ran_it_offers_no_resume(tmp_path, admin_user, kibera, way):
    data, name, why = way(admin_user)
    source = tmp_path / name
    source.write_bytes(data)
    with pytest.raises(CommandError) as stopped:
        call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    job = ImportJob.objects.get()
    said = str(stopped.value)
    assert said.startswith(f"Import job {job.pk} failed. ") and why in said
    assert said.endswith(INSTEAD) and "--resume" not in said


def test_a_check_stopped_on_its_file_says_to_check_it_again(api_as, clerk, kibera):
    data, name, _why = not_text_part_way(clerk)
    check = import_job_create(actor=clerk, data=data, file_name=name, dry_run=True)
    check = running.run_job(check.pk)
    detail = api_as(clerk).get(f"{API}/imports/{check.pk}").json()
    assert detail["resumable"] is False
    assert detail["errorMessage"].endswith(
        "Resumed, the check would read the same file and stop again: correct the file and "
        "check it again."
    )


@pytest.mark.parametrize(
    ("language", "instead"),
    [
        ("fr", "Repris, l’import relirait le même fichier"),
        ("es", "Reanudada, la importación volvería a leer el mismo archivo"),
    ],
)
def test_it_is_said_in_the_readers_language(browse_as, clerk, kibera, language, instead):
    job = failed_on_its_file(clerk, spoilt_workbook)
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    assert instead in web.get(f"/imports/{job.pk}/").content.decode()
    page = web.post(f"/imports/{job.pk}/resume/", follow=True).content.decode()
    assert page.count(instead) == 2


def _killed_mid_way(user) -> ImportJob:
    """Its worker killed as it ran: the job left running, its worker gone."""
    job = import_job_create(actor=user, data=client_file(3), file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=DEAD_WORKER)
    return job


def test_a_killed_job_is_still_offered_and_resumed_by_the_api(api_as, clerk, kibera):
    api = api_as(clerk)
    job = _killed_mid_way(clerk)
    assert api.get(f"{API}/imports/{job.pk}").json()["resumable"] is True
    assert api.post(f"{API}/imports/{job.pk}?command=resume").status_code == 200
    assert ImportJob.objects.get(pk=job.pk).status == "completed"
    assert Client.objects.count() == 3


def test_a_killed_job_is_still_offered_and_resumed_by_the_page(browse_as, clerk, kibera):
    web = browse_as(clerk)
    job = _killed_mid_way(clerk)
    assert RESUME_BUTTON in web.get(f"/imports/{job.pk}/").content.decode()
    web.post(f"/imports/{job.pk}/resume/")
    assert ImportJob.objects.get(pk=job.pk).status == "completed"
    assert Client.objects.count() == 3


def test_a_killed_job_is_still_resumed_by_the_command(clerk, kibera):
    job = _killed_mid_way(clerk)
    call_command("import", "--resume", str(job.pk), "--no-progress")
    assert ImportJob.objects.get(pk=job.pk).status == "completed"
    assert Client.objects.count() == 3
