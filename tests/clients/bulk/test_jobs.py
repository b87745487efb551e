"""Import jobs: a file imported by a background task (run at once by the test settings'
immediate backend), its progress and result kept per job, cancelled between batches, and
resumed after its worker died with every row imported exactly once."""

import datetime
import socket

import pytest

from mteja.clients.imports import files, running
from mteja.clients.imports.job_errors import error_for
from mteja.clients.imports.progress import progress
from mteja.clients.imports.services import (
    enqueue,
    import_job_cancel,
    import_job_create,
    import_job_resume,
)
from mteja.clients.models import Client, ImportJob
from mteja.core import clock
from mteja.core.errors import DomainError

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,submittedOnDate"
DEAD_WORKER = f"{socket.gethostname()}:4194305"  # above Linux's largest pid


def client_file(count: int, *, bad_lines=()) -> bytes:
    """`count` rows (file lines 2…count+1); a line in `bad_lines` has no last name."""
    rows = [
        f"Kibera,Asha,{'' if line in bad_lines else f'Njeri{line}'},JOB-{line},2024-01-10"
        for line in range(2, count + 2)
    ]
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


def start(user, data: bytes, **options) -> ImportJob:
    job = import_job_create(actor=user, data=data, file_name="clients-person.csv", **options)
    enqueue(job)
    job.refresh_from_db()
    return job


def result_lines(job) -> list[tuple[int, str]]:
    return [(row.line, row.outcome) for row in files.result_rows(job)]


def test_a_job_imports_the_file_and_keeps_its_result(admin_user, kibera):
    job = start(admin_user, client_file(3, bad_lines={3}))
    assert (job.status, job.total_rows, job.rows_done, job.last_line) == ("completed", 3, 3, 4)
    assert job.outcomes == {"imported": 2, "invalid": 1}
    assert Client.objects.count() == 2
    assert result_lines(job) == [(2, "imported"), (3, "invalid"), (4, "imported")]
    (failed,) = files.failed_rows(job, 10)
    assert (failed.line, failed.errors[0][0]) == (3, "lastname")
    assert progress(job)["percent"] == 100
    assert files.source_path(job).read_bytes() == client_file(3, bad_lines={3})


def test_a_jobs_result_matches_its_rows_under_a_header_below_blank_lines(admin_user, kibera):
    job = start(admin_user, b"\r\n,,,,\r\n" + client_file(2, bad_lines={2}))
    assert result_lines(job) == [(4, "invalid"), (5, "imported")]
    assert [row.cells[2] for row in files.result_rows(job)] == ["", "Njeri3"]


def test_a_workbook_is_loaded_by_each_lane_of_its_job_and_not_for_its_header(
    admin_user, kibera, monkeypatch, tmp_path
):
    """calamine loads a whole sheet to give its first row (two seconds for 60,000 rows): the
    header is read row by row, at the upload and in the job; each lane loads the sheet once."""
    from python_calamine import CalamineWorkbook

    from mteja.clients.bulk import reading, workbook
    from mteja.clients.bulk.lanes import lanes_wanted

    header = HEADER.split(",")
    rows = [["Kibera", "Asha", f"Njeri{n}", f"WB-{n}", "2024-01-10"] for n in range(3)]
    data = b"".join(workbook.workbook_chunks(header, iter(rows), ["text"] * 5))
    loads = tmp_path / "loads"  # a file: the lanes are other processes
    loads.write_text("")

    def counted(stream):
        with loads.open("a") as out:
            out.write("load\n")
        return CalamineWorkbook.from_filelike(stream)

    monkeypatch.setattr(reading, "CalamineWorkbook", type("Counted", (), {
        "from_filelike": staticmethod(counted)}))  # fmt: skip
    job = import_job_create(actor=admin_user, data=data, file_name="clients.xlsx")
    assert loads.read_text() == ""
    enqueue(job)
    job.refresh_from_db()
    assert (job.status, job.outcomes) == ("completed", {"imported": 3})
    assert loads.read_text().count("load") == lanes_wanted()


def test_all_or_nothing_writes_nothing_and_reports_the_valid_rows_held_back(admin_user, kibera):
    job = start(admin_user, client_file(3, bad_lines={4}), all_or_nothing=True)
    assert job.status == "completed" and job.held_back
    assert job.outcomes == {"not imported": 2, "invalid": 1}
    assert result_lines(job) == [(2, "not imported"), (3, "not imported"), (4, "invalid")]
    assert not Client.objects.exists()


def test_a_dry_run_job_checks_every_row_and_writes_none(admin_user, kibera):
    job = start(admin_user, client_file(2), dry_run=True)
    assert job.outcomes == {"valid": 2} and not Client.objects.exists()


