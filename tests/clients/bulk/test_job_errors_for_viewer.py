"""A stopped import's error tells each viewer what fits them (decision 140): its starter's
moving to another office, or a row refused as all or nothing wrote it, says "resume" only to a
viewer who may resume the job; its starter reads of themselves as "you", the refusal of their
own resume too (decision 141), on the page, in `GET /imports/{id}` and from `mteja import`,
in English, French and Spanish. An error stored before keeps being shown as it was. A poll of
a job's page works out whether its viewer may resume it without opening its file (142)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.clients.bulk.test_all_or_nothing_at_write import (
    deactivated_once_written_batch_checked,
    officers_file,
)
from tests.clients.bulk.test_job_access import FOLLOWS, SUPERVISES, _take_create_client, stopped
from tests.clients.bulk.test_job_api import API
from tests.clients.bulk.test_job_stuck import A_QUARTER_HOUR, queued_ago
from tests.clients.bulk.test_jobs import HEADER, client_file

from mteja.clients.imports import files, running
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import ImportJob
from mteja.core import clock

pytestmark = pytest.mark.django_db

MANAGER = (*SUPERVISES, "READ_OFFICE")
MOVED_RESUME = (
    "{user} has moved to another office: resume the import to check its remaining rows "
    "against the offices they now serve."
)
MOVED_RESUMED = (
    "{user} has moved to another office: resumed, the import checks its remaining rows "
    "against the offices they now serve."
)
YOU_MOVED = (
    "You have moved to another office: resume the import to check its remaining rows against "
    "the offices you now serve."
)
STOPPED = (
    "All or nothing: line 5, valid when the file was checked, was refused as it was written: "
    "staff: Wambui, Grace is no longer active. The import stopped there, that line's batch "
    "undone, 2 rows imported before it. Fix the line or what it names, then "
)
RESUME_OR_IMPORT = (
    "resume the import or import the file again: the rows imported are recognised, none is "
    "written twice."
)
IMPORT_AGAIN = "import the file again: the rows imported are recognised, none is written twice."
YOU_MAY_NOT_CREATE = (
    "You may no longer create clients, and this import's rows are written as you: it can be "
    "resumed once you may again."
)


def page(web, job, language="en") -> str:
    return web.get(f"/imports/{job.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def shown(api, job) -> dict:
    return api.get(f"{API}/imports/{job.pk}").json()


def moved_midway(clerk, office, monkeypatch) -> ImportJob:
    """The clerk's job, stopped by the clerk's move to `office` after its first batch."""
    monkeypatch.setattr(running, "BATCH_SIZE", 2)

    def moves_after_the_first_batch(job):
        if job.rows_done == 2:
            type(clerk).objects.filter(pk=clerk.pk).update(office=office)

    job = import_job_create(actor=clerk, data=client_file(6), file_name="a.csv")
    job = running.run_job(job.pk, on_progress=moves_after_the_first_batch)
    assert (job.status, job.rows_done) == ("failed", 2)
    clerk.refresh_from_db()
    return job


def test_a_starters_move_says_resume_only_to_whoever_may(
    api_as, browse_as, make_user, clerk, kibera, head_office, monkeypatch
):
    # Moved up to the head office: moved to another branch, the clerk would no longer see
    # the job, which holds Kibera's clients (decision 208: test_job_office_visibility.py).
    job = moved_midway(clerk, head_office, monkeypatch)
    user = clerk.username
    # Its starter: addressed as "you", told to resume (and may).
    own = shown(api_as(clerk), job)
    assert (own["resumable"], own["errorMessage"]) == (True, YOU_MOVED)
    assert YOU_MOVED in page(browse_as(clerk), job)
    # A head-office manager, whose offices include the clerk's, may resume it: told to.
    head = make_user(MANAGER)
    assert shown(api_as(head), job)["errorMessage"] == MOVED_RESUME.format(user=user)
    # Kibera's manager may not (the clerk works beyond their offices): told what a resume
    # does, not to resume it, and why they may not.
    kibera_manager = make_user(MANAGER, office=kibera)
    body = shown(api_as(kibera_manager), job)
    assert (body["resumable"], body["errorMessage"]) == (False, MOVED_RESUMED.format(user=user))
    web = browse_as(kibera_manager)
    text = page(web, job)
    assert MOVED_RESUMED.format(user=user) in text and "resume the import" not in text
    assert "now works in an office outside yours" in text and 'id="import-resume"' not in text
    french = page(web, job, "fr")
    assert (
        f"{user} a changé d’agence : repris, l’import vérifie ses lignes restantes au regard "
        "des agences qu’il ou elle sert désormais."
    ) in french
    assert "reprenez l’import" not in french
    spanish = page(web, job, "es")
    assert (
        f"{user} se ha trasladado a otra oficina: reanudada, la importación comprueba sus filas "
        "restantes con respecto a las oficinas que ahora atiende."
    ) in spanish
    assert "reanude la importación" not in spanish
    # A reader following the branch's imports (no RESUME_IMPORT) alike, told who may.
    reader = browse_as(make_user(FOLLOWS, office=kibera))
    assert "Only the user who started this import" in page(reader, job)
    assert MOVED_RESUMED.format(user=user) in page(reader, job)
    # The starter's own page in French and Spanish.
    assert (
        "Vous avez changé d’agence : reprenez l’import pour vérifier ses lignes restantes au "
        "regard des agences que vous servez désormais."
    ) in page(browse_as(clerk), job, "fr")
    assert (
        "Se ha trasladado a otra oficina: reanude la importación para comprobar sus filas "
        "restantes con respecto a las oficinas que ahora atiende."
    ) in page(browse_as(clerk), job, "es")


def test_a_row_refused_at_write_says_resume_only_to_whoever_may(
    api_as, browse_as, make_user, clerk, kibera, make_staff, monkeypatch
):
    officer = make_staff(office=kibera, firstname="Grace", lastname="Wambui",
                         is_loan_officer=True)  # fmt: skip
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    deactivated_once_written_batch_checked(monkeypatch, officer, batch=2)
    job = import_job_create(actor=clerk, data=officers_file(), file_name="a.csv",
                            all_or_nothing=True)  # fmt: skip
    job = running.run_job(job.pk)
    assert job.status == "failed"
    assert shown(api_as(clerk), job)["errorMessage"] == STOPPED + RESUME_OR_IMPORT
    reader = make_user(FOLLOWS, office=kibera)
    body = shown(api_as(reader), job)
    assert (body["resumable"], body["errorMessage"]) == (False, STOPPED + IMPORT_AGAIN)
    text = page(browse_as(reader), job)
    assert "resume the import" not in text and "Only the user who started" in text
    french = page(browse_as(reader), job, "fr")
    assert "puis importez à nouveau le fichier" in french and "reprenez" not in french
    spanish = page(browse_as(reader), job, "es")
    assert "y luego importe de nuevo el archivo" in spanish and "reanude" not in spanish
    # Its starter, once they may no longer create clients, is no longer told to resume it,
    # and is told why in the second person.
    _take_create_client(clerk)
    body = shown(api_as(clerk), job)
    assert (body["resumable"], body["errorMessage"]) == (False, STOPPED + IMPORT_AGAIN)
    assert YOU_MAY_NOT_CREATE.replace("'", "&#x27;") in page(browse_as(clerk), job)


def test_the_cli_tells_a_starter_who_lost_the_right_neither_to_resume_nor_of_themselves(
    tmp_path, make_user, kibera, make_staff, monkeypatch
):
    clerk = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    officer = make_staff(office=kibera, firstname="Grace", lastname="Wambui",
                         is_loan_officer=True)  # fmt: skip
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    deactivated_once_written_batch_checked(monkeypatch, officer, batch=2)
    real_run = running.run_job

    def loses_it_as_it_stops(job_id, **kwargs):
        job = real_run(job_id, **kwargs)
        _take_create_client(clerk)
        return job

    monkeypatch.setattr(running, "run_job", loses_it_as_it_stops)
    source = tmp_path / "clients.csv"
    source.write_bytes(officers_file())
    with pytest.raises(CommandError) as failed:
        call_command("import", str(source), "--user", clerk.username, "--all-or-nothing",
                     "--no-progress")  # fmt: skip
    job = ImportJob.objects.get()
    assert str(failed.value) == (
        f"Import job {job.pk} failed. {STOPPED}{IMPORT_AGAIN} {YOU_MAY_NOT_CREATE}"
    )


def test_a_starter_who_lost_the_right_is_refused_their_resume_in_the_second_person(
    api_as, browse_as, make_user, clerk, kibera
):
    job = stopped(clerk)
    _take_create_client(clerk)
    refused = api_as(clerk).post(f"{API}/imports/{job.pk}?command=resume")
    assert refused.status_code == 403
    (error,) = refused.json()["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.import.resume.starter.may.not.create"
    assert error["defaultUserMessage"] == YOU_MAY_NOT_CREATE
    web = browse_as(clerk)
    assert (
        "Vous ne pouvez plus créer de clients, et les lignes de cet import sont écrites en votre "
        "nom : il pourra être repris quand vous le pourrez de nouveau."
    ) in page(web, job, "fr")
    assert (
        "Ya no puede crear clientes, y las filas de esta importación se escriben en su nombre: "
        "podrá reanudarse cuando vuelva a poder."
    ) in page(web, job, "es")
    # Another still reads of them in the third person.
    manager = make_user(MANAGER, office=kibera)
    third = api_as(manager).post(f"{API}/imports/{job.pk}?command=resume").json()
    assert third["errors"][0]["defaultUserMessage"].startswith(
        f"{clerk.username}, who started this import, may no longer create clients"
    )


def test_an_error_stored_as_a_sentence_is_shown_as_it_was(api_as, browse_as, clerk):
    job = stopped(clerk)
    stored = "Fred has moved to another office: resume the import to check its remaining rows."
    ImportJob.objects.filter(pk=job.pk).update(error=stored)
    assert shown(api_as(clerk), job)["errorMessage"] == stored
    assert stored in page(browse_as(clerk), job)


def _sources_opened(monkeypatch) -> list[Path]:
    opened, real_open = [], Path.open

    def counted(path, *args, **kwargs):
        if path.name.startswith("source."):
            opened.append(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counted)
    return opened


def test_a_poll_works_out_the_resume_without_opening_the_file(
    browse_as, make_user, kibera, monkeypatch, django_assert_max_num_queries
):
    """The clerk may create active clients, the manager may not: whether the file's columns
    may ask it was read from its header at each poll; now kept on the job as it is made."""
    activating_clerk = make_user(("CREATE_CLIENT", "ACTIVATE_CLIENT"), office=kibera)
    data = f"{HEADER},activationDate\r\nKibera,Asha,Njeri,ACT-1,2024-01-10,2024-01-10\r\n"
    job = import_job_create(actor=activating_clerk, data=data.encode(), file_name="a.csv")
    queued_ago(job.pk, A_QUARTER_HOUR)  # stuck: polled, and resumable
    web = browse_as(make_user(MANAGER))
    web.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")  # (its session's first)
    opened = _sources_opened(monkeypatch)
    with django_assert_max_num_queries(5):  # (7, and the file opened, when its header was read)
        polled = web.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    text = polled.content.decode()
    assert "holds permissions its rows may need that you do not hold: ACTIVATE_CLIENT" in text
    assert 'id="import-resume"' not in text
    assert opened == []
    # Running, it cannot be resumed: its poll asks nothing of who may.
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=running.this_worker(), heartbeat_at=clock.now()
    )
    with django_assert_max_num_queries(3):
        text = web.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    assert "ACTIVATE_CLIENT" not in text and opened == []
    ImportJob.objects.filter(pk=job.pk).update(status="failed", worker="")
    # A job made before the needs were kept reads its header, as before.
    ImportJob.objects.filter(pk=job.pk).update(columns_ask=None)
    text = web.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    assert "ACTIVATE_CLIENT" in text and opened == [files.source_path(job)]
