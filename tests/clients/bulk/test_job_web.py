"""The import job's page: the progress bar polled while the job runs, the error summary and
the result file once it is done, Cancel, and nothing of another branch's jobs."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from tests.clients.bulk.test_jobs import DEAD_WORKER, client_file

from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.imports.running import run_job
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db


def test_a_running_jobs_status_block_polls_and_shows_the_rate_and_time_left(
    browse_as, clerk, kibera
):
    job = import_job_create(actor=clerk, data=client_file(4), file_name="four.csv")
    ten_seconds_ago = job.created_on - datetime.timedelta(seconds=10)
    ImportJob.objects.filter(pk=job.pk).update(status="running", rows_done=1, rows_at_start=0,
                                               started_at=ten_seconds_ago)  # fmt: skip
    fragment = browse_as(clerk).get(f"/imports/{job.pk}/progress/").content.decode()
    assert f'hx-get="/imports/{job.pk}/progress/"' in fragment
    assert 'hx-trigger="every 2s"' in fragment
    assert '<progress id="import-bar" max="100" value="25"' in fragment
    assert "1 of 4 rows done (25 %)." in fragment
    assert "rows a second." in fragment and "seconds left." in fragment
    assert "Cancel the import" in fragment


def test_a_finished_job_shows_its_errors_and_result_and_stops_polling(browse_as, clerk, kibera):
    web = browse_as(clerk)
    response = web.post("/clients/import/", {"file": SimpleUploadedFile(
        "three.csv", client_file(3, bad_lines={3}))})  # fmt: skip
    page = web.get(response["Location"]).content.decode()
    assert "hx-get" not in page.split('id="import-progress"')[1].split(">")[0]
    assert 'value="100"' in page and "3 of 3 rows done (100 %)." in page
    assert '<td class="line">3</td><td class="column">lastname</td>' in page
    assert "result.xlsx" in page and "result.csv" in page
    assert "Cancel the import" not in page
    listing = web.get("/clients/import/").content.decode()
    assert "three.csv" in listing and "Completed" in listing


def test_cancel_from_the_page(browse_as, clerk, kibera):
    job = import_job_create(actor=clerk, data=client_file(1), file_name="one.csv")
    response = browse_as(clerk).post(f"/imports/{job.pk}/cancel/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "cancelled"


def test_another_branchs_user_gets_not_found(browse_as, clerk, make_user, make_office):
    job = import_job_create(actor=clerk, data=client_file(1), file_name="one.csv")
    stranger = browse_as(make_user(("ALL_FUNCTIONS",), office=make_office(name="Nakuru")))
    for url in ("", "progress/", "result.csv"):
        assert stranger.get(f"/imports/{job.pk}/{url}").status_code == 404
    assert stranger.post(f"/imports/{job.pk}/cancel/").status_code == 404
    assert ImportJob.objects.get(pk=job.pk).status == "queued"
    assert "one.csv" not in stranger.get("/clients/import/").content.decode()


def test_the_page_takes_a_file_larger_than_any_other_upload(browse_as, clerk, kibera, settings):
    data = client_file(40)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.MTEJA_UPLOAD_MAX_BYTES = len(data) // 4
    web = browse_as(clerk)
    response = web.post("/clients/import/", {"file": SimpleUploadedFile("forty.csv", data)})
    assert response.status_code == 302, response.content[:500]
    page = web.get(response["Location"]).content.decode()
    assert "40 of 40 rows done (100 %)." in page


def test_the_page_tells_rows_imported_before_from_rows_imported_now(browse_as, clerk, kibera):
    web = browse_as(clerk)

    def outcome(name: str, data: bytes) -> str:
        response = web.post("/clients/import/", {"file": SimpleUploadedFile(name, data)})
        return web.get(response["Location"]).content.decode()

    assert "Every row was imported." in outcome("two.csv", client_file(2))
    again = outcome("two-again.csv", client_file(2))
    assert "Every row had been imported before: nothing new was written." in again
    assert "Every row was imported." not in again
    more = outcome("three.csv", client_file(3))
    assert "Every row is imported now; 2 of them had been before." in more


def test_a_job_whose_worker_died_shows_as_interrupted_with_resume_and_stops_polling(
    browse_as, clerk, kibera
):
    from tests.clients.bulk.test_jobs import DEAD_WORKER

    job = import_job_create(actor=clerk, data=client_file(4), file_name="four.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=DEAD_WORKER, rows_done=1, rows_at_start=0,
        started_at=job.created_on - datetime.timedelta(seconds=10),
    )  # fmt: skip
    web = browse_as(clerk)
    fragment = web.get(f"/imports/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' not in fragment
    assert '<h2 id="progress-heading">Interrupted</h2>' in fragment
    assert "Resume it to import the rest" in fragment and ">Resume</button>" in fragment
    assert "seconds left" not in fragment
    assert "<td>Interrupted</td>" in web.get("/clients/import/").content.decode()


def test_an_interrupted_jobs_rate_is_the_one_it_ran_at(kibera, clerk):
    """Killed after 100 rows in 10 s and left an hour: 10 rows a second, not one falling as
    the hour passes (0.03 rows a second)."""
    from tests.clients.bulk.test_jobs import DEAD_WORKER

    from mteja.clients.imports.progress import progress

    job = import_job_create(actor=clerk, data=client_file(4), file_name="four.csv")
    started = job.created_on - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=DEAD_WORKER, rows_done=100, rows_at_start=0, total_rows=400,
        started_at=started, heartbeat_at=started + datetime.timedelta(seconds=10),
    )  # fmt: skip
    shown = progress(ImportJob.objects.get(pk=job.pk))
    assert (shown["status"], shown["rate"], shown["secondsLeft"]) == ("interrupted", 10.0, None)


def test_a_user_who_may_create_but_not_read_clients_follows_the_import_they_started(
    browse_as, make_user, kibera
):
    # As the API: reading a job needs CREATE_CLIENT or READ_CLIENT.
    web = browse_as(make_user(("CREATE_CLIENT",), office=kibera))
    response = web.post("/clients/import/", {"file": SimpleUploadedFile("one.csv", client_file(1))})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    for url in ("", "progress/", "result.csv"):
        assert web.get(f"/imports/{job.pk}/{url}").status_code == 200, url
    nobody = browse_as(make_user(("READ_OFFICE",), office=kibera))
    for url in ("", "progress/", "result.csv"):
        assert nobody.get(f"/imports/{job.pk}/{url}").status_code == 403, url


def test_the_page_refuses_an_import_beyond_the_users_share_by_the_file(
    browse_as, clerk, kibera, settings
):
    settings.MTEJA_IMPORTS_WAITING_PER_USER = 1
    import_job_create(actor=clerk, data=client_file(1), file_name="one.csv")
    response = browse_as(clerk).post(
        "/clients/import/", {"file": SimpleUploadedFile("two.csv", client_file(2))}
    )
    assert response.status_code == 429  # refused before its body is read (decision 303)
    assert "You have 1 imports waiting or running" in response.content.decode()
    assert ImportJob.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Le nom est obligatoire."),
        ("es-ES", "El apellido es obligatorio."),
        ("sw", "The last name is required."),  # none of the site's languages: the site's own
    ],
)
def test_a_jobs_errors_are_in_the_language_of_the_page_it_was_started_on(
    browse_as, clerk, kibera, language, message
):
    """A worker serves no request: it runs the job in its starter's language (the job's
    locale), not the site's, so that the error list and result file read in it."""
    job = import_job_create(actor=clerk, data=client_file(2, bad_lines={3}), file_name="two.csv",
                            dates=TextDates("", language))  # fmt: skip
    with translation.override("en"):  # as a worker runs, whatever language a test left
        run_job(job.pk)
    page = browse_as(clerk).get(f"/imports/{job.pk}/").content.decode()
    assert f'<td class="line">3</td><td class="column">lastname</td><td>{message}</td>' in page