def test_a_file_that_is_no_client_file_makes_no_job(admin_user):
    from mteja.clients.bulk.reading import FileUnreadable

    with pytest.raises(FileUnreadable):
        import_job_create(actor=admin_user, data=b"firstname,password\r\nA,b\r\n", file_name="x")
    assert not ImportJob.objects.exists()


class Killed(Exception):
    """What a SIGKILL does to the batch in hand: it never commits."""


def test_a_job_killed_mid_way_resumes_after_its_last_batch_without_duplicates(
    admin_user, kibera, monkeypatch
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    record = running._record_batch
    batches = []

    def killed_in_the_third_batch(job, results, last_line, writing):
        batches.append(last_line)
        if len(batches) == 3:
            record(job, results, last_line, writing)  # its batch file and counts, then death
            raise Killed
        record(job, results, last_line, writing)

    monkeypatch.setattr(running, "_record_batch", killed_in_the_third_batch)
    job = start(admin_user, client_file(7, bad_lines={5}))
    # The worker died: the job is still "running" in the database, its worker gone.
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=DEAD_WORKER)
    job.refresh_from_db()
    assert (job.rows_done, job.last_line) == (4, 5)  # two whole batches, the third rolled back
    assert Client.objects.count() == 3
    assert running.resumable(job)
    monkeypatch.setattr(running, "_record_batch", record)
    import_job_resume(actor=admin_user, job=job)
    enqueue(job)
    job.refresh_from_db()
    assert job.status == "completed"
    assert job.outcomes == {"imported": 6, "invalid": 1} and job.rows_done == 7
    external_ids = list(Client.objects.order_by("external_id").values_list("external_id", flat=1))
    assert external_ids == [f"JOB-{line}" for line in (2, 3, 4, 6, 7, 8)]  # each once
    assert [line for line, _outcome in result_lines(job)] == list(range(2, 9))


def test_a_running_job_cannot_be_resumed_while_its_worker_lives(admin_user, kibera):
    job = import_job_create(actor=admin_user, data=client_file(1), file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=running.this_worker(),
                                               heartbeat_at=clock.now())  # fmt: skip
    job.refresh_from_db()
    with pytest.raises(DomainError, match="can be resumed"):
        import_job_resume(actor=admin_user, job=job)


def test_a_job_whose_pid_now_belongs_to_another_process_is_gone_once_it_stops_reporting(
    admin_user, kibera
):
    """After a restart (a container's pids start again from 1) the dead worker's pid may be
    a live process's: the job would have looked alive for ever, neither resumable nor
    cancellable."""
    job = import_job_create(actor=admin_user, data=client_file(1), file_name="a.csv")
    an_hour_ago = clock.now() - running.STALE_AFTER - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=running.this_worker(),
                                               heartbeat_at=an_hour_ago)  # fmt: skip
    job.refresh_from_db()
    assert running.worker_gone(job) and running.resumable(job)


def test_a_cancelled_job_stops_after_the_batch_in_hand(admin_user, kibera, monkeypatch):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)

    def cancel_after_the_first_batch(job):
        if job.rows_done == 2:
            ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)

    job = import_job_create(actor=admin_user, data=client_file(6), file_name="a.csv")
    job = running.run_job(job.pk, on_progress=cancel_after_the_first_batch)
    assert (job.status, job.rows_done, job.last_line) == ("cancelled", 2, 3)
    assert Client.objects.count() == 2
    assert result_lines(job) == [  # every row: those not reached said so (decision 234)
        (2, "imported"), (3, "imported"), *((line, "not reached") for line in range(4, 8))
    ]  # fmt: skip


def test_a_queued_job_is_cancelled_at_once_and_never_runs(admin_user, kibera):
    job = import_job_create(actor=admin_user, data=client_file(1), file_name="a.csv")
    import_job_cancel(actor=admin_user, job=job)
    enqueue(job)
    job.refresh_from_db()
    assert job.status == "cancelled" and not Client.objects.exists()
    with pytest.raises(DomainError, match="finished already"):
        import_job_cancel(actor=admin_user, job=job)


def test_the_user_who_started_a_job_is_told_when_it_finishes(admin_user, api_as, kibera):
    job = start(admin_user, client_file(3, bad_lines={3}))
    tray = api_as(admin_user).get("/fineract-provider/api/v1/notifications", {"isRead": "false"})
    (item,) = tray.json()["pageItems"]
    assert (item["objectType"], item["objectId"], item["action"]) == (
        "import",
        job.pk,
        "importFinished",
    )
    assert item["isSystemGenerated"] is True and "actorId" not in item
    assert item["content"] == (
        "Import of clients-person.csv completed: 2 imported, 0 already there, 1 refused."
    )


