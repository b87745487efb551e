"""An import in several processes (bulk/lanes.py): the lanes check their batches side by
side and write them in the file's order, so the job ends as one process would end it; a
lane's failure stops the job with whole batches kept, and the resumed job completes it.

Forked lanes open their own connections, so they see only committed rows: these tests run
on PostgreSQL with real transactions (CI's PostgreSQL pass); on SQLite's in-memory test
database an import keeps to one process (`lanes_wanted`)."""

import gc
import os
import signal

import pytest
from django.db import connection
from tests.clients.bulk.dying_batches import batches_dying
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_documents_in_file import HEADER as DOCUMENTS_HEADER
from tests.clients.bulk.test_documents_in_file import REPEATED
from tests.clients.bulk.test_documents_in_file import ROWS as DOCUMENT_ROWS
from tests.clients.bulk.test_jobs import DEAD_WORKER, client_file, result_lines, start
from tests.core.test_open_connections import other_thread

from mteja.clients.bulk import lanes
from mteja.clients.imports import files, running
from mteja.clients.imports.services import import_job_resume
from mteja.clients.models import Client, ImportJob
from mteja.core.models import AuditEvent

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="forked lanes need a database on a server"
    ),
]


@pytest.fixture
def two_lanes(monkeypatch, settings, tmp_path):
    """Two lanes, batches of two rows; the pid of whoever records each batch, in a file."""
    settings.MTEJA_IMPORT_LANES = 2
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    writers = tmp_path / "writers"
    record = running._record_batch

    def noted(job, results, last_line, writing):
        record(job, results, last_line, writing)
        with writers.open("a") as out:
            out.write(f"{last_line} {os.getpid()}\n")

    monkeypatch.setattr(running, "_record_batch", noted)
    return writers


def batch_writers(writers) -> list[tuple[int, int]]:
    lines = writers.read_text().split("\n")
    return [tuple(int(word) for word in line.split()) for line in lines if line]


def test_two_lanes_write_the_batches_in_the_files_order(admin_user, kibera, two_lanes):
    assert lanes.lanes_wanted() == 2
    job = start(admin_user, client_file(9, bad_lines={5}))
    assert (job.status, job.rows_done, job.last_line) == ("completed", 9, 10)
    assert job.outcomes == {"imported": 8, "invalid": 1}
    assert result_lines(job) == [
        (line, "invalid" if line == 5 else "imported") for line in range(2, 11)
    ]
    written = batch_writers(two_lanes)
    assert [line for line, _pid in written] == [3, 5, 7, 9, 10]  # one batch at a time, in order
    pids = [pid for _line, pid in written]
    assert len(set(pids)) == 2 and os.getpid() not in pids  # alternately, by the two lanes
    assert pids[0::2] == [pids[0]] * 3 and pids[1::2] == [pids[1]] * 2
    by_number = Client.objects.order_by("account_no").values_list("external_id", flat=True)
    assert list(by_number) == [f"JOB-{line}" for line in range(2, 11) if line != 5]
    assert AuditEvent.objects.filter(action_name="CREATE", entity_name="CLIENT").count() == 8


def test_a_row_repeating_another_lanes_row_is_refused_as_in_one_process(
    admin_user, kibera, two_lanes
):
    """Each lane notes the external ids of the batches the other checks: line 5 repeats
    line 2's, whether the other lane had written line 2 by then or not."""
    rows = client_file(4).decode().replace("JOB-5", "JOB-2")  # line 5 repeats line 2's id
    job = start(admin_user, rows.encode())
    assert job.outcomes == {"imported": 3, "invalid": 1}
    assert dict(result_lines(job))[5] == "invalid"
    assert Client.objects.filter(external_id="JOB-2").count() == 1


ACCOUNT_HOLDS_DOCUMENT = (
    "This National ID number is already recorded for the client with account number %s."
)


def line_2s_account() -> str:
    return Client.objects.get(external_id="DOC-1").account_no  # (test_documents_in_file.ROWS)


def test_a_document_another_lanes_row_gave_is_refused_by_the_check(admin_user, kibera, two_lanes):
    """Lines 4 and 5 (the second lane's batch) give line 2's identity document (the first
    lane's): refused by their check, naming line 2, as in one process — not at write time."""
    job = start(admin_user, csv_file(DOCUMENTS_HEADER, *DOCUMENT_ROWS))
    assert job.outcomes == {"imported": 2, "invalid": 2}
    # Refused by the check on their document, naming line 2 while the first lane has not
    # written it; once it has (the turn is short since decisions 255-257, and the second lane
    # may check after it), the database's holder is named, as for any client recorded before.
    written_first = ("invalid", [("documentKey", ACCOUNT_HOLDS_DOCUMENT % line_2s_account())])
    repeated = [(row.outcome, row.errors) for row in files.result_rows(job)][2:]
    assert repeated in ([REPEATED] * 2, [written_first] * 2)
    assert len({pid for _line, pid in batch_writers(two_lanes)}) == 2