def test_a_file_over_the_limit_is_refused_by_its_field_and_stored_no_further(
    browse_as, clerk, kibera, settings, monkeypatch
):
    """The limit stops the upload as it streams in: a file of gigabytes would otherwise fill
    the server's disk before the form refused it."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    stored = []
    keep = TemporaryFileUploadHandler.receive_data_chunk

    def counted(handler, raw_data, start):
        stored.append(len(raw_data))
        return keep(handler, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counted)
    settings.MTEJA_IMPORT_MAX_BYTES = 100 * 1024
    data = client_file(60_000)  # 3 MB
    response = browse_as(clerk).post(
        "/clients/import/", {"file": SimpleUploadedFile("big.csv", data)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file is larger than the limit of 100 KB." in page
    assert "This field is required." not in page
    assert sum(stored) <= 100 * 1024
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_leaves_the_page_a_check_only_as_it_first_was(
    browse_as, clerk, kibera, settings
):
    """The fields after the file are dropped with the rest of the body once the limit stops
    it: the page shown again ticked no box, and the next file, smaller, was imported where
    its starter had asked only for a check."""
    settings.MTEJA_IMPORT_MAX_BYTES = 100 * 1024
    big = SimpleUploadedFile("big.csv", client_file(60_000))
    response = browse_as(clerk).post("/clients/import/", {"file": big, "dry_run": "on"})
    page = response.content.decode()
    assert "The file is larger than the limit of 100 KB." in page
    (box,) = re.findall(r'<input type="checkbox" name="dry_run"[^>]*>', page)
    assert "checked" in box


def test_the_import_page_still_checks_the_csrf_token(browse_as, clerk, kibera):
    web = browse_as(clerk, enforce_csrf_checks=True)
    upload = SimpleUploadedFile("one.csv", client_file(1))
    assert web.post("/clients/import/", {"file": upload}).status_code == 403
    assert not ImportJob.objects.exists()


def test_a_job_asked_to_stop_offers_no_second_cancel_unless_its_worker_died(
    browse_as, clerk, kibera
):
    from tests.clients.bulk.test_jobs import DEAD_WORKER

    from mteja.clients.imports.running import this_worker

    job = import_job_create(actor=clerk, data=client_file(4), file_name="four.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=this_worker(), heartbeat_at=job.created_on, cancel_requested=True
    )
    web = browse_as(clerk)
    fragment = web.get(f"/imports/{job.pk}/progress/").content.decode()
    assert "Stopping after the rows in hand…" in fragment
    assert "Cancel the import" not in fragment
    ImportJob.objects.filter(pk=job.pk).update(worker=DEAD_WORKER)  # it will never stop itself
    assert "Cancel the import" in web.get(f"/imports/{job.pk}/progress/").content.decode()


def test_an_all_or_nothing_job_tells_its_rows_checked_from_its_rows_imported(
    browse_as, clerk, kibera
):
    """Its bar counts both passes: 8 of 4 rows' work is 50 %, which "4 of 4 rows done (50 %)"
    contradicted."""
    job = import_job_create(actor=clerk, data=client_file(4), file_name="four.csv",
                            all_or_nothing=True)  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=DEAD_WORKER, rows_checked=4, rows_done=0, rows_at_start=0,
        started_at=job.created_on - datetime.timedelta(seconds=10), heartbeat_at=job.created_on,
    )  # fmt: skip
    fragment = browse_as(clerk).get(f"/imports/{job.pk}/progress/").content.decode()
    assert '<progress id="import-bar" max="100" value="50"' in fragment
    assert "4 of 4 rows checked, 0 of 4 imported (50 %)." in fragment
    assert "rows done" not in fragment


@pytest.mark.parametrize(("rows_done", "seconds_left"), [(399, 1), (400, None), (500, None)])
def test_a_running_jobs_time_left_is_never_zero_nor_negative(
    clerk, kibera, rows_done, seconds_left
):
    """A row to go is a second at least; no row to go (or more rows than counted up front, as
    a file whose count was low) says no time."""
    from mteja.clients.imports.progress import progress
    from mteja.clients.imports.running import this_worker

    job = import_job_create(actor=clerk, data=client_file(4), file_name="four.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=this_worker(), rows_done=rows_done, rows_at_start=0,
        total_rows=400, started_at=job.created_on - datetime.timedelta(seconds=10),
        heartbeat_at=job.created_on,
    )  # fmt: skip
    shown = progress(ImportJob.objects.get(pk=job.pk))
    assert (shown["status"], shown["secondsLeft"]) == ("running", seconds_left)


def test_a_running_jobs_heading_is_punctuated_as_its_language_is(browse_as, clerk, kibera):
    from mteja.clients.imports.running import this_worker

    job = import_job_create(actor=clerk, data=client_file(4), file_name="four.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=this_worker(), heartbeat_at=job.created_on
    )
    url = f"/imports/{job.pk}/progress/"
    english = browse_as(clerk).get(url).content.decode()
    assert '<h2 id="progress-heading">Running: importing the rows</h2>' in english
    french = browse_as(clerk, HTTP_ACCEPT_LANGUAGE="fr").get(url).content.decode()
    assert '<h2 id="progress-heading">En cours : import des lignes</h2>' in french


def test_the_audit_log_names_an_imports_events_in_the_users_language(
    browse_as, make_user, clerk, kibera
):
    from mteja.clients.imports.services import import_job_cancel

    job = import_job_create(actor=clerk, data=client_file(1), file_name="one.csv")
    import_job_cancel(actor=clerk, job=job)
    auditor = make_user(("ALL_FUNCTIONS",))
    french = browse_as(auditor, HTTP_ACCEPT_LANGUAGE="fr").get("/audit/").content.decode()
    assert ">Import de clients<" in french
    assert ">Annulé<" in french and ">IMPORT<" not in french and ">CANCEL<" not in french


def test_a_forged_headers_long_names_are_cut_in_the_refusal(browse_as, clerk, kibera):
    """A column named by 100,000 characters is refused by its first 79 and an ellipsis: the
    page (which shows the refusal twice, in its summary and by the field) stays small."""
    header = "office,firstname,lastname," + "Z" * 100_000 + ",Q"
    data = f"{header}\nKibera,Asha,Njeri,x,y\n".encode()
    response = browse_as(clerk).post(
        "/clients/import/", {"file": SimpleUploadedFile("forged.csv", data)}
    )
    page = response.content.decode()
    assert f"Unknown columns: {'Z' * 79}…, Q." in page
    assert len(page) < 50_000


def test_the_audit_log_shows_an_imports_options_and_outcomes_in_words(
    browse_as, make_user, clerk, kibera
):
    """Not `DryRun oui`, `Outcomes {'invalid': 1, 'imported': 1}` (the codes and a Python
    dict), nor an export's `Filters {'search': …}`."""
    web = browse_as(clerk)
    web.post(
        "/clients/import/", {"file": SimpleUploadedFile("two.csv", client_file(2, bad_lines={3}))}
    )
    auditor = make_user(("ALL_FUNCTIONS",))
    english = browse_as(auditor).get("/audit/").content.decode()
    assert 'field-name">Check only</span>' in english and "DryRun" not in english
    assert "Imported: 1, With errors: 1" in english and "{&#x27;" not in english
    french = browse_as(auditor, HTTP_ACCEPT_LANGUAGE="fr").get("/audit/").content.decode()
    assert 'field-name">Résultats</span>' in french
    assert "Importées : 1, En erreur : 1" in french


def test_a_text_direction_mark_in_a_refused_cell_is_shown_as_its_code_not_obeyed(
    browse_as, clerk, kibera
):
    """A right-to-left override in a cell quoted by its error showed the rest of the message
    backwards on the page and in the result file (a display spoof)."""
    from tests.clients.bulk.test_jobs import HEADER

    # (a mark before an office's own name is not compared: the name is refused for naming no
    # office, not for its mark)
    data = f"{HEADER}\r\n\u202eNowhere,Asha,Njeri,JOB-2,2024-01-10\r\n".encode()
    web = browse_as(clerk)
    response = web.post("/clients/import/", {"file": SimpleUploadedFile("rlo.csv", data)})
    page = web.get(response["Location"]).content.decode()
    assert "\u202e" not in page
    assert "No office named “&lt;U+202E&gt;Nowhere”" in page
    result = b"".join(web.get(response["Location"] + "result.csv").streaming_content)
    status = result.decode("utf-8-sig").splitlines()[1]
    assert "No office named “<U+202E>Nowhere”" in status
    assert status.count("\u202e") == 1  # the file's own cell, as it was