@pytest.mark.parametrize(
    ("language", "content"),
    [
        ("en", "Check of clients-person.csv completed: 2 valid, 1 with errors."),
        ("fr", "Contrôle de clients-person.csv terminé : 2 valides, 1 en erreur."),
        ("es", "Comprobación de clients-person.csv terminada: 2 válidas, 1 con errores."),
    ],
)
def test_the_user_who_started_a_check_is_told_its_valid_rows(
    admin_user, api_as, kibera, language, content
):
    """A check-only job writes nothing: "0 imported, 0 already there, 1 refused" left out
    the two valid rows, all that its starter wanted to know."""
    job = start(admin_user, client_file(3, bad_lines={3}), dry_run=True)
    tray = api_as(admin_user).get(
        "/fineract-provider/api/v1/notifications",
        {"isRead": "false"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    (item,) = tray.json()["pageItems"]
    assert (item["objectType"], item["objectId"], item["action"]) == (
        "import",
        job.pk,
        "importChecked",
    )
    assert item["content"] == content


def test_the_journal_records_each_import_with_its_file_options_and_row_counts(admin_user, kibera):
    from mteja.core.models import AuditEvent

    job = start(admin_user, client_file(3, bad_lines={3}), all_or_nothing=False)
    event = AuditEvent.objects.get(entity_name="IMPORT", action_name="CREATE", resource_id=job.pk)
    assert event.maker == admin_user
    # The file and options when it starts; the rows as counted and their outcomes once it ends.
    assert event.changes == {
        "fileName": "clients-person.csv",
        "dryRun": False,
        "allOrNothing": False,
        "rows": 3,
        "outcomes": {"imported": 2, "invalid": 1},
    }


@pytest.mark.parametrize("revoked", ["deactivated", "role lost CREATE_CLIENT"])
def test_a_running_job_stops_once_its_starter_may_no_longer_create_clients(
    make_user, kibera, monkeypatch, revoked
):
    from mteja.users.models import AppUser, Role

    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    clerk = make_user(("CREATE_CLIENT",), office=kibera)

    def revoke_after_the_first_batch(job):
        if job.rows_done != 2:
            return
        if revoked == "deactivated":
            AppUser.objects.filter(pk=clerk.pk).update(is_active=False)
        else:
            Role.objects.get(name=f"role-{clerk.username}").permissions.clear()

    job = import_job_create(actor=clerk, data=client_file(6), file_name="a.csv")
    job = running.run_job(job.pk, on_progress=revoke_after_the_first_batch)
    assert (job.status, job.rows_done, job.last_line) == ("failed", 2, 3)
    assert "may no longer create clients" in error_for(job, None, may_resume=False)
    assert Client.objects.count() == 2


def test_a_running_job_stops_once_its_starter_moves_and_resumes_against_their_new_office(
    make_user, make_office, kibera, monkeypatch
):
    """The rows are checked against the offices of the starter's office when the job was
    claimed: once they move, the job stops after the batch in hand; resumed, the rest are
    checked against their new offices (the file's Kibera rows then outside them)."""
    from mteja.clients.imports.services import import_job_resume
    from mteja.users.models import AppUser

    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    clerk = make_user(("CREATE_CLIENT",), office=kibera)
    elsewhere = make_office(name="Mombasa")

    def move_after_the_first_batch(job):
        if job.rows_done == 2:
            AppUser.objects.filter(pk=clerk.pk).update(office=elsewhere)

    job = import_job_create(actor=clerk, data=client_file(6), file_name="a.csv")
    job = running.run_job(job.pk, on_progress=move_after_the_first_batch)
    assert (job.status, job.rows_done, Client.objects.count()) == ("failed", 2, 2)
    assert f"{clerk.username} has moved to another office" in error_for(job, None, may_resume=True)
    clerk.refresh_from_db()
    import_job_resume(actor=clerk, job=job)
    job = running.run_job(job.pk)
    assert job.status == "completed" and job.outcomes["invalid"] == 4
    assert Client.objects.count() == 2


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError])
def test_a_job_stopped_while_its_file_is_kept_leaves_neither_job_nor_file(
    admin_user, monkeypatch, stop
):
    """Ctrl-C, SIGTERM or a full disk while a migration's file is copied or its rows counted:
    the job's row is rolled back and its copy of the file goes with it (a million-row CSV
    interrupted so on PostgreSQL left 174 MB under an id never used again)."""
    kept = []

    def stopped(path):
        kept.append(path)
        raise stop

    monkeypatch.setattr(files, "count_rows", stopped)
    with pytest.raises(stop):
        import_job_create(actor=admin_user, data=client_file(2), file_name="a.csv")
    assert not ImportJob.objects.exists()
    assert kept and not kept[0].parent.exists()