def test_a_keyless_row_repeating_another_lanes_row_is_refused_and_a_rerun_adds_nothing(
    admin_user, kibera, two_lanes
):
    rows = [f"Kibera,Asha,Njeri{line},2024-01-10" for line in range(2, 10)]
    rows[3] = rows[0]  # line 5 repeats line 2, which the other lane checks
    data = ("\r\n".join(["office,firstname,lastname,submittedOnDate", *rows]) + "\r\n").encode()
    job = start(admin_user, data)
    assert job.outcomes == {"imported": 7, "invalid": 1}
    assert dict(result_lines(job))[5] == "invalid"
    again = start(admin_user, data)
    assert again.outcomes == {"already imported": 7, "invalid": 1}
    assert Client.objects.count() == 7


def test_a_lanes_failure_keeps_whole_batches_and_the_job_resumes(
    admin_user, kibera, two_lanes, monkeypatch
):
    revive = batches_dying(monkeypatch, lambda last_line: last_line == 7)  # its third
    job = start(admin_user, client_file(9))
    assert job.status == "failed"
    assert (job.rows_done, job.last_line) == (4, 5)
    assert Client.objects.count() == 4
    ImportJob.objects.filter(pk=job.pk).update(status="failed", worker=DEAD_WORKER)
    job.refresh_from_db()
    revive()
    import_job_resume(actor=admin_user, job=job)
    running.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "completed" and job.outcomes == {"imported": 9}
    external_ids = Client.objects.order_by("external_id").values_list("external_id", flat=True)
    assert list(external_ids) == sorted(f"JOB-{line}" for line in range(2, 11))
    # Its rate counts from the resumed run's first batch, whichever lane wrote the next ones.
    assert job.rows_at_start == 6 and job.started_at <= job.rate_since <= job.finished_at


def test_a_lane_killed_stops_the_job_with_whole_batches(admin_user, kibera, two_lanes, monkeypatch):
    """SIGKILL of one lane in its third batch: the other lane, which would wait for that
    batch's turn for ever, is stopped; the job fails and resumes."""
    assert lanes.lanes_wanted() == 2
    test_process = os.getpid()
    revive = batches_dying(
        monkeypatch,
        lambda last_line: last_line == 7 and os.getpid() != test_process,  # a lane, not pytest
        lambda: os.kill(os.getpid(), signal.SIGKILL),
    )
    job = start(admin_user, client_file(9))
    assert (job.status, job.rows_done, job.last_line) == ("failed", 4, 5)
    assert Client.objects.count() == 4
    revive()
    import_job_resume(actor=admin_user, job=job)
    running.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "completed" and job.outcomes == {"imported": 9}
    assert Client.objects.count() == 9


def test_beside_a_thread_holding_a_connection_an_import_keeps_to_one_lane(
    admin_user, kibera, two_lanes
):
    """A fork would copy another thread's database session (a threaded server's, a test's
    live server's) into each lane, which closes it on the server as it drops the copy: the
    thread's next query failed ("server closed the connection unexpectedly")."""
    with other_thread(opens=True, closes=False) as thread:
        job = start(admin_user, client_file(5))
    failures = thread.failures
    assert (job.status, job.outcomes) == ("completed", {"imported": 5})
    assert {pid for _line, pid in batch_writers(two_lanes)} == {os.getpid()}
    assert failures == []


def test_two_lanes_bar_goes_by_the_files_lines_and_never_back(
    admin_user, kibera, two_lanes, monkeypatch, tmp_path
):
    """Each lane records its batches' figures as committed (in the file's order): the bar
    goes by the lines passed, blank ones included, whichever lane wrote them."""
    from mteja.clients.imports.progress import progress

    record, figures = running._record_batch, tmp_path / "figures"  # the fixture's

    def noted(job, results, last_line, writing):
        record(job, results, last_line, writing)
        shown = progress(job)
        with figures.open("a") as out:
            out.write(f"{shown['rowsHandled']} {shown['totalRows']} {shown['percent']}\n")

    monkeypatch.setattr(running, "_record_batch", noted)
    lines = client_file(6).decode().split("\r\n")
    data = "\r\n\r\n".join(lines).encode()  # a blank line after each
    job = start(admin_user, data)
    assert (job.status, job.outcomes, job.total_rows) == ("completed", {"imported": 6}, 6)
    seen = [tuple(int(word) for word in line.split()) for line in figures.read_text().split("\n")
            if line]  # fmt: skip
    # Lines 2-6, 7-10 and 11 to the file's end (14): 13 lines below the header.
    assert seen == [(5, 13, 38), (9, 13, 69), (13, 13, 99)]


def test_the_lanes_share_the_parents_objects_frozen_and_hand_them_back(
    admin_user, kibera, two_lanes, monkeypatch, tmp_path
):
    """The parent's objects are frozen before the lanes are forked (decision 299): the
    lanes' collector leaves them alone, so their pages stay shared instead of copied into
    each lane; once the lanes ended, the parent's objects are collectable again."""
    frozen_in_lanes = tmp_path / "frozen"
    record = running._record_batch

    def noted(job, results, last_line, writing):
        record(job, results, last_line, writing)
        with frozen_in_lanes.open("a") as out:
            out.write(f"{gc.get_freeze_count()}\n")

    monkeypatch.setattr(running, "_record_batch", noted)
    job = start(admin_user, client_file(6))
    assert job.status == "completed"
    counts = [int(line) for line in frozen_in_lanes.read_text().split()]
    assert len(counts) == 3 and min(counts) > 10_000  # Django's objects, at least
    assert gc.get_freeze_count() == 0
